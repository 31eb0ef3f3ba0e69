/** The binned series as CSV: one row per bin, a column per plotted line (bin start in UTC ISO and epoch µs). */

export interface CsvLine {
  /** The column name: the series name, and the split value after a colon. */
  readonly name: string;
  readonly values: ArrayLike<number>;
}

export function seriesCsv(startUs: ArrayLike<number>, lines: readonly CsvLine[]): string {
  const quote = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const head = ['bin_start_utc', 'bin_start_us', ...lines.map((l) => quote(l.name))].join(',');
  const rows = Array.from({ length: startUs.length }, (_, i) => {
    const t = startUs[i];
    // A bin without a value (mean/max/min over no packets) is an empty cell, as pandas writes NaN.
    return [
      new Date(t / 1000).toISOString(),
      String(t),
      ...lines.map((l) => (Number.isNaN(l.values[i]) ? '' : String(l.values[i]))),
    ].join(',');
  });
  return `${[head, ...rows].join('\n')}\n`;
}
