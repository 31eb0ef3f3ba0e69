import { describe, expect, it } from 'vitest';
import { episodeAlerts, episodesFromJson, type EpisodeSpan } from './alert-eval.ts';

const S = 1_000_000;
// The early vote (from 2 of K = 3): these tests are about incidents and episodes, not the vote's size.
const vote = { k: 3, threshold: 0.5, minVotes: 2 };

/** One window per second for each group, `seq[i]` its prediction at second `t0 + i`. */
function windows(parts: { group: number; t0: number; seq: string }[]): {
  timeUs: Float64Array;
  group: Int32Array;
  malicious: Uint8Array;
} {
  const t: number[] = [];
  const g: number[] = [];
  const m: number[] = [];
  for (const p of parts)
    [...p.seq].forEach((c, i) => {
      t.push((p.t0 + i) * S);
      g.push(p.group);
      m.push(c === '1' ? 1 : 0);
    });
  return { timeUs: Float64Array.from(t), group: Int32Array.from(g), malicious: Uint8Array.from(m) };
}

const ep = (startS: number, endS: number, tool = 'nmap'): EpisodeSpan => ({
  tool,
  variant: 'syn',
  startUs: startS * S,
  endUs: endS * S,
});

describe('episodeAlerts', () => {
  it('alerts an episode and measures the delay from its start to the first firing', () => {
    // Benign from 0 to 99; group 7 attacks from 50: K = 3 needs 2 votes, so its second window (t = 51) fires.
    const w = windows([
      { group: 1, t0: 0, seq: '0'.repeat(100) },
      { group: 7, t0: 50, seq: '11111' },
    ]);
    const r = episodeAlerts({ ...w, vote, episodes: [ep(50, 55)] });
    expect(r.episodes).toEqual([{ tool: 'nmap', variant: 'syn', alerted: true, delay_s: 1 }]);
    expect(r.alerts).toEqual([{ startUs: 51 * S, endUs: 54 * S, group: 7 }]);
    expect(r.falseAlertsPerHour).toBe(0);
    expect(r.benignHours).toBeCloseTo(94 / 3600, 9);
  });

  it('takes windows in any order', () => {
    const w = windows([
      { group: 7, t0: 50, seq: '11111' },
      { group: 1, t0: 0, seq: '0'.repeat(100) },
    ]);
    const rev = {
      timeUs: w.timeUs.slice().reverse(),
      group: w.group.slice().reverse(),
      malicious: w.malicious.slice().reverse(),
    };
    expect(episodeAlerts({ ...rev, vote, episodes: [ep(50, 55)] }).episodes[0].delay_s).toBe(1);
  });

  it('does not alert when exactly half the votes are malicious', () => {
    const w = windows([{ group: 3, t0: 10, seq: '0101010101' }]);
    const r = episodeAlerts({ ...w, vote: { k: 4, threshold: 0.5 }, episodes: [ep(10, 20)] });
    expect(r.episodes[0].alerted).toBe(false);
    expect(r.episodes[0].delay_s).toBeNull();
    expect(r.alerts).toEqual([]);
  });

  it('votes per group: scattered malicious windows across groups do not add up', () => {
    // Three groups, each with one malicious window among benign ones at the same seconds.
    const w = windows([
      { group: 1, t0: 0, seq: '100100' },
      { group: 2, t0: 0, seq: '010010' },
      { group: 3, t0: 0, seq: '001001' },
    ]);
    expect(episodeAlerts({ ...w, vote, episodes: [ep(0, 6)] }).episodes[0].alerted).toBe(false);
  });

  it('counts incidents away from episodes as false alerts per benign hour', () => {
    // 1 hour of capture; firing around t = 1000 (false) and t = 2000 (inside the episode).
    const w = windows([
      { group: 1, t0: 0, seq: '0' },
      { group: 1, t0: 3600, seq: '0' },
      { group: 2, t0: 1000, seq: '111' },
      { group: 3, t0: 2000, seq: '111' },
    ]);
    const r = episodeAlerts({ ...w, vote, episodes: [ep(1990, 2010)] });
    expect(r.alerts.map((a) => a.group)).toEqual([2, 3]);
    expect(r.benignHours).toBeCloseTo((3600 - 20) / 3600, 9);
    expect(r.falseAlertsPerHour).toBeCloseTo(1 / ((3600 - 20) / 3600), 9);
  });

  it('merges firing within the grace into one incident and splits it after a longer gap', () => {
    const w = windows([
      { group: 4, t0: 100, seq: '111' },
      { group: 5, t0: 105, seq: '111' },
      { group: 6, t0: 120, seq: '111' },
    ]);
    const r = episodeAlerts({ ...w, vote, episodes: [], graceUs: 5 * S });
    // Group 4 fires 101-102, group 5 fires 106-107 (gap 4 s: merged), group 6 fires 121-122 (gap 14 s: new).
    expect(r.alerts).toEqual([
      { startUs: 101 * S, endUs: 107 * S, group: 4 },
      { startUs: 121 * S, endUs: 122 * S, group: 6 },
    ]);
  });

  it('accepts a late alert within the grace after the episode, not after it', () => {
    const w = windows([
      { group: 1, t0: 0, seq: '0'.repeat(40) },
      { group: 9, t0: 20, seq: '111' },
    ]);
    const onTime = episodeAlerts({ ...w, vote, episodes: [ep(10, 19)], graceUs: 5 * S });
    // Group 9 first fires at 21: 2 s after the end, within the 5 s grace.
    expect(onTime.episodes[0]).toMatchObject({ alerted: true, delay_s: 11 });
    expect(onTime.falseAlertsPerHour).toBe(0);
    const late = episodeAlerts({ ...w, vote, episodes: [ep(10, 15)], graceUs: 5 * S });
    expect(late.episodes[0].alerted).toBe(false);
    expect(late.falseAlertsPerHour).toBeGreaterThan(0);
  });

  it('does not count an incident on labelled attack windows as false even outside the episodes', () => {
    const w = windows([
      { group: 1, t0: 0, seq: '0'.repeat(100) },
      { group: 2, t0: 50, seq: '111' },
    ]);
    const benignMask = Uint8Array.from(w.group, (g) => (g === 2 ? 0 : 1));
    expect(episodeAlerts({ ...w, vote, episodes: [] }).falseAlertsPerHour).toBeGreaterThan(0);
    expect(episodeAlerts({ ...w, vote, episodes: [], benignMask }).falseAlertsPerHour).toBe(0);
  });

  it('handles no windows and rejects mismatched arrays', () => {
    const r = episodeAlerts({
      timeUs: new Float64Array(0),
      group: new Int32Array(0),
      malicious: new Uint8Array(0),
      vote,
      episodes: [ep(1, 2)],
    });
    expect(r).toEqual({
      episodes: [{ tool: 'nmap', variant: 'syn', alerted: false, delay_s: null }],
      falseAlertsPerHour: 0,
      benignHours: 0,
      alerts: [],
    });
    expect(() =>
      episodeAlerts({
        timeUs: new Float64Array(2),
        group: new Int32Array(1),
        malicious: new Uint8Array(2),
        vote,
        episodes: [],
      }),
    ).toThrow(/one entry per window/);
  });
});

describe('episodesFromJson', () => {
  it('reads the lab format in whole microseconds', () => {
    const eps = episodesFromJson({
      name: 'lab',
      episodes: [{ id: 1, tool: 'hping3', variant: 'syn-flood', start: 1795378378.5705352, end: 1795378387.682506 }],
    });
    expect(eps).toEqual([{ tool: 'hping3', variant: 'syn-flood', startUs: 1795378378570535, endUs: 1795378387682506 }]);
  });

  it('names the entry and field that is wrong', () => {
    expect(() => episodesFromJson([])).toThrow(/JSON object/);
    expect(() => episodesFromJson({})).toThrow(/"episodes" is missing/);
    expect(() =>
      episodesFromJson({
        episodes: [
          { tool: 'x', start: 1, end: 2 },
          { tool: 'y', start: '1', end: 2 },
        ],
      }),
    ).toThrow(/episodes\[1\]\.start/);
    expect(() => episodesFromJson({ episodes: [{ start: 1, end: 2 }] })).toThrow(/episodes\[0\]\.tool/);
    expect(() => episodesFromJson({ episodes: [{ tool: 'x', start: 3, end: 2 }] })).toThrow(/ends before it starts/);
  });
});
