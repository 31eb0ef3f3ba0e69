/** The binned series as CSV: one row per bin, a column per series (bin start in UTC ISO and epoch µs). */
import type { SeriesResult } from '../../workers/engine-messages.ts';

export function seriesCsv(result: Extract<SeriesResult, { ok: true }>): string {
  const quote = (s: string): string => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const head = ['bin_start_utc', 'bin_start_us', ...result.series.map((s) => quote(s.label))].join(',');
  const first = result.series[0];
  const rows = first ? Array.from(first.startUs, (t, i) =>
    [new Date(t / 1000).toISOString(), String(t), ...result.series.map((s) => String(s.values[i]))].join(',')) : [];
  return [head, ...rows].join('\n') + '\n';
}
