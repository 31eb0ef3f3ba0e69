/**
 * Episodes from labels, for alert-level evaluation of a capture that has no episode log: each run of an
 * attack class (labelRuns: no silence longer than `gapUs`) is one episode, named by its class. Default gap
 * 60 s: hydra against OpenSSH goes quiet ~30 s between bursts and is still one attack; lab-a's separate
 * floods are further apart than that.
 */
import { EPISODE_GAP_US, labelRuns } from '../features/label-runs.ts';
import type { EpisodeSpan } from './alert-eval.ts';

export const DEFAULT_EPISODE_GAP_US = EPISODE_GAP_US;

/** Rows must be in time order. */
export function episodesFromLabels(
  timeUs: Float64Array,
  labels: Uint8Array,
  classNames: readonly string[],
  benign = 0,
  gapUs = DEFAULT_EPISODE_GAP_US,
): EpisodeSpan[] {
  const runs = labelRuns(timeUs, labels, gapUs, benign);
  const spans: { cls: number; startUs: number; endUs: number }[] = [];
  for (let r = 0; r < runs.length; r++) {
    const run = runs[r];
    if (run < 0) continue;
    const s = spans[run];
    if (s) s.endUs = timeUs[r];
    else spans[run] = { cls: labels[r], startUs: timeUs[r], endUs: timeUs[r] };
  }
  return spans
    .map((s) => ({ tool: classNames[s.cls] ?? String(s.cls), variant: '', startUs: s.startUs, endUs: s.endUs }))
    .sort((a, b) => a.startUs - b.startUs);
}
