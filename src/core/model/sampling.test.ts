import { describe, expect, it } from 'vitest';
import { mulberry32 } from './prng.ts';
import {
  byClassAndRunInTime,
  byClassInTime,
  classWeightsFor,
  drawEpoch,
  drawEpochByRuns,
  drawEven,
  shares,
} from './sampling.ts';

describe('per-class sampling', () => {
  // 1,000 windows of class 1 (a flood) and 10 of class 0, window w ending at time 1000 - w (reverse order).
  const labels = Uint8Array.from({ length: 1010 }, (_, w) => (w < 1000 ? 1 : 0));
  const endUs = Float64Array.from({ length: 1010 }, (_, w) => 1000 - w);
  const all = Int32Array.from({ length: 1010 }, (_, w) => w);
  const perClass = byClassInTime(all, labels, endUs, 2);

  it('orders each class by time', () => {
    expect(perClass[0]).toHaveLength(10);
    expect(endUs[perClass[1][0]]).toBeLessThan(endUs[perClass[1][999]]);
  });

  it('caps each class, spreads the draw over its time, and repeats for one seed', () => {
    const a = drawEpoch(perClass, 50, mulberry32(7));
    expect(a).toHaveLength(60);
    const flood = Array.from(a)
      .filter((w) => labels[w] === 1)
      .map((w) => endUs[w])
      .sort((x, y) => x - y);
    expect(flood).toHaveLength(50);
    for (let j = 0; j < 50; j++) expect(Math.floor((flood[j] - 1) / 20)).toBe(j); // one per stretch of 20
    expect(Array.from(drawEpoch(perClass, 50, mulberry32(7)))).toEqual(Array.from(a));
    expect(Array.from(drawEpoch(perClass, 50, mulberry32(8)))).not.toEqual(Array.from(a));
    expect(drawEven(perClass, 50)).toHaveLength(60);
  });

  it('weights classes so each carries the same total', () => {
    const w = classWeightsFor(perClass, 50);
    expect(w[0] * 10).toBeCloseTo(w[1] * 50);
    expect(w[0] * 10 + w[1] * 50).toBeCloseTo(60);
  });
});

describe('per-run sampling', () => {
  // Class 1 in two runs: a flood (1,000 windows, run 0) and a small variant (20 windows, run 1); class 0: 300.
  const labels = Uint8Array.from({ length: 1320 }, (_, w) => (w < 1020 ? 1 : 0));
  const runs = Int32Array.from({ length: 1320 }, (_, w) => (w < 1000 ? 0 : w < 1020 ? 1 : -1));
  const endUs = Float64Array.from({ length: 1320 }, (_, w) => w);
  const all = Int32Array.from({ length: 1320 }, (_, w) => w);
  const perRun = byClassAndRunInTime(all, labels, endUs, runs, 2);

  it("splits the cap equally among a class's runs, a short run's leftover going to the others", () => {
    expect(shares([1000, 20], 100)).toEqual([80, 20]);
    expect(shares([1000, 1000], 100)).toEqual([50, 50]);
    expect(shares([3, 2], 100)).toEqual([3, 2]);
    expect(shares([0, 7, 7], 4)).toEqual([0, 2, 2]);
  });

  it('draws every run of a class, not in proportion to its windows, and repeats for one seed', () => {
    const a = drawEpochByRuns(perRun, 100, mulberry32(5));
    expect(a).toHaveLength(200);
    const small = Array.from(a).filter((w) => runs[w] === 1);
    expect(new Set(small).size).toBe(20);
    expect(Array.from(drawEpochByRuns(perRun, 100, mulberry32(5)))).toEqual(Array.from(a));
    // Plain per-class drawing would give the 20-window run about 2 of 100.
    const plain = drawEpoch(byClassInTime(all, labels, endUs, 2), 100, mulberry32(5));
    expect(Array.from(plain).filter((w) => runs[w] === 1).length).toBeLessThan(5);
  });
});
