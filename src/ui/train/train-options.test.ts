import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_CONFIG } from '../../core/model/model-config.ts';
import { checkTrainForm, DEFAULT_TRAIN_FORM, toggleView } from './train-options.ts';

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

describe('toggleView', () => {
  it('adds and removes a view, keeping one order (the default views first) whatever order they were ticked in', () => {
    expect(toggleView(['dst'], 'pair', true)).toEqual(['pair', 'dst']);
    expect(toggleView(['dst', 'flow'], 'src', true)).toEqual(['src', 'dst', 'flow']);
    expect(toggleView(['pair', 'src', 'dst'], 'src', false)).toEqual(['pair', 'dst']);
    expect(toggleView(['pair'], 'pair', false)).toEqual([]);
    expect(toggleView(['pair'], 'pair', true)).toEqual(['pair']);
  });
});
