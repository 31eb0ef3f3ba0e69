import { describe, expect, it } from 'vitest';
import type { Endpoints } from './endpoints.ts';
import { IncidentTracker, type CloseReason, type Firing, type Incident } from './incidents.ts';

const EP: Endpoints = { srcIp: null, destIp: null, srcPort: null, destPort: null, proto: null };
const fire = (view: string, group: string, hosts: number[], atUs: number, classId = 1): Firing => ({
  view, group, hosts, describe: () => `${view} ${group}`, classId, atUs, groupPackets: 10, score: 0.9, malicious: 3, votes: 5, endpoints: () => EP,
});

function tracker(quietUs = 10): { t: IncidentTracker; opened: Incident[]; closed: [string[], CloseReason][] } {
  const opened: Incident[] = [];
  const closed: [string[], CloseReason][] = [];
  const t = new IncidentTracker(quietUs, (i) => opened.push(i), (i, r) => closed.push([i.members.map((m) => m.describe), r]));
  return { t, opened, closed };
}

describe('IncidentTracker', () => {
  it('joins firings that share a host and class into one incident; other classes and hosts open their own', () => {
    const { t, opened } = tracker();
    t.fire(fire('pair', 'A|V', [1, 2], 0));
    t.fire(fire('dst', 'V', [2], 1));
    t.fire(fire('src', 'A', [1], 2));
    t.fire(fire('dst', 'V', [2], 3, 2)); // another class
    t.fire(fire('dst', 'W', [3], 4)); // another host
    expect(opened.map((i) => i.members.map((m) => m.view))).toEqual([['pair', 'dst', 'src'], ['dst'], ['dst']]);
    expect(opened[0].windows).toBe(3);
    expect(t.size).toBe(3);
  });

  it('closes an incident once none of its members fired for the quiet time, listing every member', () => {
    const { t, closed } = tracker(10);
    t.fire(fire('pair', 'A|V', [1, 2], 0));
    t.fire(fire('dst', 'V', [2], 8));
    t.closeQuiet(15);
    expect(closed).toEqual([]);
    t.closeQuiet(19);
    expect(closed).toEqual([[['pair A|V', 'dst V'], 'timeout']]);
    t.fire(fire('dst', 'V', [2], 30)); // after closing, a firing opens a new incident
    expect(t.size).toBe(1);
  });

  it('lets an evicted member go, and closes an incident left with none', () => {
    const { t, closed } = tracker();
    t.fire(fire('pair', 'A|V', [1, 2], 0));
    t.fire(fire('dst', 'V', [2], 1));
    t.evicted('pair', 'A|V');
    expect(closed).toEqual([]);
    t.fire(fire('src', 'A', [1], 2)); // A left with the pair member: a new incident
    expect(t.size).toBe(2);
    t.evicted('dst', 'V');
    expect(closed).toEqual([[['dst V'], 'evicted']]);
    t.closeAll('shutdown');
    expect(closed.at(-1)).toEqual([['src A'], 'shutdown']);
    expect(t.size).toBe(0);
  });
});
