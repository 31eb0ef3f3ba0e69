/** Progress and metric text for the training panel. */
import type { TrainProgress } from '../../core/model/train-loop.ts';
import { formatCount, formatTimeLeft } from '../format.ts';

/** Share of all batches done, 0..1 (batches of finished epochs plus the current one's). */
export function progressFraction(p: TrainProgress): number {
  const total = p.epochs * p.batches;
  return total > 0 ? Math.min(1, ((p.epoch - 1) * p.batches + p.batch) / total) : 0;
}

/** "Epoch 2 of 12 · batch 40/118 · 5,310 windows/s · 31 s left". */
export function progressText(p: TrainProgress): string {
  return `Epoch ${p.epoch} of ${p.epochs} · batch ${p.batch}/${p.batches} · ${formatCount(Math.round(p.windowsPerSecond))} windows/s · ${formatTimeLeft(p.etaS)} left`;
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
export function runText({ layout, view, live }: RunAt): string {
  if (layout === 'shared') {
    if (!live)
      return view
        ? `Preparing windows of view ${view.index + 1} of ${view.count}: ${view.name}…`
        : 'Preparing windows…';
    return `Shared model of ${view?.count ?? 1} view${view?.count === 1 ? '' : 's'} · ${progressText(live)}`;
  }
  const which = view ? `View ${view.index + 1} of ${view.count}: ${view.name}` : null;
  if (!live) return which ? `${which} · preparing windows…` : 'Preparing windows…';
  return which ? `${which} · ${progressText(live)}` : progressText(live);
}
