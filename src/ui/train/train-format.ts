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
