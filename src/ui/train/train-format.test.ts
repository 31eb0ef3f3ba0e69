import { describe, expect, it } from 'vitest';
import type { TrainProgress } from '../../core/model/train-loop.ts';
import { metric, progressFraction, progressText, runFraction, runText, runTimeLeft } from './train-format.ts';

const p = (o: Partial<TrainProgress>): TrainProgress => ({
  epoch: 1,
  epochs: 4,
  batch: 0,
  batches: 10,
  loss: 1,
  accuracy: 0.5,
  valLoss: null,
  valAccuracy: null,
  valRecall: null,
  windowsPerSecond: 0,
  elapsedS: 0,
  etaS: 0,
  ...o,
});

describe('progress', () => {
  it('counts batches of finished epochs plus the current one', () => {
    expect(progressFraction(p({ epoch: 1, batch: 5 }))).toBe(5 / 40);
    expect(progressFraction(p({ epoch: 3, batch: 10 }))).toBe(30 / 40);
    expect(progressFraction(p({ epoch: 4, batch: 10 }))).toBe(1);
    expect(progressFraction(p({ batches: 0 }))).toBe(0);
  });

  it('says epoch, batch, speed and time left', () => {
    expect(progressText(p({ epoch: 2, batch: 40, batches: 118, windowsPerSecond: 5310.4, etaS: 31 }))).toBe(
      'Epoch 2 of 4 · batch 40/118 · 5,310 windows/s · 31 s left',
    );
    expect(progressText(p({ etaS: 125 }))).toContain('2 min 5 s left');
  });

  it('writes metrics with three decimals and a dash for none', () => {
    expect(metric(0.98765)).toBe('0.988');
    expect(metric(null)).toBe('—');
    expect(metric(NaN)).toBe('—');
  });
});

describe('a run of views', () => {
  const live = p({ epoch: 2, batch: 5, batches: 10, windowsPerSecond: 1000, etaS: 10 });
  const view = { index: 1, count: 3, name: 'src' };

  it('per-view: the views before count as done, each model alike', () => {
    expect(runFraction({ layout: 'per-view', view, live })).toBeCloseTo((1 + 15 / 40) / 3);
    expect(runFraction({ layout: 'per-view', view: { ...view, index: 0 }, live: null })).toBe(0);
    expect(runFraction({ layout: 'per-view', view: { ...view, count: 1, index: 0 }, live })).toBe(15 / 40);
  });

  it("shared: the one model's progress", () => {
    expect(runFraction({ layout: 'shared', view: { ...view, index: 2 }, live })).toBe(15 / 40);
  });

  it('names the view training, or the view being windowed before the first batch', () => {
    expect(runText({ layout: 'per-view', view: { ...view, index: 2 }, live })).toBe(
      'View 3 of 3: src · Epoch 2 of 4 · batch 5/10 · 1,000 windows/s · 10 s left',
    );
    expect(runText({ layout: 'per-view', view, live: null })).toBe('View 2 of 3: src · preparing windows…');
    expect(runText({ layout: 'per-view', view: null, live: null })).toBe('Preparing windows…');
    expect(runText({ layout: 'shared', view, live: null })).toBe('Preparing windows of view 2 of 3: src…');
    expect(runText({ layout: 'shared', view, live })).toMatch(/^Shared model of 3 views · Epoch 2 of 4/);
  });

  it('counts the time left of the views still to train, not only of this one', () => {
    const now = { ...live, elapsedS: 20 }; // this view: 20 s done, 10 s left, 30 s in all
    // The first of two views: this view's 10 s and one more view of about 30 s.
    expect(runTimeLeft({ layout: 'per-view', view: { index: 0, count: 2, name: 'pair' }, live: now })).toBe(40);
    // The second of three, the first took 50 s: 10 s, then one view at the mean of 50 and 30.
    expect(runTimeLeft({ layout: 'per-view', view, live: now, doneS: [50] })).toBe(50);
    expect(runText({ layout: 'per-view', view, live: now, doneS: [50] })).toBe(
      'View 2 of 3: src · Epoch 2 of 4 · batch 5/10 · 1,000 windows/s · 50 s left (this view 10 s)',
    );
    // The last view, a single view, or one shared model: this model's time is the run's.
    expect(runTimeLeft({ layout: 'per-view', view: { ...view, index: 2 }, live: now })).toBeNull();
    expect(runTimeLeft({ layout: 'shared', view, live: now })).toBeNull();
    expect(runTimeLeft({ layout: 'per-view', view, live: { ...now, etaS: Infinity } })).toBeNull();
  });
});

describe('a run of boosted trees', () => {
  // The trees report once per round: epoch = trees built, epochs = the most rounds, one batch each.
  const round = p({ epoch: 40, epochs: 150, batch: 1, batches: 1, loss: 0.1204, valLoss: 0.1351, etaS: 33 });

  it('says trees built of at most the rounds asked, both losses, and the time left as a bound (it may stop early)', () => {
    expect(progressText(round, null, true)).toBe(
      'Trees built 40 of at most 150 · loss 0.120 · validation loss 0.135 · up to 33 s left',
    );
    expect(progressText({ ...round, valLoss: null }, null, true)).toBe(
      'Trees built 40 of at most 150 · loss 0.120 · up to 33 s left',
    );
    expect(progressFraction(round)).toBeCloseTo(40 / 150);
  });

  it('names the view whose trees are growing, and the time left of the run', () => {
    const view = { index: 0, count: 2, name: 'pair' };
    expect(runText({ layout: 'per-view', view, live: round, trees: true })).toMatch(
      /^View 1 of 2: pair · Trees built 40 of at most 150 · .* · up to \d.* left \(this view 33 s\)$/,
    );
  });
});
