/**
 * The rows a chart or breakdown looks at: a time range (rows are sorted by time, so two binary searches)
 * and an optional row mask from the display filter.
 */
import type { PacketTable } from '../table/packet-table.ts';

/** Half-open [fromUs, toUs) in whole microseconds since the Unix epoch, like a chart's zoom window. */
export interface TimeRange {
  readonly fromUs: number;
  readonly toUs: number;
}

/** A row mask from evaluateFilter (1 = the row matches), or null for every row. */
export type RowMask = Uint8Array | null;

export interface RowSpan {
  readonly start: number;
  readonly end: number;
}

/** The rows [start, end) whose time lies in the range; the whole table for null, empty for a reversed range. */
export function rowRange(table: PacketTable, range: TimeRange | null): RowSpan {
  if (!range) return { start: 0, end: table.rowCount };
  const start = lowerBound(table.timeUs, range.fromUs, 0, table.rowCount);
  const end = lowerBound(table.timeUs, range.toUs, start, table.rowCount);
  return { start, end };
}

/** The first index in [lo, hi) whose value is >= v (hi when none). */
export function lowerBound(a: Float64Array, v: number, lo: number, hi: number): number {
  let l = lo;
  let h = hi;
  while (l < h) {
    const mid = (l + h) >>> 1;
    if (a[mid] < v) l = mid + 1;
    else h = mid;
  }
  return l;
}

/** Rows of the span that the mask keeps. */
export function countSelected(mask: RowMask, start: number, end: number): number {
  if (!mask) return Math.max(0, end - start);
  let n = 0;
  for (let r = start; r < end; r++) n += mask[r];
  return n;
}
