import { describe, expect, it } from 'vitest';
import { mulberry32, type Rng } from '../prng.ts';
import { normal } from './test-data.ts';
import { addTreeScores, packModel, predictProba, predictRaw, type Tree, treeAt } from './trees.ts';

/** A random leaf-wise tree of `leaves` leaves over d features (shape like the trainer's, values arbitrary). */
function randomTree(rng: Rng, leaves: number, d: number): Tree {
  const size = 2 * leaves - 1;
  const t = {
    feature: new Int32Array(size).fill(-1),
    threshold: new Float32Array(size),
    missingLeft: new Uint8Array(size),
    left: new Int32Array(size).fill(-1),
    right: new Int32Array(size).fill(-1),
    value: new Float32Array(size),
  };
  const open = [0];
  let nodes = 1;
  while (nodes < size) {
    const k = open.splice(Math.floor(rng() * open.length), 1)[0];
    t.feature[k] = Math.floor(rng() * d);
    t.threshold[k] = normal(rng);
    t.missingLeft[k] = rng() < 0.5 ? 1 : 0;
    t.left[k] = nodes;
    t.right[k] = nodes + 1;
    open.push(nodes, nodes + 1);
    nodes += 2;
  }
  for (const k of open) t.value[k] = normal(rng) * 0.1;
  return t;
}

describe('predictProba', () => {
  it('sums init and every tree of a class, NaN going where the node says', () => {
    const tree: Tree = {
      feature: Int32Array.from([1, -1, -1]),
      threshold: Float32Array.from([0.5, 0, 0]),
      missingLeft: Uint8Array.from([1, 0, 0]),
      left: Int32Array.from([1, -1, -1]),
      right: Int32Array.from([2, -1, -1]),
      value: Float32Array.from([0, -1, 2]),
    };
    const model = packModel(2, 2, Float32Array.from([0.25, 0]), [
      tree,
      treeAt(packModel(2, 2, new Float32Array(2), [tree]), 0),
    ]);
    const x = Float32Array.from([9, 0.5, 9, 0.6, 9, Number.NaN]);
    expect(Array.from(predictRaw(model, x, 3))).toEqual([-0.75, -1, 2.25, 2, -0.75, -1]);
    const p = predictProba(model, x, 3);
    expect(p[0]).toBeCloseTo(1 / (1 + Math.exp(-0.25)), 6);
  });

  it('walks rows eight at a time exactly as one tree at a time does, NaN and a ragged tail included', () => {
    const rng = mulberry32(2);
    const d = 7;
    const C = 3;
    const trees = Array.from({ length: 12 * C }, () => randomTree(rng, 1 + Math.floor(rng() * 20), d));
    const model = packModel(C, d, Float32Array.from([0.1, -0.2, 0.3]), trees);
    const n = 203;
    const x = Float32Array.from({ length: n * d }, () => (rng() < 0.2 ? Number.NaN : normal(rng)));
    const want = new Float64Array(n * C);
    for (let i = 0; i < n; i++) want.set(model.init, i * C);
    for (const [i, t] of trees.entries()) addTreeScores(t, x, n, d, want, C, i % C);
    const got = predictRaw(model, x, n);
    for (let i = 0; i < want.length; i++) expect(got[i]).toBeCloseTo(want[i], 9);
  });

  it('speed: 100k windows × 130 features, 200 rounds × 5 classes × 31 leaves', () => {
    const rng = mulberry32(1);
    const d = 130;
    const C = 5;
    const trees = Array.from({ length: 200 * C }, () => randomTree(rng, 31, d));
    const model = packModel(C, d, new Float32Array(C), trees);
    const n = 100_000;
    const x = new Float32Array(n * d);
    for (let i = 0; i < x.length; i++) x[i] = normal(rng);
    predictProba(model, x.subarray(0, 2000 * d), 2000);
    const t0 = performance.now();
    const p = predictProba(model, x, n);
    const s = (performance.now() - t0) / 1000;
    console.log(`gbdt predictProba: ${Math.round(n / s).toLocaleString('en')} windows/s (${s.toFixed(2)} s, 1 thread)`);
    expect(p.length).toBe(n * C);
  });
});
