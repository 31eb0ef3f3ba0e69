/**
 * From the engine's answer and the series as the user set them up, the lines to draw and to export. Kept
 * pure so the rules (which series draws as bars, colours of split values, names) are tested without Plotly.
 */
import type { ChartResult } from '../../workers/engine-messages.ts';
import type { SeriesSetup } from './chart-store.ts';
import { SPLIT_COLOURS } from './chart-store.ts';
import { hoverTexts } from './chart-hover.ts';
import type { SeriesInput } from './series-figure.ts';

const METRIC_UNITS: Readonly<Record<SeriesSetup['metric'], string>> = {
  count: 'packets',
  bytes: 'bytes',
  sum: 'sum',
  mean: 'mean',
  max: 'max',
  min: 'min',
  distinct: 'distinct values',
};

/** What a series measures, for the axis and the legend: "packets", "mean of tcp.len". */
export function metricText(s: Pick<SeriesSetup, 'metric' | 'field'>): string {
  return s.metric === 'count' || s.metric === 'bytes' || (s.metric === 'distinct' && !s.field)
    ? METRIC_UNITS[s.metric]
    : `${METRIC_UNITS[s.metric]} of ${s.field}`;
}

/**
 * The name a series shows: the user's, or else what it plots, so that a legend never says "All packets"
 * over filtered packets: "All packets", "tcp.flags.syn == 1", "All packets (mean of frame.len)".
 */
export function seriesName(s: Pick<SeriesSetup, 'name' | 'filter' | 'metric' | 'field'>): string {
  const typed = s.name.trim();
  if (typed) return typed;
  const what = s.filter.trim() || 'All packets';
  return s.metric === 'count' ? what : `${what} (${metricText(s)})`;
}

/** The id of the series that follows the display filter; never a user series' id (those are s1, s2, ...). */
export const DISPLAY_FILTER_ID = 'display-filter';
const DISPLAY_FILTER_COLOUR = '#b2182b';

/**
 * The series that follows the applied display filter, drawn beside the first series with its metric so the
 * two compare: "Display filter: tcp.flags.syn == 1".
 */
export function displayFilterSetup(applied: string, first: SeriesSetup | undefined): SeriesSetup {
  const metric = first?.metric ?? 'count';
  const field = first?.field ?? '';
  const name = `Display filter: ${applied}`;
  return {
    id: DISPLAY_FILTER_ID,
    name: metric === 'count' ? name : `${name} (${metricText({ metric, field })})`,
    color: DISPLAY_FILTER_COLOUR,
    filter: applied,
    metric,
    field,
    splitBy: '',
    visible: true,
  };
}

/** The series to plot: the visible ones, with the display filter's right after the first when it applies. */
export function plottedSeries(series: readonly SeriesSetup[], applied: string, follow: boolean): SeriesSetup[] {
  const shown = series.filter((s) => s.visible);
  const text = applied.trim();
  if (!follow || text === '') return shown;
  const extra = displayFilterSetup(text, series[0]);
  return shown.length ? [shown[0], extra, ...shown.slice(1)] : [extra];
}

export interface ChartLines {
  readonly inputs: readonly SeriesInput[];
  readonly yLabel: string;
  /** Per drawn line, its CSV column name. */
  readonly csvNames: readonly string[];
}

/**
 * The first series draws as bars (stacked when split), any further series as step lines over them, a split
 * one as stacked areas: bars of several series would hide each other. Split values take `splitColour`'s
 * colour when it has one (label classes keep their own colour everywhere). A lone series keeps its plain line
 * names; with several, a split value is prefixed by its series' name.
 */
export function chartLines(
  result: ChartResult,
  setups: readonly SeriesSetup[],
  splitColour?: (splitBy: string, value: string) => string | undefined,
): ChartLines {
  const byId = new Map(setups.map((s) => [s.id, s]));
  const drawn = result.outcomes.filter((o) => o.ok && byId.has(o.id));
  const inputs: SeriesInput[] = [];
  const csvNames: string[] = [];
  drawn.forEach((o, k) => {
    if (!o.ok) return;
    const s = byId.get(o.id) as SeriesSetup;
    const split = o.lines.length > 1 || s.splitBy !== '';
    o.lines.forEach((line, j) => {
      const name = !split ? seriesName(s) : drawn.length > 1 ? `${seriesName(s)}: ${line.label}` : line.label;
      inputs.push({
        name,
        color: split ? (splitColour?.(s.splitBy, line.label) ?? SPLIT_COLOURS[j % SPLIT_COLOURS.length]) : s.color,
        startUs: line.startUs,
        values: line.values,
        binUs: result.binUs,
        style: k === 0 ? 'bar' : 'line',
        ...(k > 0 && split ? { stack: s.id } : {}),
        ...(!split && o.hover ? { hover: hoverTexts(o.hover, s.metric !== 'count') } : {}),
      });
      csvNames.push(split ? `${seriesName(s)}: ${line.label}` : seriesName(s));
    });
  });
  const units = new Set(drawn.map((o) => metricText(byId.get(o.id) as SeriesSetup)));
  const yLabel = units.size === 1 ? `${[...units][0]} per bin` : 'value per bin';
  return { inputs, yLabel, csvNames };
}
