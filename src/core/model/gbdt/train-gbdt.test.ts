import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../prng.ts';
import { accuracy, blobsProblem, firstRows, xorProblem } from './test-data.ts';
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
    expect(treeCount(r.model)).toBe(60);
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
      valX: va.x,
      valY: va.y,
      valN: va.n,
      patience: 5,
    });
    expect(r.ended).toBe('early-stopping');
    const bestAt = r.valLoss.indexOf(Math.min(...r.valLoss));
    expect(r.bestRounds).toBe(bestAt + 1);
    expect(r.valLoss.length).toBe(r.bestRounds + 5);
    expect(treeCount(r.model)).toBe(r.bestRounds);
    expect(r.trainLoss[r.trainLoss.length - 1]).toBeLessThan(r.trainLoss[bestAt]);
    // The kept model scores the best round's validation loss.
    const p = predictProba(r.model, va.x, va.n);
    let loss = 0;
    for (let i = 0; i < va.n; i++) loss -= Math.log(p[i * 4 + va.y[i]]);
    expect(loss / va.n).toBeCloseTo(r.valLoss[bestAt], 4);
  });

  it('sends NaN to the low side, in training as in prediction', () => {
    // Class 1 is NaN or low, class 0 high: one split must put NaN with the low values.
    const n = 2000;
    const rng = mulberry32(4);
    const x = new Float32Array(n);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      y[i] = rng() < 0.5 ? 1 : 0;
      // Few distinct values, so each has its own bin and the gap between the classes is an edge.
      const k = Math.floor(rng() * 10) / 10;
      x[i] = y[i] === 0 ? 1 + k : rng() < 0.5 ? Number.NaN : -1 - k;
    }
    const r = trainGbdt(x, y, n, 1, 2, { rounds: 20, depth: 1 });
    expect(accuracy(predictProba(r.model, x, n), y, 2)).toBe(1);
    expect(predictProba(r.model, Float32Array.from([Number.NaN]), 1)[1]).toBeGreaterThan(0.9);
  });

  it('grows on a sample of rows and features, and still learns', () => {
    const all = blobsProblem(3000, 8, 12);
    const tr = firstRows(all, 0, 2000);
    const te = firstRows(all, 2000, 3000);
    const r = trainGbdt(tr.x, tr.y, tr.n, tr.d, 4, { rounds: 40, rowShare: 0.5, featureShare: 0.5, seed: 3 });
    expect(accuracy(predictProba(r.model, te.x, te.n), te.y, 4)).toBeGreaterThanOrEqual(0.95);
    // The same seed grows the same trees.
    const again = trainGbdt(tr.x, tr.y, tr.n, tr.d, 4, { rounds: 40, rowShare: 0.5, featureShare: 0.5, seed: 3 });
    expect(again.model.threshold).toEqual(r.model.threshold);
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
    expect(treeCount(r.model)).toBe(3);
  });

  it('refuses labels outside the classes', () => {
    expect(() => trainGbdt(new Float32Array(2), Uint8Array.from([0, 3]), 2, 1, 2)).toThrow(/label 3 at row 1/);
  });
});
