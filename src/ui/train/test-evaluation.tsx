/**
 * A finished run on its test split: how the run ended, then the combined detector ("any view fires", as the
 * sensor alerts) and each view, compared in one table and in detail one tab at a time.
 */
import type { ReactNode } from 'react';
import { isTrees } from '../../core/model/model-config.ts';
import type { TrainOutcome } from '../../core/model/train-loop.ts';
import { formatCount, formatDuration } from '../format.ts';
import { DetectorResults, type DetectorResult } from './detector-results.tsx';
import { isRunning, modelTime, useTrain, type TrainedModel } from './train-store.ts';

const ENDED: Record<TrainOutcome['ended'], string> = {
  done: 'all epochs run',
  'early-stop': 'stopped early (validation loss stopped improving)',
  stopped: 'stopped by you',
};

/**
 * "Best epoch 2 of 2 run; all epochs run · 564 windows/s · 23.1 s"; for the trees (one per round) "Best
 * round 41 of 56 built; stopped early (...) · 23.1 s" (the trees do not run on the tfjs backend).
 */
export function outcomeText(o: TrainOutcome, backend: string, trees = false): string {
  const last = o.history.at(-1);
  const unit = trees ? 'round' : 'epoch';
  const ended = trees && o.ended === 'done' ? 'all rounds run' : ENDED[o.ended];
  const head =
    o.history.length === 0
      ? `No ${unit} finished; ${ended}`
      : `Best ${unit} ${o.bestEpoch} of ${o.history.length} ${trees ? 'built' : 'run'}; ${ended}`;
  if (!last) return head;
  if (trees) return `${head} · ${formatDuration(last.elapsedS)}`;
  return `${head} · ${formatCount(Math.round(last.windowsPerSecond))} windows/s on ${backend} · ${formatDuration(last.elapsedS)}`;
}

const supportOf = (r: { perClass: readonly { support: number }[] }): number =>
  r.perClass.reduce((s, c) => s + c.support, 0);

export function TestEvaluation({ trained, backend }: { trained: TrainedModel; backend: string }): ReactNode {
  const running = useTrain(isRunning);
  const { views, layout } = trained;
  const createdAt = views[0]?.manifest.createdAt ?? '';
  const names = views.map((v) => v.name).join(', ');
  const left = trained.viewsAsked.filter((n) => !views.some((v) => v.name === n));
  const seconds =
    layout === 'shared'
      ? (views[0]?.outcome.history.at(-1)?.elapsedS ?? 0)
      : views.reduce((s, v) => s + (v.outcome.history.at(-1)?.elapsedS ?? 0), 0);
  const k = views[0]?.manifest.vote.k ?? 5;
  const trees = views.length > 0 && views.every((v) => isTrees(v.manifest.model.kind));
  const results: DetectorResult[] = [
    {
      name: 'Combined',
      report: trained.report,
      curve: trained.curve,
      alerts: trained.alerts,
      windows: supportOf(trained.report),
      about: (
        <>
          Any view fires ({names}): each packet that ends a test window in some view gets the most confident attack call
          any view made there, else benign (its attack score, for the curve, the highest any view gave); alerts are
          every view's votes at once, as the sensor runs them. Every detector here is held to the same attack episodes:
          those of the test split's packets.
        </>
      ),
    },
    ...views.map(
      (v): DetectorResult => ({
        name: v.name,
        report: v.report,
        curve: v.curve,
        alerts: v.alerts,
        windows: supportOf(v.report),
        about: (
          <>
            The {v.name} view alone: windows of {v.manifest.window.size} packets grouped by {v.key}.{' '}
            <span role="group" aria-label="Training outcome">
              {outcomeText(v.outcome, backend, isTrees(v.manifest.model.kind))}
            </span>
          </>
        ),
      }),
    ),
  ];
  return (
    <div aria-label="Evaluation" role="group" className="train-evaluation">
      <h3>Evaluation on the test split</h3>
      {running && (
        <p role="note" aria-label="Earlier model" className="eval-warning">
          These are the figures of the model trained before this run ({modelTime(createdAt)}); the run in progress
          replaces them when it finishes.
        </p>
      )}
      <p className="muted" role="group" aria-label="Run outcome">
        {views.length} view{views.length === 1 ? '' : 's'} ({names}),{' '}
        {layout === 'shared' ? 'one shared model' : views.length === 1 ? 'one model' : 'one model each'}, trained in{' '}
        {formatDuration(seconds)}
        {/* The trees grow in the core's own code (WebAssembly), not on a tfjs backend. */}
        {trees ? ' (boosted trees)' : ` on ${backend}`}
        {left.length > 0
          ? `; stopped by you before ${left.join(', ')} started, so ${left.length === 1 ? 'it is' : 'they are'} left out`
          : views.some((v) => v.outcome.ended === 'stopped') && '; stopped by you'}
      </p>
      <DetectorResults label="Test split results" prefix="" where="in the test split" k={k} results={results} />
    </div>
  );
}
