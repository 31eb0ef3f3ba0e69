/**
 * The model card: options, Train/Stop, the split, live progress and curves, the test-split evaluation of
 * the trained model, and the model's files (export, import, evaluate on the open capture). Everything
 * heavy runs in the train worker; this only renders what it reports.
 */
import type { ReactNode } from 'react';
import { useEngine } from '../explore/engine-context.ts';
import { formatCount, formatDuration } from '../format.ts';
import { useCapture } from '../stores/capture-hooks.ts';
import { AlertsView } from './alerts-view.tsx';
import { MetricsView } from './metrics-view.tsx';
import { ModelFiles } from './model-files.tsx';
import { SplitView } from './split-view.tsx';
import { TrainOptionsForm } from './train-options-form.tsx';
import { TrainingProgress } from './training-progress.tsx';
import { isRunning, useTrain } from './train-store.ts';
import './train.css';

const ENDED: Record<string, string> = { done: 'all epochs run', 'early-stop': 'stopped early (validation loss stopped improving)', stopped: 'stopped by you' };

export function TrainPanel(): ReactNode {
  const engine = useEngine();
  const fileName = useCapture()?.summary.fileName ?? 'capture';
  const running = useTrain(isRunning);
  const phase = useTrain((s) => s.phase);
  const backend = useTrain((s) => s.backend);
  const problems = useTrain((s) => s.problems);
  const error = useTrain((s) => s.error);
  const trained = useTrain((s) => s.trained);
  const train = useTrain((s) => s.train);
  const stop = useTrain((s) => s.stop);
  const last = trained?.outcome.history.at(-1);

  return (
    <section className="train-panel card" aria-label="Model" aria-busy={running}>
      <div className="train-head">
        <h2>Model</h2>
        <button type="button" className="primary" onClick={() => void train(engine, fileName)} disabled={running}>Train</button>
        <button type="button" onClick={stop} disabled={phase !== 'training' && phase !== 'preparing'}>Stop</button>
        {backend && <span role="status" aria-label="Backend in use" className="muted">Backend: <strong>{backend.name}</strong>{backend.note && ` (${backend.note})`}</span>}
      </div>
      <TrainOptionsForm disabled={running} />
      {problems.length > 0 && <ul role="alert" className="filter-error">{problems.map((p) => <li key={p}>{p}</li>)}</ul>}
      {error && <p role="alert" className="filter-error">Training failed: {error}</p>}
      <SplitView />
      <TrainingProgress />
      {trained && (
        <div aria-label="Evaluation" role="group" className="train-evaluation">
          <h3>Evaluation on the test split</h3>
          <p className="muted" aria-label="Training outcome">
            Best epoch {trained.outcome.bestEpoch} of {trained.outcome.history.length} run; {ENDED[trained.outcome.ended]}
            {last && <> · {formatCount(Math.round(last.windowsPerSecond))} windows/s on {backend?.name ?? '?'} · {formatDuration(last.elapsedS)}</>}
          </p>
          <MetricsView report={trained.report} curve={trained.curve} prefix="" />
          <AlertsView alerts={trained.alerts} k={trained.manifest.vote.k} />
        </div>
      )}
      <ModelFiles />
    </section>
  );
}
