import { describe, expect, it } from 'vitest';
import type { TrainProgress } from '../../core/model/train-loop.ts';
import { buildAttackCurveFigure, buildConfusionFigure, buildCurvesFigure } from './train-figures.ts';

const p = (epoch: number, o: Partial<TrainProgress> = {}): TrainProgress => ({
  epoch,
  epochs: 3,
  batch: 10,
  batches: 10,
  loss: 1 / epoch,
  accuracy: 0.5 + epoch / 10,
  valLoss: 1.1 / epoch,
  valAccuracy: 0.4 + epoch / 10,
  valRecall: [0.9, 0.1 * epoch],
  windowsPerSecond: 1000,
  elapsedS: epoch,
  etaS: 3 - epoch,
  ...o,
});

describe('buildCurvesFigure', () => {
  it('draws loss and accuracy per epoch, validation dotted, recall per class on the right axis', () => {
    const fig = buildCurvesFigure([p(1), p(2)], p(2), ['benign', '<b>x</b>']);
    expect(fig.data.map((t) => t.name)).toEqual([
      'loss',
      'accuracy',
      'validation loss',
      'validation accuracy',
      'recall benign',
      'recall &lt;b&gt;x&lt;/b&gt;',
    ]);
    expect(fig.data[0].x).toEqual([1, 2]);
    expect(fig.data[0].yaxis).toBeUndefined();
    expect(fig.data[1].yaxis).toBe('y2');
    expect(fig.data[2].line?.dash).toBe('dot');
    expect(fig.data[5].y).toEqual([0.1, 0.2]);
    expect(fig.layout.yaxis2).toMatchObject({ overlaying: 'y', side: 'right' });
  });

  it('shows the epoch in progress as a fractional point on the training lines only', () => {
    const fig = buildCurvesFigure([p(1)], p(2, { batch: 5, loss: 0.7, valLoss: null, valRecall: null }), ['a', 'b']);
    expect(fig.data[0].x).toEqual([1, 1.5]);
    expect(fig.data[0].y).toEqual([1, 0.7]);
    expect(fig.data[2].x).toEqual([1]);
  });

  it('leaves out the recall of a class with no validation windows, rather than a flat 0', () => {
    const fig = buildCurvesFigure([p(1, { valRecall: [0.9, 0] })], null, ['benign', 'hping3'], [false, true]);
    expect(fig.data.map((t) => t.name)).toEqual([
      'loss',
      'accuracy',
      'validation loss',
      'validation accuracy',
      'recall benign',
    ]);
  });

  it('ticks accuracy and recall at 0, 0.2, ... 1.0, not at fractions of the loss axis', () => {
    const { yaxis2 } = buildCurvesFigure([p(1)], null, ['a', 'b']).layout;
    expect(yaxis2).toMatchObject({ tickmode: 'linear', tick0: 0, dtick: 0.2, tickformat: '.1f', range: [0, 1.02] });
  });

  it('draws the first epoch live before any epoch finished, with no validation lines yet', () => {
    const fig = buildCurvesFigure([], p(1, { batch: 2 }), ['a', 'b']);
    expect(fig.data.map((t) => t.name)).toEqual(['loss', 'accuracy']);
    expect(fig.data[0].x).toEqual([0.2]);
  });

  it('draws the trees per round, training and validation loss each round, with no tick forced per round', () => {
    const round = (n: number): TrainProgress => p(n, { epochs: 150, batch: 1, batches: 1 });
    const rounds = Array.from({ length: 40 }, (_, i) => round(i + 1));
    const fig = buildCurvesFigure(rounds, round(40), ['a', 'b'], [], 'round');
    expect(fig.data[0].x).toEqual(rounds.map((r) => r.epoch));
    expect(fig.data[2]).toMatchObject({ name: 'validation loss', y: rounds.map((r) => r.valLoss) });
    expect(fig.layout.xaxis).toMatchObject({ title: { text: 'round' } });
    expect(fig.layout.xaxis).not.toHaveProperty('dtick');
    expect(fig.data[0].hovertemplate).toContain('round %{x}');
    expect(buildCurvesFigure(rounds, null, ['a', 'b']).layout.xaxis).toMatchObject({ dtick: 1 });
  });
});

describe('buildConfusionFigure', () => {
  it('is one heatmap, truth down the side (first class on top), counts written in with separators, names escaped', () => {
    const fig = buildConfusionFigure(
      ['benign', 'a&b'],
      [
        [5, 1],
        [0, 3],
      ],
    );
    expect(fig.data).toHaveLength(1);
    expect(fig.data[0]).toMatchObject({
      type: 'heatmap',
      x: ['benign', 'a&amp;b'],
      y: ['benign', 'a&amp;b'],
      z: [
        [5, 1],
        [0, 3],
      ],
      texttemplate: '%{z:,}',
    });
    expect(fig.layout.yaxis.autorange).toBe('reversed');
  });
});

describe('buildAttackCurveFigure', () => {
  it('plots precision against recall with the threshold in the hover', () => {
    const fig = buildAttackCurveFigure({ precision: [1, 0.8], recall: [0.5, 0.9], threshold: [0.91234, 0.2] });
    expect(fig.data[0]).toMatchObject({ x: [0.5, 0.9], y: [1, 0.8], customdata: [['0.912'], ['0.200']] });
  });
});
