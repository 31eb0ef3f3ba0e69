/**
 * A table as CSV (RFC 4180): comma-separated, CRLF line ends, and a field quoted (inner quotes doubled)
 * when it holds a comma, a quote or a line break. Numbers are written as JavaScript prints them, without
 * thousands separators, so a spreadsheet reads them as numbers.
 */

export type CsvCell = string | number;

export function tableCsv(columns: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return `${[columns, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}

function csvField(cell: CsvCell): string {
  const s = typeof cell === 'number' ? (Number.isFinite(cell) ? String(cell) : '') : cell;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
