/**
 * Quantile binning for histogram boosting. Feature j's edges t_0 < … < t_{m-1} make m + 1 bins: bin b holds
 * t_{b-1} < v ≤ t_b, bin m holds v > t_{m-1}. NaN lands in bin m + 1, which every split counts on its low
 * side, as prediction's test "v > t" (false for NaN) does. Edges are values seen in the sample, so a split
 * "bin ≤ b" becomes the raw test "v ≤ t_b" and prediction needs no binning.
 */
import { mulberry32 } from '../prng.ts';

/** Non-missing bins per feature at most (one more slot holds NaN, within a byte). */
export const MAX_BINS = 254;

export interface BinEdgeOptions {
  /** Non-missing bins per feature, 2…254 (default 254). */
  readonly maxBins?: number;
  /** Rows sampled to place the edges (default 200,000); quantiles from a sample are as good and far cheaper. */
  readonly sampleRows?: number;
  readonly seed?: number;
}

/** edges[j]: feature j's ascending upper bin edges (length = bins - 1). */
export type BinEdges = readonly Float32Array[];

export function binEdges(x: Float32Array, n: number, d: number, opts: BinEdgeOptions = {}): BinEdges {
  const maxBins = Math.max(2, Math.min(MAX_BINS, Math.floor(opts.maxBins ?? MAX_BINS)));
  const rows = sampleRowIndices(n, opts.sampleRows ?? 200_000, opts.seed ?? 0);
  const values = new Float32Array(rows.length);
  const edges: Float32Array[] = [];
  for (let j = 0; j < d; j++) {
    let m = 0;
    for (let i = 0; i < rows.length; i++) {
      const v = x[rows[i] * d + j];
      if (!Number.isNaN(v)) values[m++] = v;
    }
    edges.push(featureEdges(values.subarray(0, m).sort(), maxBins));
  }
  return edges;
}

/** Edges from sorted non-NaN values: every distinct value when they fit, else quantiles of the distinct run. */
function featureEdges(sorted: Float32Array, maxBins: number): Float32Array {
  const m = sorted.length;
  if (m === 0) return new Float32Array(0);
  const distinct: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < m; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) {
      distinct.push(sorted[i]);
      counts.push(1);
    } else counts[counts.length - 1]++;
  }
  // The largest value never needs an upper edge: everything above the last edge is the last bin.
  if (distinct.length <= maxBins) return Float32Array.from(distinct.slice(0, -1));
  const out: number[] = [];
  let seen = 0;
  let next = 1;
  for (let k = 0; k < distinct.length - 1 && out.length < maxBins - 1; k++) {
    seen += counts[k];
    // Close a bin once its share of rows is reached; a heavy value (many zeros) closes several shares at once.
    if (seen >= (next * m) / maxBins) {
      out.push(distinct[k]);
      while (next * m <= seen * maxBins) next++;
    }
  }
  return Float32Array.from(out);
}

function sampleRowIndices(n: number, want: number, seed: number): Int32Array {
  if (want >= n) return Int32Array.from({ length: n }, (_, i) => i);
  // Reservoir-free partial Fisher–Yates: a seeded sample without replacement.
  const rng = mulberry32(seed);
  const all = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < want; i++) {
    const j = i + Math.floor(rng() * (n - i));
    const t = all[i];
    all[i] = all[j];
    all[j] = t;
  }
  return all.slice(0, want).sort();
}

/** Column-major bin indices (feature j's rows at j·n); NaN in bin edges[j].length + 1. */
export function binColumns(x: Float32Array, n: number, d: number, edges: BinEdges): Uint8Array {
  const out = new Uint8Array(n * d);
  for (let j = 0; j < d; j++) {
    const e = edges[j];
    const m = e.length;
    const col = out.subarray(j * n, (j + 1) * n);
    for (let i = 0; i < n; i++) {
      const v = x[i * d + j];
      if (Number.isNaN(v)) {
        col[i] = m + 1;
        continue;
      }
      // First edge ≥ v.
      let lo = 0;
      let hi = m;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (e[mid] < v) lo = mid + 1;
        else hi = mid;
      }
      col[i] = lo;
    }
  }
  return out;
}
