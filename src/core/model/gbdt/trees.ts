/**
 * A fitted boosted-trees model as flat typed arrays: no object per node, so prediction is a tight loop over
 * numbers and the model is cheap to copy, store and send to a worker.
 */

/** One tree's nodes; node 0 is the root, children are tree-local indices and always larger than the parent. */
export interface Tree {
  /** Feature tested at the node; -1 marks a leaf. */
  readonly feature: Int32Array;
  /** Go left when x[feature] ≤ threshold (a raw feature value). */
  readonly threshold: Float32Array;
  /** 1: NaN goes left. */
  readonly missingLeft: Uint8Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** Leaf output (learning rate already applied); 0 at inner nodes. */
  readonly value: Float32Array;
}

export interface GbdtModel {
  readonly classes: number;
  readonly features: number;
  /** Per-class starting raw score (log prior). */
  readonly init: Float32Array;
  /** Tree t belongs to round ⌊t / classes⌋ and class t mod classes; its nodes start at treeStart[t]. */
  readonly treeStart: Int32Array;
  readonly feature: Int32Array;
  readonly threshold: Float32Array;
  readonly missingLeft: Uint8Array;
  /** Children as indices into the flat arrays (not tree-local), so the walk needs no per-tree offset. */
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly value: Float32Array;
  /** The same trees made for a branch-free walk (see lockstepWalk); derived, not stored in JSON. */
  readonly walk: Walk;
}

/**
 * Trees reshaped so a row takes exactly depth[t] steps with no data-dependent branch: a leaf points to itself
 * (feature 0, NaN threshold, both children itself). Several rows then walk one tree side by side, and their
 * independent loads overlap instead of each waiting out a mispredicted branch (about 2× on random trees).
 */
interface Walk {
  readonly feature: Int32Array;
  readonly threshold: Float32Array;
  readonly left: Int32Array;
  /** right - left. */
  readonly step: Int32Array;
  /** 1: NaN goes right. */
  readonly nanRight: Int32Array;
  /** Per tree, the deepest leaf's depth. */
  readonly depth: Int32Array;
}

function buildWalk(
  treeStart: Int32Array,
  feature: Int32Array,
  threshold: Float32Array,
  missingLeft: Uint8Array,
  left: Int32Array,
  right: Int32Array,
): Walk {
  const N = feature.length;
  const T = treeStart.length - 1;
  const w = {
    feature: new Int32Array(N),
    threshold: new Float32Array(N),
    left: new Int32Array(N),
    step: new Int32Array(N),
    nanRight: new Int32Array(N),
    depth: new Int32Array(T),
  };
  const nodeDepth = new Int32Array(N);
  for (let t = 0; t < T; t++) {
    let deepest = 0;
    // Children come after parents, so one forward pass sees each node's depth before its children.
    for (let k = treeStart[t]; k < treeStart[t + 1]; k++) {
      if (feature[k] < 0) {
        w.threshold[k] = Number.NaN;
        w.left[k] = k;
        deepest = Math.max(deepest, nodeDepth[k]);
        continue;
      }
      w.feature[k] = feature[k];
      w.threshold[k] = threshold[k];
      w.left[k] = left[k];
      w.step[k] = right[k] - left[k];
      w.nanRight[k] = missingLeft[k] ? 0 : 1;
      nodeDepth[left[k]] = nodeDepth[k] + 1;
      nodeDepth[right[k]] = nodeDepth[k] + 1;
    }
    w.depth[t] = deepest;
  }
  return w;
}

export function treeCount(model: GbdtModel): number {
  return model.treeStart.length - 1;
}

export function packModel(classes: number, features: number, init: Float32Array, trees: readonly Tree[]): GbdtModel {
  const treeStart = new Int32Array(trees.length + 1);
  for (let t = 0; t < trees.length; t++) treeStart[t + 1] = treeStart[t] + trees[t].feature.length;
  const total = treeStart[trees.length];
  const feature = new Int32Array(total);
  const threshold = new Float32Array(total);
  const missingLeft = new Uint8Array(total);
  const left = new Int32Array(total);
  const right = new Int32Array(total);
  const value = new Float32Array(total);
  for (let t = 0; t < trees.length; t++) {
    const tr = trees[t];
    const base = treeStart[t];
    feature.set(tr.feature, base);
    threshold.set(tr.threshold, base);
    missingLeft.set(tr.missingLeft, base);
    value.set(tr.value, base);
    for (let k = 0; k < tr.feature.length; k++) {
      left[base + k] = tr.left[k] < 0 ? -1 : base + tr.left[k];
      right[base + k] = tr.right[k] < 0 ? -1 : base + tr.right[k];
    }
  }
  const walk = buildWalk(treeStart, feature, threshold, missingLeft, left, right);
  const model = {
    classes,
    features,
    init: Float32Array.from(init),
    treeStart,
    feature,
    threshold,
    missingLeft,
    left,
    right,
  };
  return { ...model, value, walk };
}

/** Tree t with tree-local children (copies). */
export function treeAt(model: GbdtModel, t: number): Tree {
  const a = model.treeStart[t];
  const b = model.treeStart[t + 1];
  const local = (c: Int32Array) => c.slice(a, b).map((k) => (k < 0 ? -1 : k - a));
  return {
    feature: model.feature.slice(a, b),
    threshold: model.threshold.slice(a, b),
    missingLeft: model.missingLeft.slice(a, b),
    left: local(model.left),
    right: local(model.right),
    value: model.value.slice(a, b),
  };
}

/** Adds one tree's output for each of n rows to scores[i * stride + offset]. */
export function addTreeScores(
  tree: Tree,
  x: Float32Array,
  n: number,
  d: number,
  scores: Float64Array,
  stride: number,
  offset: number,
): void {
  const { feature, threshold, missingLeft, left, right, value } = tree;
  for (let i = 0; i < n; i++) {
    const xo = i * d;
    let k = 0;
    let f = feature[0];
    while (f >= 0) {
      const v = x[xo + f];
      k = v <= threshold[k] || (Number.isNaN(v) && missingLeft[k] === 1) ? left[k] : right[k];
      f = feature[k];
    }
    scores[i * stride + offset] += value[k];
  }
}

/** Summed raw scores (init + trees), n × classes. */
export function predictRaw(model: GbdtModel, x: Float32Array, n: number): Float64Array {
  const { classes: C, features: d, init, treeStart, value } = model;
  const { feature, threshold, left, step, nanRight, depth } = model.walk;
  const T = treeStart.length - 1;
  const out = new Float64Array(n * C);
  for (let i = 0; i < n; i++) out.set(init, i * C);
  const B = 8;
  let i0 = 0;
  for (; i0 + B <= n; i0 += B) {
    const x0 = i0 * d;
    const x1 = x0 + d;
    const x2 = x1 + d;
    const x3 = x2 + d;
    const x4 = x3 + d;
    const x5 = x4 + d;
    const x6 = x5 + d;
    const x7 = x6 + d;
    let c = 0;
    for (let t = 0; t < T; t++) {
      const r = treeStart[t];
      let k0 = r;
      let k1 = r;
      let k2 = r;
      let k3 = r;
      let k4 = r;
      let k5 = r;
      let k6 = r;
      let k7 = r;
      // Right when v > threshold, or v is NaN and NaN goes right; a leaf's NaN threshold keeps it in place.
      for (let s = depth[t]; s > 0; s--) {
        let v = x[x0 + feature[k0]];
        k0 = left[k0] + step[k0] * (+(v > threshold[k0]) | (+Number.isNaN(v) & nanRight[k0]));
        v = x[x1 + feature[k1]];
        k1 = left[k1] + step[k1] * (+(v > threshold[k1]) | (+Number.isNaN(v) & nanRight[k1]));
        v = x[x2 + feature[k2]];
        k2 = left[k2] + step[k2] * (+(v > threshold[k2]) | (+Number.isNaN(v) & nanRight[k2]));
        v = x[x3 + feature[k3]];
        k3 = left[k3] + step[k3] * (+(v > threshold[k3]) | (+Number.isNaN(v) & nanRight[k3]));
        v = x[x4 + feature[k4]];
        k4 = left[k4] + step[k4] * (+(v > threshold[k4]) | (+Number.isNaN(v) & nanRight[k4]));
        v = x[x5 + feature[k5]];
        k5 = left[k5] + step[k5] * (+(v > threshold[k5]) | (+Number.isNaN(v) & nanRight[k5]));
        v = x[x6 + feature[k6]];
        k6 = left[k6] + step[k6] * (+(v > threshold[k6]) | (+Number.isNaN(v) & nanRight[k6]));
        v = x[x7 + feature[k7]];
        k7 = left[k7] + step[k7] * (+(v > threshold[k7]) | (+Number.isNaN(v) & nanRight[k7]));
      }
      const o = i0 * C + c;
      out[o] += value[k0];
      out[o + C] += value[k1];
      out[o + 2 * C] += value[k2];
      out[o + 3 * C] += value[k3];
      out[o + 4 * C] += value[k4];
      out[o + 5 * C] += value[k5];
      out[o + 6 * C] += value[k6];
      out[o + 7 * C] += value[k7];
      if (++c === C) c = 0;
    }
  }
  // The last n mod 8 rows one at a time.
  for (let i = i0; i < n; i++) {
    const xo = i * d;
    let c = 0;
    for (let t = 0; t < T; t++) {
      let k = treeStart[t];
      for (let s = depth[t]; s > 0; s--) {
        const v = x[xo + feature[k]];
        k = left[k] + step[k] * (+(v > threshold[k]) | (+Number.isNaN(v) & nanRight[k]));
      }
      out[i * C + c] += value[k];
      if (++c === C) c = 0;
    }
  }
  return out;
}

/** Class probabilities, n × classes: softmax of the raw scores. */
export function predictProba(model: GbdtModel, x: Float32Array, n: number): Float32Array {
  const C = model.classes;
  const raw = predictRaw(model, x, n);
  const out = new Float32Array(n * C);
  for (let i = 0; i < n; i++) softmaxRow(raw, i * C, C, out);
  return out;
}

export function softmaxRow(raw: Float64Array, o: number, C: number, out: Float32Array | Float64Array): void {
  let max = raw[o];
  for (let c = 1; c < C; c++) if (raw[o + c] > max) max = raw[o + c];
  let sum = 0;
  for (let c = 0; c < C; c++) sum += Math.exp(raw[o + c] - max);
  for (let c = 0; c < C; c++) out[o + c] = Math.exp(raw[o + c] - max) / sum;
}
