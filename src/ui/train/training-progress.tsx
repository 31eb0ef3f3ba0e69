/**
 * The run as it goes: progress bar over the whole run, the view training (per-view layout: each view's model
 * in turn) with epoch, speed and time left (the trees: trees built, losses and at most how long), and the
 * curves of one model, per epoch or per boosting round: the one training, or once the run is over any view's
 * (chosen in "Curves of").
 */
import { useMemo, useState, type ReactNode } from 'react';
import { isTrees } from '../../core/model/model-config.ts';
import { PlotlyView } from '../explore/plotly-view.tsx';
import { buildCurvesFigure } from './train-figures.ts';
import { runFraction, runText } from './train-format.ts';
import { useTrain } from './train-store.ts';

const NO_CLASSES: readonly string[] = []; // a stable value: a fresh [] per read would re-render forever

type Splits = ReturnType<typeof useTrain.getState>['splits'];

/** Per class: no validation windows in the split of the model shown (a view's, or every view's for the shared model). */
function unvalidatedOf(splits: Splits, name: string | undefined, classes: readonly string[]): boolean[] {
  const own = splits.filter((s) => s.view === name);
  const of = own.length > 0 ? own : splits;
  return classes.map((_, c) => of.length > 0 && of.every((s) => (s.split.counts[1]?.[c] ?? 0) === 0));
}

export function TrainingProgress(): ReactNode {
  const live = useTrain((s) => s.live);
  const curves = useTrain((s) => s.curves);
  const phase = useTrain((s) => s.phase);
  const layout = useTrain((s) => s.layout);
  const trees = useTrain((s) => isTrees(s.kind));
  const view = useTrain((s) => s.view);
  const classes = useTrain((s) => s.splits[0]?.split.classes ?? NO_CLASSES);
  const splits = useTrain((s) => s.splits);
  const running = phase === 'training' || phase === 'stopping' || phase === 'preparing';
  // While running the curves follow the model training; after, the user may pick another view's.
  const [picked, setPicked] = useState<string | null>(null);
  const shown = (!running && curves.find((c) => c.name === picked)) || curves[curves.length - 1];
  const isLast = shown === curves[curves.length - 1];
  const unvalidated = useMemo(() => unvalidatedOf(splits, shown?.name, classes), [splits, shown, classes]);
  const figure = useMemo(
    () =>
      buildCurvesFigure(
        shown?.history ?? [],
        isLast && phase !== 'done' ? live : null,
        classes,
        unvalidated,
        trees ? 'round' : 'epoch',
      ),
    [shown, isLast, live, phase, classes, unvalidated, trees],
  );
  // The views trained before this one, for the time left of the whole run.
  const doneS = useMemo(
    () => (layout === 'per-view' ? curves.slice(0, -1).map((c) => c.history.at(-1)?.elapsedS ?? 0) : []),
    [layout, curves],
  );
  const pct = Math.round(runFraction({ layout, view, live }) * 100);
  const text = runText({ layout, view, live, doneS, trees });
  const noRecall = classes.filter((_, c) => unvalidated[c]);
  return (
    <div className="train-progress">
      {running && (
        <div className="train-bar">
          <progress
            aria-label="Training progress"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={pct}
            max={100}
            value={pct}
          />
          <span role="status" aria-label="Training status">
            {phase === 'stopping' ? `Stopping after this ${trees ? 'tree' : 'batch'}… ${text}` : text}
          </span>
        </div>
      )}
      {!running && curves.length > 1 && (
        <label>
          Curves of{' '}
          <select aria-label="Curves of" value={shown?.name} onChange={(e) => setPicked(e.target.value)}>
            {curves.map((c) => (
              <option key={c.name} value={c.name}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {shown && (live || shown.history.length > 0) && (
        <PlotlyView
          figure={figure}
          label="Training curves"
          drawKey={`${shown.name}:${shown.history.length}:${isLast && live ? `${live.epoch}:${live.batch}` : ''}`}
        />
      )}
      {shown && noRecall.length > 0 && (
        <p role="note" className="muted" aria-label="Classes without recall curves">
          No validation windows, so no recall curve: {noRecall.join(', ')}
        </p>
      )}
    </div>
  );
}
