import { describe, expect, it } from 'vitest';
import { GroupVoter } from './vote.ts';

const feed = (v: GroupVoter, group: number | string, seq: string, cls = 2): boolean[] =>
  [...seq].map((c, i) => v.push(group, c === '1', c === '1' ? cls : 0, i).firing);

describe('GroupVoter', () => {
  it('exactly half does not fire; more than half does', () => {
    const v = new GroupVoter({ k: 4, threshold: 0.5, minScore: 0 }, 5);
    // A full vote of 4: 3/4 fires, 2/4 is exactly half.
    expect(feed(v, 'a', '0111001')).toEqual([false, false, false, true, true, false, false]);
  });

  it('fires only on a full vote of K by default, however unanimous the first windows', () => {
    const v = new GroupVoter({ k: 5, threshold: 0.5, minScore: 0 }, 5);
    expect(feed(v, 'g', '11111')).toEqual([false, false, false, false, true]);
    const r = v.push('h', true, 1, 0);
    expect(r).toMatchObject({ firing: false, malicious: 1, votes: 1, topClass: 1 });
  });

  it('votes early when the rule says so: from minVotes on, over the predictions it has', () => {
    const v = new GroupVoter({ k: 5, threshold: 0.5, minVotes: 3, minScore: 0 }, 5);
    // 1/1 and 2/2 are unanimous but too few; 3/3 fires.
    expect(feed(v, 'g', '111')).toEqual([false, false, true]);
    expect(() => new GroupVoter({ k: 5, threshold: 0.5, minVotes: 6 })).toThrow(/votes needed/);
  });

  it('only the last K predictions vote', () => {
    const v = new GroupVoter({ k: 3, threshold: 0.5, minScore: 0 }, 5);
    // Windows: 111 fires, then 110 (2/3) fires, 100 (1/3) does not, 000 not, 001 not, 011 fires.
    expect(feed(v, 1, '111000011')).toEqual([false, false, true, true, false, false, false, false, true]);
    const last = v.push(1, false, 0, 10);
    expect(last.votes).toBe(3);
    expect(last.malicious).toBe(2);
  });

  it('keeps groups apart', () => {
    const v = new GroupVoter({ k: 3, threshold: 0.5, minScore: 0 }, 5);
    const out: boolean[] = [];
    // Interleaved: group 1 all malicious, group 2 all benign.
    for (let i = 0; i < 4; i++) {
      out.push(v.push(1, true, 3, i).firing);
      out.push(v.push(2, false, 0, i).firing);
    }
    expect(out).toEqual([false, false, false, false, true, false, true, false]);
    expect(v.size).toBe(2);
    v.forget(1);
    expect(v.size).toBe(1);
    expect(v.push(1, true, 3, 9).firing).toBe(false);
  });

  it("scores the vote: the top class's mean probability over the voting windows, not the last window's", () => {
    const v = new GroupVoter({ k: 3, threshold: 0.5, minScore: 0 }, 3);
    v.push('s', true, 2, 0, [0.1, 0.1, 0.8]);
    v.push('s', true, 2, 1, [0.0, 0.1, 0.9]);
    const r = v.push('s', false, 0, 2, [0.99, 0, 0.01]);
    expect(r.firing).toBe(true);
    expect(r.topClass).toBe(2);
    expect(r.score).toBeCloseTo((0.8 + 0.9 + 0.01) / 3, 6);
  });

  it('fires only when the vote is also sure: its score must reach the floor (default 0.7)', () => {
    const v = new GroupVoter({ k: 5, threshold: 0.5 }, 2);
    // 3 of 5 windows malicious, each barely (0.55): a majority, but a mean of 0.33 for the class.
    for (const p of [0.55, 0.55, 0.1, 0.55, 0.1]) v.push('weak', p > 0.5, p > 0.5 ? 1 : 0, 0, [1 - p, p]);
    expect(v.push('weak', true, 1, 1, [0.45, 0.55])).toMatchObject({ firing: false, malicious: 3 });
    // The same majority, sure of itself, fires.
    const w = new GroupVoter({ k: 5, threshold: 0.5 }, 2);
    let last = w.push('sure', false, 0, 0, [0.9, 0.1]);
    for (let i = 0; i < 4; i++) last = w.push('sure', true, 1, i + 1, [0.02, 0.98]);
    expect(last).toMatchObject({ firing: true, malicious: 4 });
    expect(last.score).toBeCloseTo((0.1 + 4 * 0.98) / 5, 6);
  });

  it('starts a new vote when the group was silent longer than the expiry', () => {
    const v = new GroupVoter({ k: 3, threshold: 0.5, expireUs: 10, minScore: 0 }, 5);
    v.push('e', true, 1, 0);
    v.push('e', true, 1, 5);
    // 11 µs after the last window: the two malicious votes have expired; this is the first of a new vote.
    expect(v.push('e', true, 1, 16)).toMatchObject({ firing: false, votes: 1, malicious: 1 });
    expect(v.push('e', true, 1, 20).firing).toBe(false);
    expect(v.push('e', true, 1, 21).firing).toBe(true);
  });

  it('reports the most frequent malicious class, lower id on ties', () => {
    const v = new GroupVoter({ k: 5, threshold: 0.5, minScore: 0 }, 5);
    v.push('x', true, 4, 0);
    v.push('x', true, 2, 1);
    expect(v.push('x', false, 0, 2).topClass).toBe(2);
    expect(v.push('x', true, 4, 3).topClass).toBe(4);
  });

  it('forgets idle groups', () => {
    const v = new GroupVoter({ k: 3, threshold: 0.5, minScore: 0 }, 5);
    v.push('old', true, 1, 100);
    v.push('new', true, 1, 900);
    expect(v.forgetIdle(500)).toBe(1);
    expect(v.size).toBe(1);
  });

  it('rejects a rule that cannot vote', () => {
    expect(() => new GroupVoter({ k: 0, threshold: 0.5, minScore: 0 })).toThrow(/K/);
    expect(() => new GroupVoter({ k: 3, threshold: 1 })).toThrow(/threshold/);
  });
});
