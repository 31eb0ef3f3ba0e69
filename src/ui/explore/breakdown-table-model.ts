/**
 * A breakdown table as plain data: columns with a kind that says how a cell reads on screen and in the CSV,
 * rows with the filter clause a click adds. The builders (breakdown-models.ts) and the CSV are tested
 * without a browser; breakdown-table.tsx only renders this.
 */
import { formatCount, formatDuration, formatUtc } from '../format.ts';
import { tableCsv, type CsvCell } from './table-csv.ts';

/**
 * text: as is; value: a capture value (monospace); count: an integer with thousands separators (CSV: plain);
 * percent: 0–100 with one decimal; time: µs since the epoch, shown and written as UTC ISO 8601;
 * duration: µs, shown in words, written in seconds.
 */
export type CellKind = 'text' | 'value' | 'count' | 'percent' | 'time' | 'duration';

export interface ColumnSpec {
  readonly header: string;
  readonly kind: CellKind;
  /** The CSV header when it must say more than the screen does (a unit). */
  readonly csvHeader?: string;
}

/** A number or text; a cell may write something else to the CSV (a protocol's whole path for its name). */
export type Cell = string | number | { readonly text: string; readonly csv: string };

export interface TableRow {
  readonly key: string;
  readonly cells: readonly Cell[];
  /** What a click adds to the display filter; null when the row stands for no value ("other", the root). */
  readonly clause: string | null;
  /** Indentation of the first cell (the protocol tree). */
  readonly depth?: number;
  /** "other" and "(missing)": totals of rows not listed, set apart from the values. */
  readonly summary?: boolean;
}

export interface TableModel {
  /** The table's accessible name and caption. */
  readonly label: string;
  /** A short line after the caption ("12 of 340 values"). */
  readonly note?: string;
  readonly columns: readonly ColumnSpec[];
  readonly rows: readonly TableRow[];
  /** The CSV's file name. */
  readonly file: string;
  /** Rows can be labelled from here (conversations): each clickable row gets a "label as" control. */
  readonly labelRows?: boolean;
}

const PERCENT = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export function cellText(kind: CellKind, cell: Cell): string {
  if (typeof cell === 'object') return cell.text;
  if (typeof cell === 'string') return cell;
  switch (kind) {
    case 'text':
    case 'value':
      return String(cell);
    case 'count':
      return formatCount(cell);
    case 'percent':
      return Number.isFinite(cell) ? `${PERCENT.format(cell)}%` : '';
    case 'time':
      return formatUtc(cell);
    case 'duration':
      return formatDuration(cell / 1e6);
    default: {
      const never: never = kind;
      return never;
    }
  }
}

export function cellCsv(kind: CellKind, cell: Cell): CsvCell {
  if (typeof cell === 'object') return cell.csv;
  if (typeof cell === 'string') return cell;
  switch (kind) {
    case 'percent':
      return Number.isFinite(cell) ? Number(cell.toFixed(1)) : '';
    case 'time':
      return formatUtc(cell);
    case 'duration':
      return cell / 1e6;
    default:
      return cell;
  }
}

/** Exactly the rows on screen, values unformatted. */
export function modelCsv(model: TableModel): string {
  return tableCsv(
    model.columns.map((c) => c.csvHeader ?? c.header),
    model.rows.map((r) => r.cells.map((cell, i) => cellCsv(model.columns[i].kind, cell))),
  );
}

/** part / whole in percent; NaN when there is no whole. */
export function percentOf(part: number, whole: number): number {
  return whole > 0 ? (100 * part) / whole : NaN;
}
