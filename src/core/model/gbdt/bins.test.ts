import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../prng.ts';
import { binColumns, binEdges } from './bins.ts';

describe('binEdges / binRows', () => {
  it('gives every distinct value its own bin when they fit, and NaN the slot after them', () => {
    const x = Float32Array.from([3, 1, Number.NaN, 2, 1, 3, 0.5]);
    const edges = binEdges(x, 7, 1);
    expect(Array.from(edges[0])).toEqual([0.5, 1, 2]);
    expect(Array.from(binColumns(x, 7, 1, edges))).toEqual([3, 1, 4, 2, 1, 3, 0]);
  });

  it('places at most maxBins - 1 quantile edges, bins about equally full', () => {
    const n = 20_000;
    const rng = mulberry32(1);
    const x = Float32Array.from({ length: n }, () => rng() ** 3);
    const edges = binEdges(x, n, 1, { maxBins: 16 });
    expect(edges[0].length).toBe(15);
    const counts = new Array<number>(16).fill(0);
    for (const b of binColumns(x, n, 1, edges)) counts[b]++;
    for (const c of counts) expect(Math.abs(c - n / 16)).toBeLessThan(n / 16 / 5);
  });

  it('copes with heavy ties and an all-NaN feature', () => {
    const n = 1000;
    const x = new Float32Array(n * 2);
    for (let i = 0; i < n; i++) {
      x[i * 2] = i < 900 ? 0 : i;
      x[i * 2 + 1] = Number.NaN;
    }
    const edges = binEdges(x, n, 2, { maxBins: 10 });
    expect(edges[0][0]).toBe(0);
    expect(new Set(edges[0]).size).toBe(edges[0].length);
    expect(edges[1].length).toBe(0);
    const bins = binColumns(x, n, 2, edges);
    expect(bins[0]).toBe(0);
    // Feature 1, column-major after feature 0's n rows: no edges, so NaN's slot is 1.
    expect(bins[n]).toBe(1);
  });
});
