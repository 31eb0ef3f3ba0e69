import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_CONFIG } from '../../core/model/model-config.ts';
import { checkTrainForm, DEFAULT_TRAIN_FORM } from './train-options.ts';

describe('checkTrainForm', () => {
  it('turns the defaults into the default model config and a pair window of 8', () => {
    const r = checkTrainForm(DEFAULT_TRAIN_FORM);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.options.config).toEqual(DEFAULT_MODEL_CONFIG);
    expect(r.options.window).toEqual({ key: 'pair', size: 8, stride: 1 });
    expect(r.options).toMatchObject({ labelRule: 'last', split: 'per-class' });
  });

  it('reads typed numbers, trimming spaces', () => {
    const r = checkTrainForm({ ...DEFAULT_TRAIN_FORM, epochs: ' 2 ', maxPerClass: '1500', kind: 'gru', groupKey: 'flow', windowSize: '5' });
    expect(r.ok && r.options.config).toMatchObject({ epochs: 2, maxPerClass: 1500, kind: 'gru' });
    expect(r.ok && r.options.window).toEqual({ key: 'flow', size: 5, stride: 1 });
  });

  it('names every field that is not a number', () => {
    const r = checkTrainForm({ ...DEFAULT_TRAIN_FORM, units: 'many', seed: '' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual(['units must be a number (got "many")', 'seed must be a number (got "")']);
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
