/**
 * How far a label press reaches against what the chart shows: a rule over the whole capture (or a typed
 * range) while the chart is zoomed to 25 s labels packets the researcher cannot see, so the form asks
 * first, in words that say how many packets and over how long.
 */
import type { TimeRange } from '../../core/labels/rules.ts';

/** The span a rule labels: its range, or the capture's first to last packet for the whole capture. */
export function labelSpan(range: TimeRange | null, capture: TimeRange): TimeRange {
  return range ?? capture;
}

/** Whether labelling `span` reaches past the chart's zoomed `view` (null: the chart shows everything). */
export function beyondView(span: TimeRange, view: TimeRange | null): boolean {
  return view !== null && (span.fromUs < view.fromUs || span.toUs > view.toUs);
}

/** A span as a researcher says it: "25 s", "1.5 s", "2 min 10 s", "1 h 2 min", "3 d 4 h". */
export function formatSpan(us: number): string {
  const s = us / 1e6;
  if (s < 10) return `${Number(s.toPrecision(2))} s`;
  const whole = Math.round(s);
  if (whole < 60) return `${whole} s`;
  const min = Math.floor(whole / 60);
  if (min < 60) return whole % 60 ? `${min} min ${whole % 60} s` : `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 24) return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
  return h % 24 ? `${Math.floor(h / 24)} d ${h % 24} h` : `${Math.floor(h / 24)} d`;
}

/** The UTC clock time of `us`, with milliseconds when the span around it is short: "20:12:58", "20:12:58.570". */
export function clockUtc(us: number, spanUs: number): string {
  const iso = new Date(Math.floor(us / 1000)).toISOString();
  return spanUs < 10e6 ? iso.slice(11, 23) : iso.slice(11, 19);
}

/** "20:12:58–20:13:23, 25 s": a range in a button or a sentence. */
export function rangeText(range: TimeRange): string {
  const span = range.toUs - range.fromUs;
  return `${clockUtc(range.fromUs, span)}–${clockUtc(range.toUs, span)}, ${formatSpan(span)}`;
}

/** The question asked before labelling past the view. */
export function beyondViewQuestion(rows: number, range: TimeRange | null, span: TimeRange, view: TimeRange): string {
  const where = range
    ? `from ${clockUtc(span.fromUs, span.toUs - span.fromUs)} to ${clockUtc(span.toUs, span.toUs - span.fromUs)} UTC (${formatSpan(span.toUs - span.fromUs)})`
    : `over the whole capture (${formatSpan(span.toUs - span.fromUs)})`;
  const packets = `${rows.toLocaleString('en-US')} packet${rows === 1 ? '' : 's'}`;
  return `This labels ${packets} ${where}, but the chart shows ${formatSpan(view.toUs - view.fromUs)}. Label ${rows === 1 ? 'it' : 'them all'}?`;
}
