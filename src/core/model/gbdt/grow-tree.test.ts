import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../prng.ts';
import { binEdges, binRows } from './bins.ts';
import { createTreeGrower } from './grow-tree.ts';
import { normal } from './test-data.ts';
import { addTreeScores, type Tree } from './trees.ts';

interface RefNode {
  feature: number;
  threshold: number;
  value: number;
  left?: RefNode;
  right?: RefNode;
}

const LAMBDA = 1;
const MIN_DATA = 10;
const MIN_HESS = 1e-3;
const RATE = 0.3;

/** Deliberately naive exact greedy: sort the node's rows per feature and try every gap between distinct values. */
function naiveTree(
  x: Float32Array,
  d: number,
  g: Float64Array,
  h: Float64Array,
  rows: number[],
  depth: number,
): RefNode {
  let G = 0;
  let H = 0;
  for (const r of rows) {
    G += g[r];
    H += h[r];
  }
  const leaf: RefNode = { feature: -1, threshold: 0, value: (-G / (H + LAMBDA)) * RATE };
  if (depth === 0 || rows.length < 2 * MIN_DATA) return leaf;
  let best = 0;
  let bf = -1;
  let bt = 0;
  for (let j = 0; j < d; j++) {
    const sorted = [...rows].sort((a, b) => x[a * d + j] - x[b * d + j]);
    let gl = 0;
    let hl = 0;
    for (let i = 0; i < sorted.length - 1; i++) {
      gl += g[sorted[i]];
      hl += h[sorted[i]];
      const v = x[sorted[i] * d + j];
      if (v === x[sorted[i + 1] * d + j]) continue;
      const cl = i + 1;
      const cr = sorted.length - cl;
      const hr = H - hl;
      if (cl < MIN_DATA || cr < MIN_DATA || hl < MIN_HESS || hr < MIN_HESS) continue;
      const gr = G - gl;
      const gain = (gl * gl) / (hl + LAMBDA) + (gr * gr) / (hr + LAMBDA) - (G * G) / (H + LAMBDA);
      if (gain > best) {
        best = gain;
        bf = j;
        bt = v;
      }
    }
  }
  if (bf < 0) return leaf;
  const l = rows.filter((r) => x[r * d + bf] <= bt);
  const r = rows.filter((r) => x[r * d + bf] > bt);
  return {
    feature: bf,
    threshold: bt,
    value: 0,
    left: naiveTree(x, d, g, h, l, depth - 1),
    right: naiveTree(x, d, g, h, r, depth - 1),
  };
}

function expectSameTree(tree: Tree, k: number, ref: RefNode, path: string): void {
  expect(tree.feature[k], `feature at ${path}`).toBe(ref.feature);
  if (ref.feature < 0) {
    expect(Math.abs(tree.value[k] - ref.value), `leaf value at ${path}`).toBeLessThan(1e-5);
    return;
  }
  expect(tree.threshold[k], `threshold at ${path}`).toBe(ref.threshold);
  expectSameTree(tree, tree.left[k], ref.left!, `${path}L`);
  expectSameTree(tree, tree.right[k], ref.right!, `${path}R`);
}

/** Needs d ≥ 4: the gradient depends on features 0 to 3. */
function smallProblem(n: number, d: number, seed: number) {
  const rng = mulberry32(seed);
  const x = new Float32Array(n * d);
  // ≤ 60 distinct values per feature, so 255 bins are exact.
  for (let i = 0; i < n * d; i++) x[i] = Math.floor(rng() * 60) * 0.37 - 5;
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const signal = (x[i * d] > 2 ? 1 : -1) + (x[i * d + 2] < -1 ? 0.7 : 0) + 0.5 * x[i * d + 1] * x[i * d + 3];
    g[i] = signal + 0.5 * normal(rng);
    h[i] = 0.1 + rng();
  }
  return { x, g, h };
}

describe('createTreeGrower', () => {
  it('matches a naive exact-greedy tree (splits, thresholds, leaf values) where binning is exact', () => {
    const n = 600;
    const d = 5;
    const { x, g, h } = smallProblem(n, d, 7);
    const edges = binEdges(x, n, d);
    const bins = binRows(x, n, d, edges);
    for (const depth of [1, 2, 4]) {
      const grower = createTreeGrower(bins, n, d, edges, {
        maxLeaves: 2 ** depth,
        maxDepth: depth,
        lambda: LAMBDA,
        minDataInLeaf: MIN_DATA,
        minSumHessian: MIN_HESS,
        learningRate: RATE,
      });
      const tree = grower.grow(g, h);
      const ref = naiveTree(x, d, g, h, [...Array(n).keys()], depth);
      expect(ref.feature).toBeGreaterThanOrEqual(0);
      expectSameTree(tree, 0, ref, 'root');
    }
  });

  it('adds to the training rows exactly what the tree gives their raw values, NaN included', () => {
    const n = 2000;
    const d = 6;
    const rng = mulberry32(3);
    const x = new Float32Array(n * d);
    for (let i = 0; i < n * d; i++) x[i] = rng() < 0.1 ? Number.NaN : normal(rng);
    const g = new Float64Array(n);
    const h = new Float64Array(n).fill(1);
    for (let i = 0; i < n; i++) g[i] = (Number.isNaN(x[i * d]) ? 2 : x[i * d]) + Math.sin(3 * (x[i * d + 1] || 0));
    const edges = binEdges(x, n, d, { maxBins: 32 });
    const grower = createTreeGrower(binRows(x, n, d, edges), n, d, edges, { maxLeaves: 31, minDataInLeaf: 5 });
    const tree = grower.grow(g, h);
    expect(tree.feature.length).toBe(61);
    const fromLeaves = new Float64Array(n);
    grower.addLeafValues(fromLeaves, 1, 0);
    const fromRaw = new Float64Array(n);
    addTreeScores(tree, x, n, d, fromRaw, 1, 0);
    expect(fromRaw).toEqual(fromLeaves);
    // Children always come after their parent.
    for (let k = 0; k < tree.feature.length; k++) {
      if (tree.feature[k] >= 0) expect(Math.min(tree.left[k], tree.right[k])).toBeGreaterThan(k);
    }
  });

  it('keeps every leaf at minDataInLeaf rows or more and stops at maxLeaves', () => {
    const n = 1000;
    const d = 5;
    const { x, g, h } = smallProblem(n, d, 11);
    const edges = binEdges(x, n, d);
    const grower = createTreeGrower(binRows(x, n, d, edges), n, d, edges, { maxLeaves: 7, minDataInLeaf: 50 });
    const tree = grower.grow(g, h);
    expect(tree.feature.length).toBe(13);
    const counts = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      let k = 0;
      while (tree.feature[k] >= 0) k = x[i * d + tree.feature[k]] <= tree.threshold[k] ? tree.left[k] : tree.right[k];
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    expect(counts.size).toBe(7);
    for (const c of counts.values()) expect(c).toBeGreaterThanOrEqual(50);
  });
});
