/**
 * Runs of an attack class read off the labels: a class's packets form one run until the class is silent for
 * `gapUs`. With a long gap (60 s) a run is an episode (a tool run; hydra against OpenSSH pauses ~30 s between
 * bursts); with a short one (10 s) a run is a stretch of one kind of traffic, which the default split cuts
 * 70/15/15 so every variant of a class is seen in training and tested later in time. Benign rows: -1.
 */

export const EPISODE_GAP_US = 60_000_000;
export const STRETCH_GAP_US = 10_000_000;

export function labelRuns(timeUs: Float64Array, labels: Uint8Array, gapUs = EPISODE_GAP_US, benign = 0): Int32Array {
  const out = new Int32Array(labels.length).fill(-1);
  const last = new Float64Array(256).fill(-Infinity);
  const current = new Int32Array(256).fill(-1);
  let next = 0;
  for (let r = 0; r < labels.length; r++) {
    const c = labels[r];
    if (c === benign) continue;
    if (current[c] < 0 || timeUs[r] - last[c] > gapUs) current[c] = next++;
    last[c] = timeUs[r];
    out[r] = current[c];
  }
  return out;
}
