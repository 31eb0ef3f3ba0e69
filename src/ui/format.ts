/** Number, size, time and duration text for the UI, always en-US so tests and screenshots read the same. */

const COUNT = new Intl.NumberFormat('en-US');
const VALUE = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });
const ONE_DECIMAL = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const LOCAL = new Intl.DateTimeFormat('en-US', {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'short',
});

export function formatCount(n: number): string {
  return COUNT.format(n);
}

/**
 * A plotted value as the tables write numbers: "25,983", "1,234.568" (at most three decimals), "—" for none.
 * Never "25.983k": a count reads the same in the chart's hover and in the breakdown tables.
 */
export function formatValue(n: number): string {
  return Number.isFinite(n) ? VALUE.format(n) : '—';
}

/**
 * A Plotly (d3) number format with thousands separators for an axis: "25,000" rather than "25k". Plain
 * integers above a thousand, and small fractions as they are.
 */
export const AXIS_NUMBER_FORMAT = ',~r';

/** Megabytes (10^6 bytes), one decimal: "78.0 MB". */
export function formatMB(bytes: number): string {
  return `${ONE_DECIMAL.format(bytes / 1e6)} MB`;
}

/** A file size: "78.0 MB", or "12,240 bytes" below a megabyte. */
export function formatSize(bytes: number): string {
  return bytes < 1e6 ? `${formatCount(bytes)} bytes` : formatMB(bytes);
}

export function formatPercent(part: number, whole: number): string {
  return whole > 0 ? `${ONE_DECIMAL.format((100 * part) / whole)}%` : '';
}

/** "471.5 s (7.9 min)"; "12.3 s"; "35.2 ms". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '—';
  if (seconds < 1) return `${ONE_DECIMAL.format(seconds * 1000)} ms`;
  const s = `${ONE_DECIMAL.format(seconds)} s`;
  if (seconds >= 3600) return `${s} (${ONE_DECIMAL.format(seconds / 3600)} h)`;
  if (seconds >= 60) return `${s} (${ONE_DECIMAL.format(seconds / 60)} min)`;
  return s;
}

/** Rough time left for a progress line: "12 s", "3 min 5 s". */
export function formatTimeLeft(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return 'estimating…';
  const s = Math.max(0, Math.round(seconds));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

/** UTC ISO 8601 with microseconds: "2026-11-22T20:12:33.952647Z". */
export function formatUtc(us: number): string {
  if (!Number.isFinite(us)) return '—';
  const ms = Math.floor(us / 1000);
  const micro = String(Math.floor(us - ms * 1000)).padStart(3, '0');
  return new Date(ms).toISOString().replace('Z', `${micro}Z`);
}

/** The same instant in the browser's time zone: "Nov 22, 2026, 15:12:33 EST". */
export function formatLocal(us: number): string {
  return Number.isFinite(us) ? LOCAL.format(new Date(us / 1000)) : '—';
}
