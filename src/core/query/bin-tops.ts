/**
 * What a chart bin holds, for its hover: per field, the few values with the most packets in the bin and
 * their counts. The last packet's value (what the hover once showed) says nothing about a bin of 26k
 * packets; the top values with counts do ("suspicious 25,397, benign 586").
 *
 * Columnar like the series: per field, `k` slots per bin of (value index, count), and the value texts once.
 * Rows are in time order, so a bin's rows are contiguous: each bin is counted, ranked and cleared before the
 * next, touching only the groups that occur in it.
 */
import type { PacketTable } from '../table/packet-table.ts';
import type { RowMask, RowSpan } from './bins-range.ts';
import { groupRows, MISSING_GROUP, SKIPPED_ROW } from './breakdown-groups.ts';

/** Values kept per bin and field: enough to read a bin, bounded however many values it has. */
export const TOP_PER_BIN = 3;
/** The text of "no value" in a bin's top values, as a split names it. */
export const MISSING_TEXT = '(missing)';

export interface BinTops {
  /** Slots per bin. */
  readonly k: number;
  /** Per bin × k, an index into `values`, most packets first; -1 past the bin's last value. */
  readonly ids: Int32Array;
  /** Per bin × k, the packets of that value in the bin. */
  readonly counts: Float64Array;
  /** The value texts the slots point at. */
  readonly values: readonly string[];
}

/** How the rows fall into bins: bin = floor((time - origin) / binUs), kept when in [0, nBins). */
export interface BinGrid {
  readonly origin: number;
  readonly binUs: number;
  readonly nBins: number;
}

export interface ValueCount {
  readonly value: string;
  readonly count: number;
}

/** The top values of `field` in each bin, over the span's rows the mask keeps. */
export function binTops(
  table: PacketTable,
  field: string,
  span: RowSpan,
  mask: RowMask,
  grid: BinGrid,
  k = TOP_PER_BIN,
): BinTops {
  const { origin, binUs, nBins } = grid;
  const groups = groupRows(table, field, span, mask);
  const ids = new Int32Array(nBins * k).fill(-1);
  const counts = new Float64Array(nBins * k);
  const values: string[] = [];
  const indexOfGroup = new Map<number, number>();
  // Index g + 1 per group, 0 for missing; `touched` lists the groups counted in the current bin.
  const tally = new Float64Array(groups.groupCount + 1);
  const touched = new Int32Array(groups.groupCount + 1);
  let nTouched = 0;
  const best = new Int32Array(k);

  const flush = (bin: number): void => {
    let n = 0;
    for (let t = 0; t < nTouched; t++) {
      const g = touched[t];
      if (n === k && !ranksAbove(g, best[k - 1], tally)) continue;
      let at = n === k ? k - 1 : n;
      while (at > 0 && ranksAbove(g, best[at - 1], tally)) {
        best[at] = best[at - 1];
        at--;
      }
      best[at] = g;
      if (n < k) n++;
    }
    for (let j = 0; j < n; j++) {
      const g = best[j];
      let v = indexOfGroup.get(g);
      if (v === undefined) {
        v = values.length;
        values.push(g === 0 ? MISSING_TEXT : groups.label(g - 1));
        indexOfGroup.set(g, v);
      }
      ids[bin * k + j] = v;
      counts[bin * k + j] = tally[g];
    }
    for (let t = 0; t < nTouched; t++) tally[touched[t]] = 0;
    nTouched = 0;
  };

  let current = -1;
  const { timeUs } = table;
  for (let r = span.start; r < span.end; r++) {
    const id = groups.ids[r - span.start];
    if (id === SKIPPED_ROW) continue;
    const bin = Math.floor((timeUs[r] - origin) / binUs);
    if (bin < 0 || bin >= nBins) continue;
    if (bin !== current) {
      if (current >= 0) flush(current);
      current = bin;
    }
    const g = id === MISSING_GROUP ? 0 : id + 1;
    if (tally[g] === 0) touched[nTouched++] = g;
    tally[g]++;
  }
  if (current >= 0) flush(current);
  return { k, ids, counts, values };
}

/** More packets first; on a tie the lower group (missing, then dictionary or value order) first. */
function ranksAbove(a: number, b: number, tally: Float64Array): boolean {
  return tally[a] !== tally[b] ? tally[a] > tally[b] : a < b;
}

/** A bin's top values, most packets first. */
export function topsOfBin(tops: BinTops, bin: number): ValueCount[] {
  const out: ValueCount[] = [];
  for (let j = 0; j < tops.k; j++) {
    const v = tops.ids[bin * tops.k + j];
    if (v < 0) break;
    out.push({ value: tops.values[v], count: tops.counts[bin * tops.k + j] });
  }
  return out;
}
