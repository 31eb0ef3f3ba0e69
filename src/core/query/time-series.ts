/**
 * Packets (or bytes) per time bin for a row mask, optionally split by a field's top values: what the chart
 * plots. Bins are aligned to multiples of the bin size in UTC epoch time (a 1-minute bin starts at :00, as
 * pandas' resample does), so a daylight-saving change never makes a bin longer or shorter. Rows are sorted
 * by time, so a time range is two binary searches and a bin index is one division.
 */
import { formatIpv4 } from '../ingest/parse-bytes.ts';
import { findColumn, type Column, type PacketTable } from '../table/packet-table.ts';
import { rowRange, type TimeRange } from './bins-range.ts';
import { cellText } from './breakdown-groups.ts';

const LADDER_US = [1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5, 1e6, 2e6, 5e6, 1e7, 1.5e7, 3e7, 6e7, 1.2e8, 3e8, 6e8, 9e8, 1.8e9, 3.6e9];

/** A round bin size giving about `targetBins` bins over the span (1 ms to 1 h). */
export function autoBinUs(spanUs: number, targetBins = 300): number {
  const want = spanUs / targetBins;
  return LADDER_US.find((b) => b >= want) ?? LADDER_US[LADDER_US.length - 1];
}

export type SeriesMetric = 'count' | 'bytes';

export interface Series {
  readonly key: string;
  readonly label: string;
  readonly startUs: Float64Array;
  readonly values: Float64Array;
}

export interface SeriesSpec {
  readonly binUs: number;
  readonly metric: SeriesMetric;
  readonly splitBy: string | null;
  readonly topN?: number;
  readonly hoverFields?: readonly string[];
}

export interface BinnedSeries {
  readonly binUs: number;
  readonly series: readonly Series[];
  /** For each hover field, its value on the last matching row of each bin ('' when none). */
  readonly hover: Readonly<Record<string, readonly string[]>> | null;
}

/**
 * Bins the matching rows (mask null = all) of [range]. With a split, one series per top value of the field
 * by total, then `other`, then `(missing)`; the series stack to the unsplit totals.
 */
export function binSeries(table: PacketTable, mask: Uint8Array | null, range: TimeRange | null, spec: SeriesSpec): BinnedSeries {
  const { start, end } = rowRange(table, range);
  const binUs = spec.binUs;
  const first = range ? range.fromUs : start < end ? table.timeUs[start] : 0;
  const last = range ? range.toUs : start < end ? table.timeUs[end - 1] : 0;
  const origin = Math.floor(first / binUs) * binUs;
  const nBins = Math.max(1, Math.floor((last - origin) / binUs) + 1);
  const startUs = Float64Array.from({ length: nBins }, (_, i) => origin + i * binUs);
  const bytes = spec.metric === 'bytes' ? findColumn(table, 'frame.len') : undefined;
  const weight = (r: number): number => {
    if (!bytes) return 1;
    if (bytes.kind === 'int') return bytes.present[r >>> 3] & (1 << (r & 7)) ? bytes.values[r] : 0;
    return 0;
  };
  const groups = spec.splitBy ? groupOf(table, spec.splitBy) : null;
  const perGroup = new Map<number, Float64Array>();
  const totals = new Map<number, number>();
  const hoverFields = (spec.hoverFields ?? []).map((f) => findColumn(table, f)).filter((c): c is Column => c !== undefined);
  const lastRow = new Int32Array(nBins).fill(-1);
  for (let r = start; r < end; r++) {
    if (mask && mask[r] === 0) continue;
    const bin = Math.floor((table.timeUs[r] - origin) / binUs);
    if (bin < 0 || bin >= nBins) continue;
    const g = groups ? groups.code(r) : 0;
    let values = perGroup.get(g);
    if (!values) { values = new Float64Array(nBins); perGroup.set(g, values); }
    const w = weight(r);
    values[bin] += w;
    totals.set(g, (totals.get(g) ?? 0) + w);
    lastRow[bin] = r;
  }
  const hover = hoverFields.length
    ? Object.fromEntries(hoverFields.map((c) => [c.name, Array.from(lastRow, (r) => (r < 0 ? '' : cellText(table, c, r)))]))
    : null;
  if (!groups) return { binUs, series: [{ key: 'all', label: 'all', startUs, values: perGroup.get(0) ?? new Float64Array(nBins) }], hover };

  const topN = spec.topN ?? 8;
  const ranked = [...totals].filter(([g]) => g !== MISSING).sort((a, b) => b[1] - a[1]);
  const series: Series[] = ranked.slice(0, topN).map(([g]) => ({ key: `v:${groups.label(g)}`, label: groups.label(g), startUs, values: perGroup.get(g) as Float64Array }));
  if (ranked.length > topN) {
    const other = new Float64Array(nBins);
    for (const [g] of ranked.slice(topN)) { const v = perGroup.get(g) as Float64Array; for (let i = 0; i < nBins; i++) other[i] += v[i]; }
    series.push({ key: 'other', label: 'other', startUs, values: other });
  }
  const missing = perGroup.get(MISSING);
  if (missing) series.push({ key: 'missing', label: '(missing)', startUs, values: missing });
  return { binUs, series, hover };
}

const MISSING = -1;

/** A small integer per row for the split field (dictionary code, or the value itself), and its label. */
function groupOf(table: PacketTable, field: string): { code: (r: number) => number; label: (g: number) => string } {
  const c = findColumn(table, field);
  if (!c || c.kind === 'time') return { code: () => MISSING, label: () => '(missing)' };
  switch (c.kind) {
    case 'string':
      return { code: (r) => (c.codes[r] === 0 ? MISSING : c.codes[r]), label: (g) => c.dict[g] };
    case 'int':
      return {
        code: (r) => (c.present[r >>> 3] & (1 << (r & 7)) ? c.values[r] : MISSING),
        label: (g) => (c.type === 'ipv4' ? formatIpv4(g) : String(g)),
      };
    case 'float': {
      const labels = new Map<number, string>();
      const codes = new Map<number, number>();
      return {
        code: (r) => {
          const v = c.values[r];
          if (v !== v) return MISSING;
          let k = codes.get(v);
          if (k === undefined) { k = codes.size; codes.set(v, k); labels.set(k, String(v)); }
          return k;
        },
        label: (g) => labels.get(g) ?? '',
      };
    }
    default: {
      const never: never = c;
      throw new Error(`unknown column ${String(never)}`);
    }
  }
}
