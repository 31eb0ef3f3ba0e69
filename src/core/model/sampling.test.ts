import { describe, expect, it } from 'vitest';
import { mulberry32 } from './prng.ts';
import { byClassInTime, classWeightsFor, drawEpoch, drawEven } from './sampling.ts';

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
    const flood = Array.from(a).filter((w) => labels[w] === 1).map((w) => endUs[w]).sort((x, y) => x - y);
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
