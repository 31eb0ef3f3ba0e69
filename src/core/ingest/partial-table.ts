/**
 * The rows one worker parsed from its share of the file's chunks, in file order, before the merge.
 *
 * Arrays are allocated with spare capacity and grown by doubling; only the first `rows` entries count.
 * Everything here is transferable (typed arrays and plain objects), so a partial moves to the merging worker
 * without a copy.
 */
import type { LineIssue, OddCellCounts, SkipReason } from './load-report.ts';

export type PartialColumn =
  | {
      readonly kind: 'int';
      readonly bits: 8 | 16 | 32;
      readonly values: Uint8Array | Uint16Array | Uint32Array;
      readonly present: Uint8Array;
    }
  | { readonly kind: 'float'; readonly values: Float64Array }
  | {
      readonly kind: 'string';
      readonly codes: Uint8Array | Uint16Array | Uint32Array;
      readonly dict: readonly string[];
    }
  | { readonly kind: 'time'; readonly zoneCodes: Uint8Array | null; readonly zones: readonly string[] };

/** An issue before the file's line numbers are known: its chunk and its line within the chunk (0-based). */
export interface ChunkIssue extends Omit<LineIssue, 'line'> {
  readonly seq: number;
  readonly lineInChunk: number;
}

export interface PartialStats {
  readonly skipped: Record<SkipReason, number>;
  readonly badValues: number[]; // per column
  readonly issues: ChunkIssue[];
  /** A CSV's cells read with a decimal comma or as their first occurrence (a capture's dissection has none). */
  readonly oddCells?: OddCellCounts;
}

/**
 * `columns` is mutable on purpose: sorting and merging replace each column as soon as it is done with
 * (see releaseColumn), so a 3M-row load never holds two full copies of the table.
 */
export interface PartialTable {
  readonly rows: number;
  readonly timeUs: Float64Array;
  readonly timeNs: Uint16Array;
  readonly columns: PartialColumn[];
  readonly stats: PartialStats;
}

const RELEASED: PartialColumn = { kind: 'float', values: new Float64Array(0) };

/** Drops a partial's reference to column c once it has been copied elsewhere. */
export function releaseColumn(p: PartialTable, c: number): void {
  p.columns[c] = RELEASED;
}

export function partialBuffers(p: PartialTable): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const c of p.columns) for (const b of partialColumnBuffers(c)) out.add(b);
  for (const v of [p.timeUs, p.timeNs]) if (v.buffer instanceof ArrayBuffer) out.add(v.buffer);
  return [...out];
}

export function partialColumnBuffers(c: PartialColumn): ArrayBuffer[] {
  const views: (ArrayBufferView | null)[] =
    c.kind === 'int'
      ? [c.values, c.present]
      : c.kind === 'float'
        ? [c.values]
        : c.kind === 'string'
          ? [c.codes]
          : [c.zoneCodes];
  return views.flatMap((v) => (v && v.buffer instanceof ArrayBuffer ? [v.buffer] : []));
}

/** The partial with its arrays cut to its rows (a last segment made room for many more than it holds). */
export function compactPartial(p: PartialTable): PartialTable {
  const n = p.rows;
  const bits = (n + 7) >>> 3;
  const columns = p.columns.map((c): PartialColumn => {
    switch (c.kind) {
      case 'int':
        return { ...c, values: c.values.slice(0, n), present: c.present.slice(0, bits) };
      case 'float':
        return { ...c, values: c.values.slice(0, n) };
      case 'string':
        return { ...c, codes: c.codes.slice(0, n) };
      case 'time':
        return { ...c, zoneCodes: c.zoneCodes ? c.zoneCodes.slice(0, n) : null };
      default:
        return c;
    }
  });
  return { rows: n, timeUs: p.timeUs.slice(0, n), timeNs: p.timeNs.slice(0, n), columns, stats: p.stats };
}
