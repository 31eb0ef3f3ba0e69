/**
 * Episodes from labels, for alert-level evaluation of a capture that has no episode log: a run of packets
 * of one attack class with no silence longer than `gapUs` is one episode (the tool name is the class).
 * Default gap 60 s: hydra against OpenSSH goes quiet ~30 s between bursts and is still one attack; lab-a's
 * separate floods are further apart than that.
 */
import type { EpisodeSpan } from './alert-eval.ts';

export const DEFAULT_EPISODE_GAP_US = 60e6;

export function episodesFromLabels(timeUs: Float64Array, labels: Uint8Array, classNames: readonly string[], benign = 0, gapUs = DEFAULT_EPISODE_GAP_US): EpisodeSpan[] {
  const open = new Map<number, { startUs: number; endUs: number }>();
  const out: EpisodeSpan[] = [];
  const close = (cls: number, e: { startUs: number; endUs: number }): void => {
    out.push({ tool: classNames[cls] ?? String(cls), variant: '', startUs: e.startUs, endUs: e.endUs });
  };
  for (let r = 0; r < labels.length; r++) {
    const cls = labels[r];
    if (cls === benign) continue;
    const t = timeUs[r];
    const e = open.get(cls);
    if (e && t - e.endUs <= gapUs) { e.endUs = t; continue; }
    if (e) close(cls, e);
    open.set(cls, { startUs: t, endUs: t });
  }
  for (const [cls, e] of open) close(cls, e);
  return out.sort((a, b) => a.startUs - b.startUs);
}
