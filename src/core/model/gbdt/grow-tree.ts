/**
 * One regression tree on one class's gradients and hessians, grown leaf-wise over binned features (as LightGBM
 * does): each leaf keeps a histogram (sum g, sum h, count per bin) and its best split; the leaf whose split
 * gains most is split next. Only the smaller child's histogram is built from rows; the larger one is the
 * parent's minus it, which roughly halves the work per level.
 */
import { type BinEdges, HIST_BINS, MISSING_BIN } from './bins.ts';
import type { Tree } from './trees.ts';

export interface TreeParams {
  /** Default 31. */
  readonly maxLeaves?: number;
  /** Rows per leaf at least (default 20). */
  readonly minDataInLeaf?: number;
  /** L2 penalty on leaf values (default 1). */
  readonly lambda?: number;
  /** A split must gain more than this (default 0). */
  readonly minGainToSplit?: number;
  /** Unlimited when absent or ≤ 0. */
  readonly maxDepth?: number;
  /** Hessian per leaf at least (default 1e-3): keeps leaves of near-certain rows from taking huge values. */
  readonly minSumHessian?: number;
  /** Applied to the leaf values (default 1). */
  readonly learningRate?: number;
}

export interface TreeGrower {
  /** Grows a tree on grad/hess (length n; weights already folded in). */
  grow(grad: Float64Array, hess: Float64Array): Tree;
  /** Adds the last grown tree's leaf values to scores[row * stride + offset] for the training rows. */
  addLeafValues(scores: Float64Array, stride: number, offset: number): void;
}

/** Threshold for "non-missing left, NaN right": every finite value passes it. */
const ALL_FINITE = 3.4028234663852886e38;

/** Keeps its buffers between trees: a 130-feature histogram is ~800 kB, and a model grows a thousand trees. */
export function createTreeGrower(
  bins: Uint8Array,
  n: number,
  d: number,
  edges: BinEdges,
  params: TreeParams = {},
): TreeGrower {
  const maxLeaves = Math.max(2, Math.floor(params.maxLeaves ?? 31));
  const minData = Math.max(1, Math.floor(params.minDataInLeaf ?? 20));
  const lambda = params.lambda ?? 1;
  const minGain = params.minGainToSplit ?? 0;
  const maxDepth = params.maxDepth && params.maxDepth > 0 ? params.maxDepth : Number.POSITIVE_INFINITY;
  const minHess = params.minSumHessian ?? 1e-3;
  const rate = params.learningRate ?? 1;
  const histSize = d * HIST_BINS * 3;
  const pool: Float64Array[] = [];
  const freeSlots: number[] = [];

  const order = new Int32Array(n);
  const tmp = new Int32Array(n);
  // Per leaf slot.
  const start = new Int32Array(maxLeaves);
  const end = new Int32Array(maxLeaves);
  const nodeOf = new Int32Array(maxLeaves);
  const depth = new Int32Array(maxLeaves);
  const histOf = new Int32Array(maxLeaves);
  const sumG = new Float64Array(maxLeaves);
  const sumH = new Float64Array(maxLeaves);
  const bestGain = new Float64Array(maxLeaves);
  const bestFeature = new Int32Array(maxLeaves);
  const bestBin = new Int32Array(maxLeaves);
  const bestMissingLeft = new Uint8Array(maxLeaves);
  const bestCountLeft = new Int32Array(maxLeaves);
  const bestGLeft = new Float64Array(maxLeaves);
  const bestHLeft = new Float64Array(maxLeaves);
  let leaves = 0;
  let lastValues = new Float32Array(0);

  const takeHist = (): number => {
    const free = freeSlots.pop();
    if (free !== undefined) return free;
    pool.push(new Float64Array(histSize));
    return pool.length - 1;
  };

  const buildHist = (h: Float64Array, s: number, e: number, grad: Float64Array, hess: Float64Array): void => {
    h.fill(0);
    for (let i = s; i < e; i++) {
      const r = order[i];
      const g = grad[r];
      const hh = hess[r];
      const ro = r * d;
      for (let j = 0; j < d; j++) {
        const o = ((j << 8) | bins[ro + j]) * 3;
        h[o] += g;
        h[o + 1] += hh;
        h[o + 2]++;
      }
    }
  };

  const findBest = (leaf: number): void => {
    bestGain[leaf] = Number.NEGATIVE_INFINITY;
    const count = end[leaf] - start[leaf];
    if (depth[leaf] >= maxDepth || count < 2 * minData) return;
    const h = pool[histOf[leaf]];
    const G = sumG[leaf];
    const H = sumH[leaf];
    const parentScore = (G * G) / (H + lambda);
    let best = minGain;
    let bf = -1;
    let bb = 0;
    let bml = 0;
    let bcl = 0;
    let bgl = 0;
    let bhl = 0;
    const consider = (gl: number, hl: number, cl: number, feature: number, bin: number, ml: number): void => {
      const cr = count - cl;
      const hr = H - hl;
      if (cl < minData || cr < minData || hl < minHess || hr < minHess) return;
      const gr = G - gl;
      const gain = (gl * gl) / (hl + lambda) + (gr * gr) / (hr + lambda) - parentScore;
      if (gain > best) {
        best = gain;
        bf = feature;
        bb = bin;
        bml = ml;
        bcl = cl;
        bgl = gl;
        bhl = hl;
      }
    };
    for (let j = 0; j < d; j++) {
      const base = j * HIST_BINS * 3;
      const m = edges[j].length;
      const nanO = base + MISSING_BIN * 3;
      const nanG = h[nanO];
      const nanH = h[nanO + 1];
      const nanC = h[nanO + 2];
      let gl = 0;
      let hl = 0;
      let cl = 0;
      for (let b = 0; b < m; b++) {
        const o = base + b * 3;
        gl += h[o];
        hl += h[o + 1];
        cl += h[o + 2];
        if (cl === 0) continue;
        consider(gl, hl, cl, j, b, 0);
        if (nanC > 0) consider(gl + nanG, hl + nanH, cl + nanC, j, b, 1);
      }
      // NaN alone on the right: "is this feature missing?" is often the whole signal.
      if (nanC > 0) consider(G - nanG, H - nanH, count - nanC, j, m, 0);
    }
    if (bf < 0) return;
    bestGain[leaf] = best;
    bestFeature[leaf] = bf;
    bestBin[leaf] = bb;
    // With no NaN here in training, unseen NaN follows the majority (as scikit-learn does).
    const nanHere = pool[histOf[leaf]][(bf * HIST_BINS + MISSING_BIN) * 3 + 2] > 0;
    bestMissingLeft[leaf] = nanHere ? bml : bcl >= count - bcl ? 1 : 0;
    bestCountLeft[leaf] = bcl;
    bestGLeft[leaf] = bgl;
    bestHLeft[leaf] = bhl;
  };

  // A leaf that will never split gives its histogram back at once.
  const settle = (leaf: number): void => {
    findBest(leaf);
    if (bestGain[leaf] === Number.NEGATIVE_INFINITY) freeSlots.push(histOf[leaf]);
  };

  const grow = (grad: Float64Array, hess: Float64Array): Tree => {
    const maxNodes = 2 * maxLeaves - 1;
    const feature = new Int32Array(maxNodes).fill(-1);
    const threshold = new Float32Array(maxNodes);
    const missingLeft = new Uint8Array(maxNodes);
    const left = new Int32Array(maxNodes).fill(-1);
    const right = new Int32Array(maxNodes).fill(-1);
    const value = new Float32Array(maxNodes);
    for (let i = 0; i < n; i++) order[i] = i;
    freeSlots.length = 0;
    for (let s = pool.length - 1; s >= 0; s--) freeSlots.push(s);
    leaves = 1;
    let nodes = 1;
    start[0] = 0;
    end[0] = n;
    nodeOf[0] = 0;
    depth[0] = 0;
    let G = 0;
    let H = 0;
    for (let i = 0; i < n; i++) {
      G += grad[i];
      H += hess[i];
    }
    sumG[0] = G;
    sumH[0] = H;
    histOf[0] = takeHist();
    buildHist(pool[histOf[0]], 0, n, grad, hess);
    settle(0);

    while (leaves < maxLeaves) {
      let leaf = -1;
      for (let l = 0; l < leaves; l++)
        if (bestGain[l] > Number.NEGATIVE_INFINITY && (leaf < 0 || bestGain[l] > bestGain[leaf])) leaf = l;
      if (leaf < 0) break;
      const f = bestFeature[leaf];
      const bin = bestBin[leaf];
      const ml = bestMissingLeft[leaf];
      const s = start[leaf];
      const e = end[leaf];
      // Stable partition of the leaf's rows: left ones stay in front.
      let nl = s;
      let nr = 0;
      for (let i = s; i < e; i++) {
        const r = order[i];
        const b = bins[r * d + f];
        if (b === MISSING_BIN ? ml === 1 : b <= bin) order[nl++] = r;
        else tmp[nr++] = r;
      }
      order.set(tmp.subarray(0, nr), nl);

      const node = nodeOf[leaf];
      feature[node] = f;
      threshold[node] = bin < edges[f].length ? edges[f][bin] : ALL_FINITE;
      missingLeft[node] = ml;
      left[node] = nodes;
      right[node] = nodes + 1;

      const r = leaves++;
      const childDepth = depth[leaf] + 1;
      const gl = bestGLeft[leaf];
      const hl = bestHLeft[leaf];
      sumG[r] = sumG[leaf] - gl;
      sumH[r] = sumH[leaf] - hl;
      sumG[leaf] = gl;
      sumH[leaf] = hl;
      start[r] = nl;
      end[r] = e;
      end[leaf] = nl;
      nodeOf[leaf] = nodes;
      nodeOf[r] = nodes + 1;
      depth[leaf] = childDepth;
      depth[r] = childDepth;
      nodes += 2;

      const wantSplit = (l: number) => childDepth < maxDepth && end[l] - start[l] >= 2 * minData;
      const parentHist = histOf[leaf];
      if (!wantSplit(leaf) && !wantSplit(r)) {
        freeSlots.push(parentHist);
        bestGain[leaf] = Number.NEGATIVE_INFINITY;
        bestGain[r] = Number.NEGATIVE_INFINITY;
        continue;
      }
      const leftSmaller = nl - s <= e - nl;
      const small = leftSmaller ? leaf : r;
      const large = leftSmaller ? r : leaf;
      const sh = takeHist();
      buildHist(pool[sh], start[small], end[small], grad, hess);
      const ph = pool[parentHist];
      const smallH = pool[sh];
      for (let i = 0; i < histSize; i++) ph[i] -= smallH[i];
      histOf[small] = sh;
      histOf[large] = parentHist;
      settle(leaf);
      settle(r);
    }

    const values = new Float32Array(leaves);
    for (let l = 0; l < leaves; l++) {
      const v = (-sumG[l] / (sumH[l] + lambda)) * rate;
      values[l] = v;
      value[nodeOf[l]] = v;
    }
    lastValues = values;
    return {
      feature: feature.slice(0, nodes),
      threshold: threshold.slice(0, nodes),
      missingLeft: missingLeft.slice(0, nodes),
      left: left.slice(0, nodes),
      right: right.slice(0, nodes),
      value: value.slice(0, nodes),
    };
  };

  const addLeafValues = (scores: Float64Array, stride: number, offset: number): void => {
    for (let l = 0; l < leaves; l++) {
      const v = lastValues[l];
      for (let i = start[l]; i < end[l]; i++) scores[order[i] * stride + offset] += v;
    }
  };

  return { grow, addLeafValues };
}
