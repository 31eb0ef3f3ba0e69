/**
 * One series of the chart: a metric per time bin over the rows a mask selects, optionally split by a field's
 * top values. Bins are aligned to multiples of the bin size in UTC epoch time (a 1-minute bin starts at :00,
 * as pandas' resample does), so a daylight-saving change never makes a bin longer or shorter. Rows are sorted
 * by time, so a time range is two binary searches and a bin index is one division.
 *
 * Every per-row step is a typed-array access: groups come from `groupRows` (dense ids), accumulators are
 * flat Float64Arrays of slots × bins. That keeps a 3M-row re-bin in tens of milliseconds.
 */
import { findColumn, type Column, type PacketTable } from '../table/packet-table.ts';
import { binTops, type BinTops } from './bin-tops.ts';
import { rowRange, type TimeRange } from './bins-range.ts';
import { groupRows, MISSING_GROUP, topIds } from './breakdown-groups.ts';

const LADDER_US = [
  1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5, 1e6, 2e6, 5e6, 1e7, 1.5e7, 3e7, 6e7, 1.2e8, 3e8, 6e8, 9e8, 1.8e9, 3.6e9,
];

/** The most bins one series may have: beyond it a chart is unreadable and memory grows for nothing. */
export const MAX_BINS = 200_000;

/** A round bin size giving about `targetBins` bins over the span (1 ms to 1 h). */
export function autoBinUs(spanUs: number, targetBins = 300): number {
  const want = spanUs / targetBins;
  return LADDER_US.find((b) => b >= want) ?? LADDER_US[LADDER_US.length - 1];
}

/**
 * count: matching packets; bytes: sum of frame.len; sum/mean/max/min: of a numeric field's present values;
 * distinct: how many different values of a field (any type) appear in the bin.
 */
export type SeriesMetric = 'count' | 'bytes' | 'sum' | 'mean' | 'max' | 'min' | 'distinct';

export const SERIES_METRICS: readonly SeriesMetric[] = ['count', 'bytes', 'sum', 'mean', 'max', 'min', 'distinct'];

/** Whether the metric needs a field of the user's choice. */
export function metricNeedsField(m: SeriesMetric): boolean {
  return m !== 'count' && m !== 'bytes';
}

export interface Series {
  readonly key: string;
  readonly label: string;
  readonly startUs: Float64Array;
  /** Per bin; NaN where mean/max/min had no value in the bin (a gap, not a zero). */
  readonly values: Float64Array;
}

export interface SeriesSpec {
  readonly binUs: number;
  readonly metric: SeriesMetric;
  /** The field of sum/mean/max/min/distinct. */
  readonly field?: string | null;
  readonly splitBy: string | null;
  readonly topN?: number;
  readonly hoverFields?: readonly string[];
}

/** What each bin holds, for its hover: its packets and, per hover field, its top values with counts. */
export interface BinHover {
  /** Matching packets per bin (what a value's share is of), whatever the metric. */
  readonly packets: Float64Array;
  /** Per hover field the capture has. */
  readonly fields: Readonly<Record<string, BinTops>>;
}

export interface BinnedSeries {
  readonly binUs: number;
  readonly series: readonly Series[];
  /** null when no hover field was asked for or the capture has none of them. */
  readonly hover: BinHover | null;
}

/** A series that cannot be computed as asked (a text field summed, too many bins); the message says why. */
export class SeriesSpecError extends Error {}

/**
 * Bins the matching rows (mask null = all) of [range]. With a split, one series per top value of the field
 * (ranked by the metric's total for count/bytes/sum, by packets otherwise), then `other`, then `(missing)`;
 * count, bytes and sum series stack to the unsplit totals.
 */
export function binSeries(
  table: PacketTable,
  mask: Uint8Array | null,
  range: TimeRange | null,
  spec: SeriesSpec,
): BinnedSeries {
  const span = rowRange(table, range);
  const { start, end } = span;
  const { binUs, metric } = spec;
  if (!(binUs >= 1)) throw new SeriesSpecError(`bin size must be at least 1 µs, got ${binUs}`);
  const first = range ? range.fromUs : start < end ? table.timeUs[start] : 0;
  const last = range ? range.toUs : start < end ? table.timeUs[end - 1] : 0;
  const origin = Math.floor(first / binUs) * binUs;
  const nBins = Math.max(1, Math.floor((last - origin) / binUs) + 1);
  if (nBins > MAX_BINS)
    throw new SeriesSpecError(
      `${nBins.toLocaleString('en-US')} bins of ${binUs / 1000} ms: choose a larger bin size (at most ${MAX_BINS.toLocaleString('en-US')} bins)`,
    );
  const startUs = Float64Array.from({ length: nBins }, (_, i) => origin + i * binUs);

  const values = metricValues(table, spec);
  const distinct = metric === 'distinct' ? groupRows(table, requireField(spec), span, mask) : null;
  const split = spec.splitBy ? groupRows(table, spec.splitBy, span, mask) : null;

  // Slots: one accumulator row per series. Unsplit: a single slot.
  const slotOfRow = new Int32Array(end - start);
  const slotNames: { key: string; label: string }[] = [];
  if (!split) {
    slotNames.push({ key: 'all', label: 'all' });
  } else {
    const rows = new Float64Array(split.groupCount + 1);
    const weight = new Float64Array(split.groupCount + 1);
    const byWeight = metric === 'count' || metric === 'bytes' || metric === 'sum';
    for (let i = 0; i < split.ids.length; i++) {
      const g = split.ids[i];
      if (g < MISSING_GROUP || (mask && mask[start + i] === 0)) continue;
      rows[g + 1]++;
      if (byWeight) {
        const v = values ? values[start + i] : 1;
        if (!Number.isNaN(v)) weight[g + 1] += v;
      }
    }
    const present = rows.subarray(1);
    const topN = spec.topN ?? 8;
    const top = topIds(present, byWeight ? weight.subarray(1) : present, present, topN);
    const slotOfGroup = new Int32Array(split.groupCount + 1).fill(-1);
    top.forEach((g, k) => {
      slotOfGroup[g + 1] = k;
      slotNames.push({ key: `v:${split.label(g)}`, label: split.label(g) });
    });
    let others = 0;
    for (let g = 0; g < present.length; g++)
      if (present[g] > 0 && slotOfGroup[g + 1] < 0) {
        slotOfGroup[g + 1] = top.length;
        others++;
      }
    if (others > 0) slotNames.push({ key: 'other', label: 'other' });
    if (rows[0] > 0) {
      slotOfGroup[0] = slotNames.length;
      slotNames.push({ key: 'missing', label: '(missing)' });
    }
    for (let i = 0; i < split.ids.length; i++)
      slotOfRow[i] = split.ids[i] < MISSING_GROUP ? -1 : slotOfGroup[split.ids[i] + 1];
  }

  const nSlots = slotNames.length;
  const acc = new Float64Array(nSlots * nBins);
  const n = metric === 'mean' ? new Float64Array(nSlots * nBins) : null;
  if (metric === 'max') acc.fill(-Infinity);
  if (metric === 'min') acc.fill(Infinity);
  const packets = new Float64Array(nBins);
  const seen = distinct ? distinctStamps(distinct.groupCount, nSlots) : null;
  const { timeUs } = table;
  for (let r = start; r < end; r++) {
    if (mask && mask[r] === 0) continue;
    const bin = Math.floor((timeUs[r] - origin) / binUs);
    if (bin < 0 || bin >= nBins) continue;
    const slot = slotOfRow[r - start];
    if (slot < 0) continue;
    packets[bin]++;
    const at = slot * nBins + bin;
    if (metric === 'count') {
      acc[at]++;
      continue;
    }
    if (seen && distinct) {
      const d = distinct.ids[r - start];
      if (d >= 0 && seen.mark(d, slot, bin)) acc[at]++;
      continue;
    }
    const v = (values as Float64Array)[r];
    if (Number.isNaN(v)) continue;
    if (metric === 'max') {
      if (v > acc[at]) acc[at] = v;
    } else if (metric === 'min') {
      if (v < acc[at]) acc[at] = v;
    } else acc[at] += v;
    if (n) n[at]++;
  }
  if (metric === 'max' || metric === 'min')
    for (let i = 0; i < acc.length; i++) if (!Number.isFinite(acc[i])) acc[i] = NaN;
  if (n) for (let i = 0; i < acc.length; i++) acc[i] = n[i] > 0 ? acc[i] / n[i] : NaN;

  const hoverColumns = (spec.hoverFields ?? [])
    .map((f) => findColumn(table, f))
    .filter((c): c is Column => c !== undefined);
  const grid = { origin, binUs, nBins };
  const hover = hoverColumns.length
    ? {
        packets,
        fields: Object.fromEntries(hoverColumns.map((c) => [c.name, binTops(table, c.name, span, mask, grid)])),
      }
    : null;
  const series = slotNames.map((s, k) => ({ ...s, startUs, values: acc.slice(k * nBins, (k + 1) * nBins) }));
  return { binUs, series, hover };
}

function requireField(spec: SeriesSpec): string {
  if (!spec.field) throw new SeriesSpecError(`the ${spec.metric} metric needs a field`);
  return spec.field;
}

/** Per table row, the number the metric adds up (NaN where missing); null for count and distinct. */
function metricValues(table: PacketTable, spec: SeriesSpec): Float64Array | null {
  if (spec.metric === 'count' || spec.metric === 'distinct') return null;
  const field = spec.metric === 'bytes' ? 'frame.len' : requireField(spec);
  const c = findColumn(table, field);
  const out = new Float64Array(table.rowCount).fill(NaN);
  if (!c) {
    if (spec.metric === 'bytes') return out;
    throw new SeriesSpecError(`this capture has no field ${field}`);
  }
  if (c.kind === 'float') return c.values;
  if (c.kind !== 'int' || c.type === 'ipv4')
    throw new SeriesSpecError(`${field} is not a number: use distinct, or a numeric field such as frame.len`);
  const { values, present } = c;
  for (let r = 0; r < table.rowCount; r++) if (present[r >>> 3] & (1 << (r & 7))) out[r] = values[r];
  return out;
}

/**
 * Remembers the last bin each (value, slot) pair was counted in, so each distinct value counts once per bin
 * and slot. Rows arrive in time order, so "seen in this bin" is "last stamp equals this bin".
 */
function distinctStamps(values: number, slots: number): { mark(value: number, slot: number, bin: number): boolean } {
  if (values * slots <= 1 << 24) {
    const last = new Int32Array(values * slots).fill(-1);
    return {
      mark: (v, s, bin) => {
        if (last[v * slots + s] === bin) return false;
        last[v * slots + s] = bin;
        return true;
      },
    };
  }
  const last = new Map<number, number>();
  return {
    mark: (v, s, bin) => {
      if (last.get(v * slots + s) === bin) return false;
      last.set(v * slots + s, bin);
      return true;
    },
  };
}
