/** The run as it goes: backend, progress bar with epoch, speed and time left, and the curves. */
import { useMemo, type ReactNode } from 'react';
import { PlotlyView } from '../explore/plotly-view.tsx';
import { buildCurvesFigure } from './train-figures.ts';
import { progressFraction, progressText } from './train-format.ts';
import { useTrain } from './train-store.ts';

const NO_CLASSES: readonly string[] = []; // a stable value: a fresh [] per read would re-render forever

export function TrainingProgress(): ReactNode {
  const live = useTrain((s) => s.live);
  const history = useTrain((s) => s.history);
  const phase = useTrain((s) => s.phase);
  const classes = useTrain((s) => s.split?.classes ?? NO_CLASSES);
  const figure = useMemo(() => buildCurvesFigure(history, phase === 'done' ? null : live, classes), [history, live, phase, classes]);
  const pct = live ? Math.round(progressFraction(live) * 100) : 0;
  return (
    <div className="train-progress">
      {(phase === 'training' || phase === 'stopping' || phase === 'preparing') && (
        <div className="train-bar">
          <progress role="progressbar" aria-label="Training progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} max={100} value={pct} />
          <span role="status" aria-label="Training status">{phase === 'preparing' || !live ? 'Preparing windows…' : phase === 'stopping' ? `Stopping after this batch… ${progressText(live)}` : progressText(live)}</span>
        </div>
      )}
      {live && <PlotlyView figure={figure} label="Training curves" drawKey={`${history.length}:${live.epoch}:${live.batch}`} />}
    </div>
  );
}
