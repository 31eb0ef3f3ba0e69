import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../prng.ts';
import { accuracy, blobsProblem, firstRows, normal, xorProblem } from './test-data.ts';
import { trainGbdt } from './train-gbdt.ts';
import { predictProba, treeCount } from './trees.ts';

function expectFalling(losses: number[]): void {
  for (let r = 1; r < losses.length; r++)
    expect(losses[r], `round ${r + 1}`).toBeLessThanOrEqual(losses[r - 1] + 1e-12);
}

describe('trainGbdt', () => {
  it('learns XOR', () => {
    const all = xorProblem(3000, 1);
    const tr = firstRows(all, 0, 2000);
    const te = firstRows(all, 2000, 3000);
    const r = trainGbdt(tr.x, tr.y, tr.n, tr.d, 2, { rounds: 60 });
    expect(r.ended).toBe('rounds');
    expect(treeCount(r.model)).toBe(120);
    expectFalling(r.trainLoss);
    expect(accuracy(predictProba(r.model, te.x, te.n), te.y, 2)).toBeGreaterThanOrEqual(0.95);
  });

  it('learns four Gaussian blobs, noise features and all', () => {
    const all = blobsProblem(3000, 6, 2);
    const tr = firstRows(all, 0, 2000);
    const te = firstRows(all, 2000, 3000);
    const r = trainGbdt(tr.x, tr.y, tr.n, tr.d, 4, { rounds: 40, seed: 5 });
    expectFalling(r.trainLoss);
    const p = predictProba(r.model, te.x, te.n);
    expect(accuracy(p, te.y, 4)).toBeGreaterThanOrEqual(0.95);
    for (let i = 0; i < te.n; i++) expect(p[i * 4] + p[i * 4 + 1] + p[i * 4 + 2] + p[i * 4 + 3]).toBeCloseTo(1, 5);
  });

  it('stops early on validation loss and keeps the best round', () => {
    // Labels half noise: the validation loss bottoms out while the training loss keeps falling.
    const all = blobsProblem(2400, 4, 3);
    const rng = mulberry32(9);
    for (let i = 0; i < all.n; i++) if (rng() < 0.5) all.y[i] = Math.floor(rng() * 4);
    const tr = firstRows(all, 0, 1600);
    const va = firstRows(all, 1600, 2400);
    const r = trainGbdt(tr.x, tr.y, tr.n, tr.d, 4, {
      rounds: 300,
      learningRate: 0.3,
      minDataInLeaf: 5,
      valX: va.x,
      valY: va.y,
      valN: va.n,
      patience: 5,
    });
    expect(r.ended).toBe('early-stopping');
    const bestAt = r.valLoss.indexOf(Math.min(...r.valLoss));
    expect(r.bestRounds).toBe(bestAt + 1);
    expect(r.valLoss.length).toBe(r.bestRounds + 5);
    expect(treeCount(r.model)).toBe(r.bestRounds * 4);
    expect(r.trainLoss[r.trainLoss.length - 1]).toBeLessThan(r.trainLoss[bestAt]);
    // The kept model scores the best round's validation loss.
    const p = predictProba(r.model, va.x, va.n);
    let loss = 0;
    for (let i = 0; i < va.n; i++) loss -= Math.log(p[i * 4 + va.y[i]]);
    expect(loss / va.n).toBeCloseTo(r.valLoss[bestAt], 4);
  });

  it('routes NaN to the side it belongs to: NaN in the informative feature means class 1', () => {
    const n = 3000;
    const d = 3;
    const rng = mulberry32(4);
    const x = new Float32Array(n * d);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const c = Math.floor(rng() * 3);
      y[i] = c;
      x[i * d] = c === 1 ? Number.NaN : c === 0 ? -1 - rng() : 1 + rng();
      x[i * d + 1] = normal(rng);
      x[i * d + 2] = rng() < 0.2 ? Number.NaN : normal(rng);
    }
    const r = trainGbdt(x.slice(0, 2000 * d), y.slice(0, 2000), 2000, d, 3, { rounds: 20 });
    const te = { x: x.slice(2000 * d), y: y.slice(2000) };
    const p = predictProba(r.model, te.x, 1000);
    expect(accuracy(p, te.y, 3)).toBe(1);
    // A row with NaN and nothing else informative.
    const q = predictProba(r.model, Float32Array.from([Number.NaN, 0, Number.NaN]), 1);
    expect(q[1]).toBeGreaterThan(0.9);
  });

  it('weights rows: a heavy class wins where the classes overlap', () => {
    const n = 2000;
    const rng = mulberry32(6);
    const x = Float32Array.from({ length: n }, () => rng());
    const y = Uint8Array.from({ length: n }, () => (rng() < 0.5 ? 1 : 0));
    const plain = trainGbdt(x, y, n, 1, 2, { rounds: 10 });
    const weights = Float32Array.from(y, (c) => (c === 1 ? 4 : 1));
    const weighted = trainGbdt(x, y, n, 1, 2, { rounds: 10, weights });
    const probe = Float32Array.from([0.5]);
    expect(predictProba(weighted.model, probe, 1)[1]).toBeGreaterThan(0.7);
    expect(Math.abs(predictProba(plain.model, probe, 1)[1] - 0.5)).toBeLessThan(0.15);
  });

  it('ends when the round callback says stop', () => {
    const p = xorProblem(500, 2);
    const seen: number[] = [];
    const r = trainGbdt(p.x, p.y, p.n, p.d, 2, { rounds: 50 }, ({ round, trainLoss, valLoss }) => {
      seen.push(round);
      expect(Number.isFinite(trainLoss)).toBe(true);
      expect(valLoss).toBeUndefined();
      return round === 3 ? 'stop' : undefined;
    });
    expect(seen).toEqual([1, 2, 3]);
    expect(r.ended).toBe('stopped');
    expect(treeCount(r.model)).toBe(6);
  });

  it('refuses labels outside the classes', () => {
    expect(() => trainGbdt(new Float32Array(2), Uint8Array.from([0, 3]), 2, 1, 2)).toThrow(/label 3 at row 1/);
  });
});
