import { describe, expect, it } from 'vitest';
import type { TrainProgress } from '../../core/model/train-loop.ts';
import type { TrainEvent } from '../../workers/train-client.ts';
import type { SplitSummary } from '../../workers/train-messages.ts';
import { applyTrainEvent, SHARED_CURVES, type RunState } from './train-events.ts';

const start = (layout: RunState['layout']): RunState => ({
  phase: 'preparing',
  layout,
  backend: null,
  view: null,
  check: [],
  splits: [],
  dropped: [],
  live: null,
  curves: [],
  error: null,
  trained: null,
});

const p = (epoch: number, batch: number): TrainProgress => ({
  epoch,
  epochs: 2,
  batch,
  batches: 4,
  loss: 1,
  accuracy: 0.5,
  valLoss: null,
  valAccuracy: null,
  valRecall: null,
  windowsPerSecond: 1,
  elapsedS: 1,
  etaS: 1,
});
const split: SplitSummary = {
  classes: ['benign', 'ping'],
  counts: [
    [5, 1],
    [2, 1],
    [2, 1],
  ],
  warnings: [],
};
const view = (index: number, name: 'pair' | 'dst'): TrainEvent => ({
  type: 'train.view',
  jobId: 1,
  index,
  count: 2,
  view: { name, key: name },
});
const batch = (q: TrainProgress): TrainEvent => ({ type: 'train.progress', jobId: 1, kind: 'batch', progress: q });
const epoch = (q: TrainProgress): TrainEvent => ({ type: 'train.progress', jobId: 1, kind: 'epoch', progress: q });

function run(state: RunState, events: readonly TrainEvent[]): RunState {
  let s = state;
  for (const e of events) s = { ...s, ...applyTrainEvent(s, e) };
  return s;
}

describe('applyTrainEvent', () => {
  it('per-view: each view gets its split and its own curves, which start afresh when it starts', () => {
    const mid = run(start('per-view'), [
      view(0, 'pair'),
      { type: 'train.split', jobId: 1, view: 'pair', split, dropped: [] },
      batch(p(1, 2)),
      epoch(p(1, 4)),
      epoch(p(2, 4)),
    ]);
    expect(mid.phase).toBe('training');
    expect(mid.view).toEqual({ index: 0, count: 2, name: 'pair' });
    expect(mid.curves.map((c) => [c.name, c.history.length])).toEqual([['pair', 2]]);
    const next = run(mid, [view(1, 'dst')]);
    expect(next.live).toBeNull();
    expect(next.curves.map((c) => [c.name, c.history.length])).toEqual([
      ['pair', 2],
      ['dst', 0],
    ]);
    const end = run(next, [
      { type: 'train.split', jobId: 1, view: 'dst', split, dropped: [] },
      batch(p(1, 1)),
      epoch(p(1, 4)),
    ]);
    expect(end.splits.map((s) => s.view)).toEqual(['pair', 'dst']);
    expect(end.curves.map((c) => [c.name, c.history.length])).toEqual([
      ['pair', 2],
      ['dst', 1],
    ]);
    expect(end.live).toEqual(p(1, 4));
  });

  it('shared: the views are windowed one by one, then one model trains with one set of curves', () => {
    const s = run(start('shared'), [view(0, 'pair'), view(1, 'dst'), batch(p(1, 1)), epoch(p(1, 4))]);
    expect(s.view?.name).toBe('dst');
    expect(s.curves.map((c) => [c.name, c.history.length])).toEqual([[SHARED_CURVES, 1]]);
  });

  it("keeps the split check's words, said before any view trains", () => {
    const notes = ['hping3 (3 packets labelled) has no validation and no test windows in the pair view.'];
    expect(applyTrainEvent(start('per-view'), { type: 'train.check', jobId: 1, notes })).toEqual({ check: notes });
  });

  it('keeps "stopping" when a split arrives after Stop, and records a failure', () => {
    expect(
      run({ ...start('per-view'), phase: 'stopping' }, [
        { type: 'train.split', jobId: 1, view: 'pair', split, dropped: ['x'] },
      ]),
    ).toMatchObject({ phase: 'stopping', dropped: ['x'] });
    expect(run(start('per-view'), [{ type: 'train.failed', jobId: 1, message: 'no' }])).toMatchObject({
      phase: 'failed',
      error: 'no',
    });
  });
});
