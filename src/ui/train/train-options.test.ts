import { describe, expect, it } from 'vitest';
import { DEFAULT_GBDT_CONFIG, DEFAULT_MODEL_CONFIG } from '../../core/model/model-config.ts';
import { checkTrainForm, DEFAULT_TRAIN_FORM, layoutOf, toggleView, type TrainForm } from './train-options.ts';

describe('checkTrainForm', () => {
  it('turns the defaults into the default model config and the pair, src and dst views of 8 packets, one model each', () => {
    const r = checkTrainForm(DEFAULT_TRAIN_FORM);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.options.config).toEqual(DEFAULT_MODEL_CONFIG);
    expect(r.options.views).toEqual([
      { name: 'pair', key: 'pair' },
      { name: 'src', key: 'src' },
      { name: 'dst', key: 'dst' },
    ]);
    expect(r.options).toMatchObject({ layout: 'per-view', size: 8, stride: 1, labelRule: 'last', split: 'per-class' });
  });

  it('reads typed numbers, trimming spaces, and passes the views and layout on', () => {
    const r = checkTrainForm({
      ...DEFAULT_TRAIN_FORM,
      epochs: ' 2 ',
      maxPerClass: '1500',
      kind: 'gru',
      views: ['flow'],
      layout: 'shared',
      windowSize: '5',
    });
    expect(r.ok && r.options.config).toMatchObject({ epochs: 2, maxPerClass: 1500, kind: 'gru' });
    expect(r.ok && r.options).toMatchObject({
      views: [{ name: 'flow', key: 'flow' }],
      layout: 'shared',
      size: 5,
      stride: 1,
    });
  });

  it('names every field that is not a number', () => {
    const r = checkTrainForm({ ...DEFAULT_TRAIN_FORM, units: 'many', seed: '' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual(['units must be a number (got "many")', 'seed must be a number (got "")']);
  });

  it('needs at least one view, and says so with the other problems', () => {
    const r = checkTrainForm({ ...DEFAULT_TRAIN_FORM, views: [], epochs: 'x' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([
      'epochs must be a number (got "x")',
      'choose at least one view (pair, src, dst, ...) to train',
    ]);
  });

  it('checks ranges: window size 5 to 10, stride, and the model config', () => {
    const r = checkTrainForm({ ...DEFAULT_TRAIN_FORM, windowSize: '12', stride: '0', dropout: '1', layers: '2.5' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.join('\n')).toMatch(/window size must be a whole number from 5 to 10 \(got 12\)/);
    expect(r.problems.join('\n')).toMatch(/stride must be/);
    expect(r.problems.join('\n')).toMatch(/dropout must be in \[0, 1\)/);
    expect(r.problems.join('\n')).toMatch(/layers must be a whole number/);
  });
});

describe('checkTrainForm for boosted trees', () => {
  const trees: TrainForm = { ...DEFAULT_TRAIN_FORM, kind: 'gbdt' };

  it("starts from the trees' defaults: learning rate 0.2 (the form has no field for it), rounds as epochs, depth", () => {
    const r = checkTrainForm(trees);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.options.config).toEqual(DEFAULT_GBDT_CONFIG);
    expect(r.options.config).toMatchObject({ kind: 'gbdt', learningRate: 0.2, epochs: 150, patience: 15, depth: 6 });
  });

  it('reads rounds and tree depth, and ignores the fields the trees do not use (even when they are not numbers)', () => {
    const r = checkTrainForm({
      ...trees,
      rounds: '40',
      depth: ' 4 ',
      epochs: '3',
      units: 'many',
      layers: '',
      dropout: '2',
      batchSize: 'x',
      maxPerClass: '500',
      seed: '7',
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.options.config).toEqual({ ...DEFAULT_GBDT_CONFIG, epochs: 40, depth: 4, maxPerClass: 500, seed: 7 });
  });

  it('names rounds and tree depth in its problems', () => {
    const notNumber = checkTrainForm({ ...trees, rounds: 'lots' });
    expect(notNumber.ok || notNumber.problems).toEqual(['rounds must be a number (got "lots")']);
    const out = checkTrainForm({ ...trees, rounds: '0', depth: '9' });
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.problems.join('\n')).toMatch(/rounds must be a whole number from 1 to 5000 \(got 0\)/);
    expect(out.problems.join('\n')).toMatch(/tree depth must be a whole number from 1 to 8 \(got 9\)/);
  });

  it('trains the trees per view even when shared was chosen for a network, and gives shared back to the network', () => {
    const shared: TrainForm = { ...DEFAULT_TRAIN_FORM, layout: 'shared' };
    expect(layoutOf({ ...shared, kind: 'gbdt' })).toBe('per-view');
    const r = checkTrainForm({ ...shared, kind: 'gbdt' });
    expect(r.ok && r.options.layout).toBe('per-view');
    const back = checkTrainForm({ ...shared, kind: 'lstm' });
    expect(back.ok && back.options.layout).toBe('shared');
  });

  it("keeps each kind's own fields: back to a network, its epochs and the network defaults (learning rate 0.003)", () => {
    const edited: TrainForm = { ...DEFAULT_TRAIN_FORM, epochs: '5', kind: 'gbdt', rounds: '60' };
    const tree = checkTrainForm(edited);
    expect(tree.ok && tree.options.config.epochs).toBe(60);
    const net = checkTrainForm({ ...edited, kind: 'gru' });
    expect(net.ok && net.options.config).toEqual({ ...DEFAULT_MODEL_CONFIG, kind: 'gru', epochs: 5 });
    expect(net.ok && net.options.config.depth).toBeUndefined();
  });
});

describe('toggleView', () => {
  it('adds and removes a view, keeping one order (the default views first) whatever order they were ticked in', () => {
    expect(toggleView(['dst'], 'pair', true)).toEqual(['pair', 'dst']);
    expect(toggleView(['dst', 'flow'], 'src', true)).toEqual(['src', 'dst', 'flow']);
    expect(toggleView(['pair', 'src', 'dst'], 'src', false)).toEqual(['pair', 'dst']);
    expect(toggleView(['pair'], 'pair', false)).toEqual([]);
    expect(toggleView(['pair'], 'pair', true)).toEqual(['pair']);
  });
});
