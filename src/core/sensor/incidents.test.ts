import { describe, expect, it } from 'vitest';
import type { Endpoints } from './endpoints.ts';
import {
  IncidentTracker,
  MIN_WINDOWS,
  SETTLE_US,
  SETTLE_WINDOWS,
  type CloseReason,
  type Firing,
  type Incident,
} from './incidents.ts';

const EP: Endpoints = { srcIp: null, destIp: null, srcPort: null, destPort: null, proto: null };
const fire = (view: string, group: string, hosts: number[], atUs: number, classId = 1): Firing => ({
  view,
  group,
  hosts,
  describe: () => `${view} ${group}`,
  classId,
  atUs,
  groupPackets: 10,
  score: 0.9,
  malicious: 3,
  votes: 5,
  endpoints: () => EP,
});

/** Enough firing windows of one group for an incident to be announced (MIN_WINDOWS), 1 µs apart from `atUs`. */
function burst(t: IncidentTracker, view: string, group: string, hosts: number[], atUs: number, classId = 1): void {
  for (let w = 0; w < MIN_WINDOWS; w++) t.fire(fire(view, group, hosts, atUs + w, classId));
}

function tracker(quietUs = 10): { t: IncidentTracker; opened: Incident[]; closed: [string[], CloseReason][] } {
  const opened: Incident[] = [];
  const closed: [string[], CloseReason][] = [];
  const t = new IncidentTracker(
    quietUs,
    (i) => opened.push(i),
    (i, r) => closed.push([i.members.map((m) => m.describe), r]),
  );
  return { t, opened, closed };
}

describe('IncidentTracker', () => {
  it('joins firings that share a host into one incident, whatever their class; other hosts open their own', () => {
    const { t, opened } = tracker(100);
    t.fire(fire('pair', 'A|V', [1, 2], 0));
    t.fire(fire('dst', 'V', [2], 1));
    t.fire(fire('src', 'A', [1], 2));
    t.fire(fire('dst', 'V', [2], 3, 2)); // another class, the same incident
    burst(t, 'dst', 'W', [3], 4); // another host
    burst(t, 'pair', 'A|V', [1, 2], 20);
    t.closeAll('shutdown'); // each is announced, having seen fewer than SETTLE_WINDOWS windows, as it closes
    expect(opened.map((i) => i.members.map((m) => m.view))).toEqual([['pair', 'dst', 'src'], ['dst']]);
    expect(opened[0].windows).toBe(4 + MIN_WINDOWS);
    expect(opened[0].classId).toBe(1);
    expect(t.size).toBe(0);
  });

  it('announces nothing for an incident that never gathers MIN_WINDOWS firing windows: no alert, no closing record', () => {
    const { t, opened, closed } = tracker(10);
    for (let w = 0; w < MIN_WINDOWS - 1; w++) t.fire(fire('pair', 'A|V', [1, 2], w));
    t.closeQuiet(100);
    t.closeAll('shutdown');
    expect(opened).toEqual([]);
    expect(closed).toEqual([]);
    expect(t.size).toBe(0);
  });

  it('is named by the class most of its recent windows voted for, and says when that changes', () => {
    const renamed: [number, number, number][] = [];
    const t = new IncidentTracker(
      10e6,
      () => {},
      () => {},
      (i, previous, at) => renamed.push([previous, i.classId, at]),
    );
    // A flood (class 1) fires a thousand windows; one stray window of class 2 renames nothing.
    for (let w = 0; w < 1000; w++) t.fire(fire('pair', 'A|V', [1, 2], w * 1000));
    t.fire(fire('pair', 'A|V', [1, 2], 1e6, 2));
    expect(renamed).toEqual([]);
    // Five seconds later a brute force (class 2) on the same pair: the flood's windows have lost their say.
    for (let w = 0; w < 5; w++) t.fire(fire('pair', 'A|V', [1, 2], 6e6 + w * 1e5, 2));
    expect(renamed).toHaveLength(1);
    expect(renamed[0].slice(0, 2)).toEqual([1, 2]);
    expect(t.size).toBe(1);
  });

  it('closes a quiet incident before a later firing in the same batch could join it', () => {
    const { t, opened, closed } = tracker(10);
    burst(t, 'pair', 'A|V', [1, 2], 0);
    burst(t, 'pair', 'A|V', [1, 2], 25 + MIN_WINDOWS); // no closeQuiet in between (one batch), yet more than 10 quiet
    expect(closed).toEqual([[['pair A|V'], 'timeout']]);
    expect(t.size).toBe(1);
    t.closeAll('shutdown');
    expect(opened).toHaveLength(2);
  });

  it('writes its alert once settled, naming what most of its windows say, not the first vote', () => {
    const at: number[] = [];
    const t = new IncidentTracker(
      10e6,
      (i, us) => {
        at.push(us);
        expect(i.classId).toBe(1);
      },
      () => {},
    );
    // A flood at a closed port: its first two votes say brute force (2), then flood (1) at every window.
    t.fire(fire('pair', 'A|V', [1, 2], 0, 2));
    t.fire(fire('pair', 'A|V', [1, 2], 100, 2));
    for (let w = 2; w < SETTLE_WINDOWS; w++) t.fire(fire('pair', 'A|V', [1, 2], w * 100));
    expect(at).toEqual([(SETTLE_WINDOWS - 1) * 100]);
    // A slow attack is announced SETTLE_US after it opened, by the next batch's closeQuiet at the latest.
    burst(t, 'pair', 'B|W', [3, 4], 5e6);
    t.closeQuiet(5e6 + SETTLE_US / 2);
    expect(at).toHaveLength(1);
    t.closeQuiet(5e6 + SETTLE_US * 2);
    expect(at).toEqual([(SETTLE_WINDOWS - 1) * 100, 5e6 + SETTLE_US]);
  });

  it('closes an incident once none of its members fired for the quiet time, listing every member', () => {
    const { t, closed } = tracker(10);
    burst(t, 'pair', 'A|V', [1, 2], 0);
    t.fire(fire('dst', 'V', [2], 8 + MIN_WINDOWS));
    t.closeQuiet(15 + MIN_WINDOWS);
    expect(closed).toEqual([]);
    t.closeQuiet(19 + MIN_WINDOWS);
    expect(closed).toEqual([[['pair A|V', 'dst V'], 'timeout']]);
    t.fire(fire('dst', 'V', [2], 30 + MIN_WINDOWS)); // after closing, a firing opens a new incident
    expect(t.size).toBe(1);
  });

  it('lets an evicted member go, and closes an incident left with none', () => {
    const { t, closed } = tracker(100);
    t.fire(fire('pair', 'A|V', [1, 2], 0));
    burst(t, 'dst', 'V', [2], 1);
    t.evicted('pair', 'A|V');
    expect(closed).toEqual([]);
    burst(t, 'src', 'A', [1], 20); // A left with the pair member: a new incident
    expect(t.size).toBe(2);
    t.evicted('dst', 'V');
    expect(closed).toEqual([[['dst V'], 'evicted']]);
    t.closeAll('shutdown');
    expect(closed.at(-1)).toEqual([['src A'], 'shutdown']);
    expect(t.size).toBe(0);
  });
});
