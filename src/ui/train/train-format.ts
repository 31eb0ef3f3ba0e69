/** Progress and metric text for the training panel. */
import type { TrainProgress } from '../../core/model/train-loop.ts';
import { formatCount, formatTimeLeft } from '../format.ts';

/** Share of all batches done, 0..1 (batches of finished epochs plus the current one's). */
export function progressFraction(p: TrainProgress): number {
  const total = p.epochs * p.batches;
  return total > 0 ? Math.min(1, ((p.epoch - 1) * p.batches + p.batch) / total) : 0;
}

/**
 * "Epoch 2 of 12 · batch 40/118 · 5,310 windows/s · 31 s left"; with `runLeftS` (views still to train after
 * this one) "· 2 min 5 s left (this view 31 s)". For the trees (`trees`: one report per round) "Trees built
 * 40 of at most 150 · loss 0.120 · validation loss 0.135 · up to 31 s left": they may stop early, so the
 * count and time are bounds.
 */
export function progressText(p: TrainProgress, runLeftS: number | null = null, trees = false): string {
  const up = trees ? 'up to ' : '';
  const left =
    runLeftS === null
      ? `${up}${formatTimeLeft(p.etaS)} left`
      : `${up}${formatTimeLeft(runLeftS)} left (this view ${formatTimeLeft(p.etaS)})`;
  const speed = `${formatCount(Math.round(p.windowsPerSecond))} windows/s`;
  if (!trees) return `Epoch ${p.epoch} of ${p.epochs} · batch ${p.batch}/${p.batches} · ${speed} · ${left}`;
  const val = p.valLoss === null ? '' : ` · validation loss ${metric(p.valLoss)}`;
  return `Trees built ${p.epoch} of at most ${p.epochs} · loss ${metric(p.loss)}${val} · ${left}`;
}

/** A metric in [0, 1] with three decimals; '—' when there is no value. */
export function metric(v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(3);
}

/** Where a run of views stands: which view's turn, and how far the run is as a whole. */
export interface RunAt {
  readonly layout: 'per-view' | 'shared';
  readonly view: { readonly index: number; readonly count: number; readonly name: string } | null;
  readonly live: TrainProgress | null;
  /** Seconds each view before this one took to train (per-view layout), for the time left of the run. */
  readonly doneS?: readonly number[];
  /** Boosted trees: progress counts trees built (rounds), not epochs and batches. */
  readonly trees?: boolean;
}

/**
 * Seconds left in the whole run (per-view layout): this view's time left, and each view still to come at
 * the mean time of the views trained so far with this one's projected total (views of one capture have
 * about as many windows each). Null when no view follows this one or nothing is known yet.
 */
export function runTimeLeft({ layout, view, live, doneS = [] }: RunAt): number | null {
  if (layout === 'shared' || !view || !live || view.index + 1 >= view.count) return null;
  if (!Number.isFinite(live.etaS)) return null;
  const times = [...doneS, live.elapsedS + live.etaS];
  const perView = times.reduce((a, b) => a + b, 0) / times.length;
  return live.etaS + (view.count - view.index - 1) * perView;
}

/**
 * Share of the whole run, 0..1: per-view, the views before this one count as done (each model alike);
 * shared, the one model's progress.
 */
export function runFraction({ layout, view, live }: RunAt): number {
  const own = live ? progressFraction(live) : 0;
  if (layout === 'shared' || !view || view.count <= 1) return own;
  return Math.min(1, (view.index + own) / view.count);
}

/** "View 2 of 3: src · Epoch 1 of 2 · …"; "Shared model of 3 views · Epoch …"; preparing text before the first batch. */
export function runText(at: RunAt): string {
  const { layout, view, live } = at;
  if (layout === 'shared') {
    if (!live)
      return view
        ? `Preparing windows of view ${view.index + 1} of ${view.count}: ${view.name}…`
        : 'Preparing windows…';
    return `Shared model of ${view?.count ?? 1} view${view?.count === 1 ? '' : 's'} · ${progressText(live)}`;
  }
  const which = view ? `View ${view.index + 1} of ${view.count}: ${view.name}` : null;
  if (!live) return which ? `${which} · preparing windows…` : 'Preparing windows…';
  const text = progressText(live, runTimeLeft(at), at.trees);
  return which ? `${which} · ${text}` : text;
}
