import { describe, expect, it } from 'vitest';
import { argmaxRows, attackCurve, classificationReport } from './metrics.ts';

describe('classificationReport', () => {
  it('matches hand-computed precision, recall, F1 and confusion', () => {
    // truth: 0 0 0 1 1 2 ; pred: 0 1 0 1 2 2
    const r = classificationReport([0, 0, 0, 1, 1, 2], [0, 1, 0, 1, 2, 2], ['benign', 'a', 'b']);
    expect(r.confusion).toEqual([
      [2, 1, 0],
      [0, 1, 1],
      [0, 0, 1],
    ]);
    expect(r.perClass[0]).toEqual({ precision: 1, recall: 2 / 3, f1: 0.8, support: 3 });
    expect(r.perClass[1].precision).toBeCloseTo(0.5);
    expect(r.perClass[1].recall).toBeCloseTo(0.5);
    expect(r.perClass[2].precision).toBeCloseTo(0.5);
    expect(r.perClass[2].f1).toBeCloseTo(2 / 3);
    expect(r.macroF1).toBeCloseTo((0.8 + 0.5 + 2 / 3) / 3);
    expect(r.accuracy).toBeCloseTo(4 / 6);
  });

  it('leaves classes without support out of macro-F1', () => {
    const r = classificationReport([0, 1], [0, 1], ['benign', 'a', 'unseen']);
    expect(r.perClass[2]).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
    expect(r.macroF1).toBe(1);
  });
});

describe('argmaxRows and attackCurve', () => {
  const probs = Float32Array.from([0.9, 0.1, 0.2, 0.8, 0.6, 0.4, 0.3, 0.7]);
  it('argmax per row', () => {
    expect(Array.from(argmaxRows(probs, 2))).toEqual([0, 1, 0, 1]);
  });
  it('sweeps the attack score 1 - p(benign) from high to low', () => {
    // scores: 0.1, 0.8, 0.4, 0.7 ; truth: benign, attack, attack, benign
    const c = attackCurve([0, 1, 1, 0], probs, 2, 0);
    expect(c.threshold.map((t) => Math.round(t * 10) / 10)).toEqual([0.8, 0.7, 0.4, 0.1]);
    expect(c.recall).toEqual([0.5, 0.5, 1, 1]);
    expect(c.precision).toEqual([1, 0.5, 2 / 3, 0.5]);
  });
});
