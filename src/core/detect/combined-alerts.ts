/**
 * The detector of several views, evaluated as the sensor runs it: every view votes on its own windows and
 * groups, and an attack is alerted when any view fires. So the combined evaluation is the alert evaluation
 * over all views' windows at once, with each view's groups kept apart (the same key means different traffic
 * in different views).
 */
import { episodeAlerts, type AlertEvalInput, type AlertEvalResult } from './alert-eval.ts';

export type ViewWindows = Omit<AlertEvalInput, 'vote' | 'episodes' | 'graceUs'>;

export function combinedAlerts(
  views: readonly ViewWindows[],
  common: Pick<AlertEvalInput, 'vote' | 'episodes' | 'graceUs'>,
): AlertEvalResult {
  const n = views.reduce((s, v) => s + v.timeUs.length, 0);
  const timeUs = new Float64Array(n);
  const group = new Int32Array(n);
  const malicious = new Uint8Array(n);
  const withMask = views.every((v) => v.benignMask);
  const benignMask = withMask ? new Uint8Array(n) : undefined;
  let at = 0;
  let groupBase = 0;
  for (const v of views) {
    const m = v.timeUs.length;
    timeUs.set(v.timeUs, at);
    malicious.set(v.malicious, at);
    if (benignMask && v.benignMask) benignMask.set(v.benignMask, at);
    let most = -1;
    for (let i = 0; i < m; i++) {
      group[at + i] = groupBase + v.group[i];
      if (v.group[i] > most) most = v.group[i];
    }
    groupBase += most + 1;
    at += m;
  }
  return episodeAlerts({ timeUs, group, malicious, ...(benignMask ? { benignMask } : {}), ...common });
}
