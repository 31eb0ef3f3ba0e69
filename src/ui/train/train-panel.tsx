/**
 * The model card: options, Train/Stop, each view's split, live progress and curves, the session's runs
 * compared, the test-split evaluation of the trained detector (combined first, then each view), and the
 * model's files (export, import, evaluate on the open capture). Everything heavy runs in the train worker;
 * this only renders what it reports.
 */
import type { ReactNode } from 'react';
import { useEngine } from '../explore/engine-context.ts';
import { useCapture } from '../stores/capture-hooks.ts';
import { ModelFiles } from './model-files.tsx';
import { RunsCompared } from './runs-compared.tsx';
import { SplitView } from './split-view.tsx';
import { TestEvaluation } from './test-evaluation.tsx';
import { TrainOptionsForm } from './train-options-form.tsx';
import { TrainingProgress } from './training-progress.tsx';
import { isRunning, useTrain } from './train-store.ts';
import './train.css';

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

  return (
    <section className="train-panel card" aria-label="Model" aria-busy={running}>
      <div className="train-head">
        <h2>Model</h2>
        <button type="button" className="primary" onClick={() => void train(engine, fileName)} disabled={running}>
          Train
        </button>
        <button type="button" onClick={stop} disabled={phase !== 'training' && phase !== 'preparing'}>
          Stop
        </button>
        {backend && (
          <span role="status" aria-label="Backend in use" className="muted">
            Backend: <strong>{backend.name}</strong>
            {backend.note && ` (${backend.note})`}
          </span>
        )}
      </div>
      <TrainOptionsForm disabled={running} />
      {problems.length > 0 && (
        <ul role="alert" className="filter-error">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      {error && (
        <p role="alert" className="filter-error">
          Training failed: {error}
        </p>
      )}
      <SplitView />
      <TrainingProgress />
      <RunsCompared />
      {trained && <TestEvaluation trained={trained} backend={backend?.name ?? '?'} />}
      <ModelFiles />
    </section>
  );
}
