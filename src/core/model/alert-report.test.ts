import { describe, expect, it } from 'vitest';
import type { PreparedWindows } from '../features/prepare.ts';
import { alertReport } from './alert-report.ts';

describe('alertReport', () => {
  it('votes per group over the windows in time order and scores episodes read off the labels', () => {
    const s = 1e6;
    // Windows given out of time order; group 1 floods from 100 s to 109 s, group 2 is benign all along.
    const ends = [105, 0, 101, 102, 103, 104, 100, 300, 3600, 50].map((t) => t * s);
    const labels = [1, 0, 1, 1, 1, 1, 1, 0, 0, 0];
    const groups = [1, 2, 1, 1, 1, 1, 1, 2, 2, 2];
    const p = {
      endUs: Float64Array.from(ends),
      labels: Uint8Array.from(labels),
      group: Int32Array.from(groups),
    } as unknown as PreparedWindows;
    const windows = Int32Array.from(ends.keys());
    // Predictions: the flood found from its third window on; one benign window at 300 s called an attack.
    const probs = new Float32Array(ends.length * 2);
    const attack = new Set([3, 4, 5, 0, 7]);
    windows.forEach((w) => {
      probs[w * 2 + (attack.has(w) ? 1 : 0)] = 1;
    });
    const r = alertReport(p, windows, probs, ['benign', 'hping3'], 0, { k: 3, threshold: 0.5 });
    // attackWindows: the six windows labelled hping3, each ending within the episode.
    expect(r.episodes).toEqual([{ tool: 'hping3', variant: '', alerted: true, delay_s: 3, attackWindows: 6 }]);
    expect(r.incidents).toBe(1); // one lone benign window cannot pass a vote of 3
    expect(r.falseAlertsPerHour).toBe(0);
  });
});
