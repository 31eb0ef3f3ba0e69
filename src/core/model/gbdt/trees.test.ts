import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../prng.ts';
import { BLOCK, denseFiller, predictProba, softmaxInto, type TreeEnsemble, treeCount, treeScorer } from './trees.ts';

/** A random ensemble: `trees` trees of `depth` over `features`, some thresholds never exceeded. */
function randomModel(trees: number, depth: number, features: number, classes: number, seed: number): TreeEnsemble {
  const rng = mulberry32(seed);
  const L = 1 << depth;
  return {
    classes,
    features,
    depth,
    init: Float32Array.from({ length: classes }, () => rng() - 0.5),
    feature: Int32Array.from({ length: trees * depth }, () => Math.floor(rng() * features)),
    threshold: Float32Array.from({ length: trees * depth }, () => (rng() < 0.1 ? 3.4e38 : rng() * 2 - 1)),
    value: Float32Array.from({ length: trees * L * classes }, () => rng() - 0.5),
  };
}

/** The plain reading of the format: walk each tree level by level, one row at a time. */
function reference(m: TreeEnsemble, x: Float32Array, n: number): Float32Array {
  const C = m.classes;
  const out = new Float32Array(n * C);
  for (let i = 0; i < n; i++) {
    const s = Array.from(m.init, Number);
    for (let t = 0; t < treeCount(m); t++) {
      let leaf = 0;
      for (let d = 0; d < m.depth; d++)
        if (x[i * m.features + m.feature[t * m.depth + d]] > m.threshold[t * m.depth + d]) leaf += 2 ** d;
      for (let c = 0; c < C; c++) s[c] += m.value[(t * 2 ** m.depth + leaf) * C + c];
    }
    softmaxInto(s, 0, C, out, i * C);
  }
  return out;
}

describe('predictProba', () => {
  it.each([
    [2, 1, true],
    [5, 6, true],
    [9, 8, true],
    [5, 6, false],
    [3, 3, false],
  ])('scores as the plain walk does (%i classes, depth %i, simd %s), across block edges and NaN', (C, depth, simd) => {
    const m = randomModel(37, depth, 11, C, C * 10 + depth);
    const n = BLOCK * 2 + 5;
    const rng = mulberry32(99);
    const x = Float32Array.from({ length: n * 11 }, () => (rng() < 0.05 ? Number.NaN : rng() * 2 - 1));
    const scorer = treeScorer(m, { simd });
    // Node has WebAssembly SIMD: the kernel must be the one that runs.
    expect(scorer.kernel).toBe(simd ? 'simd' : 'js');
    const got = scorer.score(n, denseFiller(x, 11));
    const want = reference(m, x, n);
    for (let i = 0; i < got.length; i++) expect(got[i]).toBeCloseTo(want[i], 5);
  });

  it('says when the rows are shorter than the model reads', () => {
    expect(() => predictProba(randomModel(2, 2, 5, 2, 1), new Float32Array(9), 2)).toThrow(
      /predict got 9 values for 2 rows of 5 features/,
    );
  });
});
