import { describe, expect, it } from 'vitest';
import { episodeAlerts } from './alert-eval.ts';
import { combinedAlerts, type ViewWindows } from './combined-alerts.ts';

const S = 1e6;
/** Windows of one group every 0.1 s over [fromS, toS), malicious as given. */
function windows(fromS: number, toS: number, malicious: boolean, group = 0): ViewWindows {
  const t: number[] = [];
  for (let s = fromS; s < toS - 1e-9; s += 0.1) t.push(s * S);
  return {
    timeUs: Float64Array.from(t),
    group: new Int32Array(t.length).fill(group),
    malicious: new Uint8Array(t.length).fill(malicious ? 1 : 0),
  };
}
const join = (...parts: ViewWindows[]): ViewWindows => ({
  timeUs: Float64Array.from(parts.flatMap((p) => [...p.timeUs])),
  group: Int32Array.from(parts.flatMap((p) => [...p.group])),
  malicious: Uint8Array.from(parts.flatMap((p) => [...p.malicious])),
});

describe('combinedAlerts', () => {
  const episodes = [
    { tool: 'hping3', variant: 'rand-source', startUs: 10 * S, endUs: 20 * S },
    { tool: 'ping', variant: 'sweep', startUs: 100 * S, endUs: 110 * S },
  ];
  // The early vote (from 3 of K = 5), so two malicious of a group's first three windows fire.
  const vote = { k: 5, threshold: 0.5, minVotes: 3 };
  // The pair view sees only the sweep's windows as malicious; the destination view only the flood's.
  const pair = join(windows(0, 10, false), windows(100, 110, true, 1));
  const dst = join(windows(10, 20, true, 0), windows(100, 110, false, 1));

  it('alerts an episode when any view fires', () => {
    const each = [pair, dst].map((v) => episodeAlerts({ ...v, vote, episodes }).episodes.map((e) => e.alerted));
    expect(each).toEqual([
      [false, true],
      [true, false],
    ]);
    const both = combinedAlerts([pair, dst], { vote, episodes });
    expect(both.episodes.map((e) => e.alerted)).toEqual([true, true]);
    expect(both.falseAlertsPerHour).toBe(0);
  });

  it("keeps views' groups apart: the same group number in two views votes separately", () => {
    // Alone, each view's group 0 has one malicious window, then benign ones: no vote passes. Merged into one
    // group, two malicious of the first three would.
    const a = join(windows(10, 10.1, true), windows(10.1, 10.5, false));
    const b = join(windows(10.05, 10.15, true), windows(10.15, 10.55, false));
    expect(episodeAlerts({ ...join(a, b), vote, episodes }).alerts).toHaveLength(1);
    expect(combinedAlerts([a, b], { vote, episodes }).alerts).toEqual([]);
  });
});
