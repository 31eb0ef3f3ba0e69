/**
 * The training panel's Plotly figures as plain, tested objects: the curves per epoch, the confusion matrix
 * and the attack-vs-benign precision/recall curve. Class names are the user's text: escaped for Plotly.
 */
import type { TrainProgress } from '../../core/model/train-loop.ts';
import { escapePlotlyText } from '../explore/series-figure.ts';
import type { Figure, HeatmapTrace, Trace } from '../explore/plotly-types.ts';
import type { AttackCurve } from '../../workers/train-messages.ts';

const LOSS = '#1f5fa8';
const ACCURACY = '#2e8540';
const RECALL = ['#b35c00', '#8a3ea8', '#c0392b', '#00838f', '#6d4c41', '#7a7a00', '#ad1457', '#3949ab'];
const MARGIN = { l: 56, r: 56, t: 28, b: 40 };

/**
 * Loss and validation loss (left axis), accuracy, validation accuracy and validation recall per class
 * (right axis, 0..1 in steps of 0.2), one point per finished epoch. The batch in progress is drawn as the
 * epoch's running value, so the curves move during a long first epoch. A class with no validation windows
 * (`unvalidated[c]`) has no recall to draw: a flat 0 would read as a class the model never finds. The trees
 * report per boosting round (`unit` 'round': one tree each, often a hundred or more, so no tick per point).
 */
export function buildCurvesFigure(
  history: readonly TrainProgress[],
  live: TrainProgress | null,
  classes: readonly string[],
  unvalidated: readonly boolean[] = [],
  unit: 'epoch' | 'round' = 'epoch',
): Figure {
  const running = live && live.epoch > (history.at(-1)?.epoch ?? 0) ? live : null;
  const finished = history.map((p) => p.epoch);
  const x = running ? [...finished, running.epoch - 1 + running.batch / Math.max(1, running.batches)] : finished;
  const points = running ? [...history, running] : history;
  const line = (
    name: string,
    color: string,
    y: readonly number[],
    xs: readonly number[],
    dash: boolean,
    right: boolean,
  ): Trace => ({
    type: 'scatter',
    // A marker per round would blot a line of a hundred trees or more.
    mode: unit === 'round' ? 'lines' : 'lines+markers',
    name: escapePlotlyText(name),
    x: xs,
    y,
    line: { color, width: dash ? 1.5 : 2, ...(dash ? { dash: 'dot' as const } : {}) },
    ...(right ? { yaxis: 'y2' as const } : {}),
    hovertemplate: `${escapePlotlyText(name)}: %{y:.4f}<extra>${unit} %{x}</extra>`,
  });
  const data: Trace[] = [
    line(
      'loss',
      LOSS,
      points.map((p) => p.loss),
      x,
      false,
      false,
    ),
    line(
      'accuracy',
      ACCURACY,
      points.map((p) => p.accuracy),
      x,
      false,
      true,
    ),
  ];
  if (history.some((p) => p.valLoss !== null)) {
    data.push(
      line(
        'validation loss',
        LOSS,
        history.map((p) => p.valLoss ?? NaN),
        finished,
        true,
        false,
      ),
    );
    data.push(
      line(
        'validation accuracy',
        ACCURACY,
        history.map((p) => p.valAccuracy ?? NaN),
        finished,
        true,
        true,
      ),
    );
  }
  classes.forEach((c, i) => {
    if (!history.some((p) => p.valRecall) || unvalidated[i]) return;
    data.push(
      line(
        `recall ${c}`,
        RECALL[i % RECALL.length],
        history.map((p) => p.valRecall?.[i] ?? NaN),
        finished,
        true,
        true,
      ),
    );
  });
  return {
    data,
    layout: {
      margin: MARGIN,
      xaxis: { type: 'linear', title: { text: unit }, rangemode: 'tozero', ...(unit === 'epoch' ? { dtick: 1 } : {}) },
      yaxis: { title: { text: 'loss' }, rangemode: 'tozero' },
      yaxis2: {
        title: { text: 'accuracy / recall' },
        range: [0, 1.02],
        overlaying: 'y',
        side: 'right',
        tickmode: 'linear',
        tick0: 0,
        dtick: 0.2,
        tickformat: '.1f',
        showgrid: false,
      },
      showlegend: true,
      legend: { orientation: 'h', x: 0, y: 1.02, yanchor: 'bottom' },
      hovermode: 'closest',
    },
  };
}

/** Rows are the truth, columns the prediction, the first class at the top; each cell shows its count. */
export function buildConfusionFigure(
  classes: readonly string[],
  confusion: readonly (readonly number[])[],
): Figure<HeatmapTrace> {
  const names = classes.map(escapePlotlyText);
  return {
    data: [
      {
        type: 'heatmap',
        x: names,
        y: names,
        z: confusion.map((r) => [...r]),
        colorscale: [
          [0, '#f7fbff'],
          [1, '#08306b'],
        ],
        showscale: false,
        // Counts as the tables write them ("28,775", not Plotly's "28.775k").
        texttemplate: '%{z:,}',
        hovertemplate: 'truth %{y}<br>predicted %{x}<br>%{z:,} windows<extra></extra>',
      },
    ],
    layout: {
      margin: { l: 90, r: 12, t: 12, b: 60 },
      xaxis: { type: 'category', title: { text: 'predicted' }, automargin: true },
      yaxis: { type: 'category', title: { text: 'truth' }, autorange: 'reversed', automargin: true },
      showlegend: false,
      hovermode: 'closest',
    },
  };
}

/** Precision against recall of "attack" (every class but benign) as the alert threshold moves. */
export function buildAttackCurveFigure(curve: AttackCurve): Figure {
  return {
    data: [
      {
        type: 'scatter',
        mode: 'lines',
        name: 'attack vs benign',
        x: [...curve.recall],
        y: [...curve.precision],
        line: { color: '#c0392b', width: 2 },
        customdata: curve.threshold.map((t) => [t.toFixed(3)]),
        hovertemplate: 'recall %{x:.3f}<br>precision %{y:.3f}<br>threshold %{customdata[0]}<extra></extra>',
      },
    ],
    layout: {
      margin: { l: 56, r: 12, t: 12, b: 40 },
      xaxis: { type: 'linear', title: { text: 'recall (attack windows found)' }, range: [0, 1.02] },
      yaxis: { title: { text: 'precision' }, range: [0, 1.02] },
      showlegend: false,
      hovermode: 'closest',
    },
  };
}
