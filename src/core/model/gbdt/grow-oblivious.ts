/**
 * One oblivious (symmetric) tree with a leaf per class vector, as CatBoost grows them: every node of a level
 * tests the same feature against the same threshold, so a row's leaf is the bits of `depth` comparisons.
 * That is what lets the sensor score a tree without a branch or a pointer chase (trees.ts), and one tree
 * serves every class, so a round costs one tree, not one per class.
 *
 * A level's split maximises the Newton gain summed over its leaves and classes,
 * Σ_leaf Σ_class G_L² / (H_L + λ) + G_R² / (H_R + λ), from gradient histograms of the rows in each leaf.
 */

export interface ObliviousParams {
  /** Levels, 1…8 (default 6: 64 leaves). */
  readonly depth?: number;
  /** L2 penalty on leaf values (default 1). */
  readonly lambda?: number;
}

export interface GrownTree {
  /** Per level: the feature tested and the last bin of its low side; bit d of a leaf is "bin > bin[d]". */
  readonly feature: Int32Array;
  readonly bin: Int32Array;
  /** 2^depth × classes Newton steps (before the learning rate). */
  readonly value: Float64Array;
}

/** The rows' bins and each feature's edge count, fixed for a whole training. */
export interface BinnedRows {
  /** Column-major: feature j's n rows at j·n (bins.ts binColumns). */
  readonly bins: Uint8Array;
  readonly n: number;
  readonly d: number;
  /** Per feature: its edges (bins b ≤ edges hold values; edges + 1 holds NaN). */
  readonly edges: Int32Array;
}

/**
 * Grows trees over `data`, reusing one histogram buffer per feature across trees. Each level after the first
 * fills histograms only for the smaller child of every parent and takes the larger one as parent minus
 * smaller (as LightGBM does), so a level reads at most half the rows.
 */
export function obliviousGrower(data: BinnedRows, C: number, params: ObliviousParams = {}) {
  const depth = params.depth ?? 6;
  const lambda = params.lambda ?? 1;
  const { bins, n, edges } = data;
  const S = 2 * C;
  const maxLeaves = 1 << (depth - 1);
  const hists: (Float64Array | undefined)[] = [];
  const histOf = (j: number): Float64Array => {
    hists[j] ??= new Float64Array(maxLeaves * (edges[j] + 2) * S);
    return hists[j];
  };
  let maxSlots = 2;
  for (let j = 0; j < data.d; j++) maxSlots = Math.max(maxSlots, edges[j] + 2);
  const gains = new Float64Array(maxSlots);

  /**
   * One tree on `rows` (a sample of the n rows) over the features `cols`, from per-row gradients and
   * hessians `gh` (n × 2C: row i's C gradients, then its C hessians). A level without a useful split tests
   * bin NO_SPLIT, which no value exceeds.
   */
  function grow(rows: Int32Array, cols: Int32Array, gh: Float64Array): GrownTree {
    const feature = new Int32Array(depth);
    const bin = new Int32Array(depth).fill(NO_SPLIT);
    const leaf = new Int32Array(rows.length);
    for (let level = 0; level < depth; level++) {
      const leaves = 1 << level;
      const fill = level === 0 ? null : smallerChildren(rows, leaf, leaves >> 1);
      let bestGain = 1e-9;
      for (const j of cols) {
        const m = edges[j];
        if (m === 0) continue;
        const slots = m + 2;
        const hist = histOf(j);
        const col = bins.subarray(j * n, (j + 1) * n);
        if (fill === null) {
          hist.fill(0, 0, slots * S);
          fillHistogram(hist, 0, col, rows, leaf, slots, gh, S);
        } else splitHistogram(hist, col, fill.rows, fill.leafOf, fill.highIsSmall, leaves >> 1, slots, gh, S);
        splitGains(hist, leaves, slots, C, lambda, gains);
        for (let b = 0; b < m; b++) {
          if (gains[b] > bestGain) {
            bestGain = gains[b];
            feature[level] = j;
            bin[level] = b;
          }
        }
      }
      if (bin[level] === NO_SPLIT) continue;
      const col = bins.subarray(feature[level] * n, (feature[level] + 1) * n);
      const b = bin[level];
      const m = edges[feature[level]];
      for (let k = 0; k < rows.length; k++) {
        const v = col[rows[k]];
        if (v > b && v <= m) leaf[k] |= 1 << level;
      }
    }
    return { feature, bin, value: leafValues(rows, leaf, 1 << depth, gh, C, lambda) };
  }
  return { grow };
}

/** A level's "bin" when nothing splits: above every real bin, so every row stays low. */
export const NO_SPLIT = 255;

/**
 * For a level whose parents are leaves 0…half-1 (a row's high child is its parent + half): per parent
 * whether its high child has fewer rows, and the rows of every smaller child with their parents.
 */
function smallerChildren(rows: Int32Array, leaf: Int32Array, half: number) {
  const high = new Int32Array(half);
  const all = new Int32Array(half);
  for (let k = 0; k < rows.length; k++) {
    const p = leaf[k] & (half - 1);
    all[p]++;
    if (leaf[k] >= half) high[p]++;
  }
  const highIsSmall = Uint8Array.from(high, (h, p) => (2 * h <= all[p] ? 1 : 0));
  const picked: number[] = [];
  const parents: number[] = [];
  for (let k = 0; k < rows.length; k++) {
    const p = leaf[k] & (half - 1);
    if (leaf[k] >= half === (highIsSmall[p] === 1)) {
      picked.push(rows[k]);
      parents.push(p);
    }
  }
  return { rows: Int32Array.from(picked), leafOf: Int32Array.from(parents), highIsSmall };
}

/** hist[(leaf · slots + bin) · S + s] += gh[i · S + s] over the rows, leaves from `first` on zeroed first. */
function fillHistogram(
  hist: Float64Array,
  first: number,
  col: Uint8Array,
  rows: Int32Array,
  leaf: Int32Array,
  slots: number,
  gh: Float64Array,
  S: number,
): void {
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k];
    const o = ((first + leaf[k]) * slots + col[i]) * S;
    const gi = i * S;
    for (let s = 0; s < S; s++) hist[o + s] += gh[gi + s];
  }
}

/**
 * Turns parents 0…half-1 into their children: the smaller child's histogram from its rows into slot
 * parent + half, the larger as parent minus it, then each child where it belongs (low at the parent's slot).
 */
function splitHistogram(
  hist: Float64Array,
  col: Uint8Array,
  rows: Int32Array,
  parentOf: Int32Array,
  highIsSmall: Uint8Array,
  half: number,
  slots: number,
  gh: Float64Array,
  S: number,
): void {
  const per = slots * S;
  hist.fill(0, half * per, 2 * half * per);
  fillHistogram(hist, half, col, rows, parentOf, slots, gh, S);
  for (let p = 0; p < half; p++) {
    const lo = p * per;
    const hi = (p + half) * per;
    if (highIsSmall[p]) for (let q = 0; q < per; q++) hist[lo + q] -= hist[hi + q];
    else
      for (let q = 0; q < per; q++) {
        const small = hist[hi + q];
        hist[hi + q] = hist[lo + q] - small;
        hist[lo + q] = small;
      }
  }
}

/** gains[b]: what the level gains when every leaf splits at "bin ≤ b" (NaN's slot, the last, stays low). */
function splitGains(
  hist: Float64Array,
  leaves: number,
  slots: number,
  C: number,
  lambda: number,
  gains: Float64Array,
): void {
  const S = 2 * C;
  const m = slots - 2;
  gains.fill(0, 0, m);
  const total = new Float64Array(S);
  const low = new Float64Array(S);
  for (let l = 0; l < leaves; l++) {
    const base = l * slots * S;
    total.fill(0);
    for (let b = 0; b < slots; b++) for (let s = 0; s < S; s++) total[s] += hist[base + b * S + s];
    let parent = 0;
    for (let c = 0; c < C; c++) parent += (total[c] * total[c]) / (total[C + c] + lambda);
    // The NaN slot counts low from the start.
    for (let s = 0; s < S; s++) low[s] = hist[base + (slots - 1) * S + s];
    for (let b = 0; b < m; b++) {
      let gain = 0;
      for (let c = 0; c < C; c++) {
        low[c] += hist[base + b * S + c];
        low[C + c] += hist[base + b * S + C + c];
        const gl = low[c];
        const hl = low[C + c];
        const gr = total[c] - gl;
        const hr = total[C + c] - hl;
        gain += (gl * gl) / (hl + lambda) + (gr * gr) / (hr + lambda);
      }
      gains[b] += gain - parent;
    }
  }
}

function leafValues(
  rows: Int32Array,
  leaf: Int32Array,
  leaves: number,
  gh: Float64Array,
  C: number,
  lambda: number,
): Float64Array {
  const G = new Float64Array(leaves * C);
  const H = new Float64Array(leaves * C);
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k] * 2 * C;
    for (let c = 0; c < C; c++) {
      G[leaf[k] * C + c] += gh[i + c];
      H[leaf[k] * C + c] += gh[i + C + c];
    }
  }
  // 0 - G, not -G: an empty leaf is +0, which JSON keeps (it writes -0 as 0).
  return G.map((gs, q) => (0 - gs) / (H[q] + lambda));
}
