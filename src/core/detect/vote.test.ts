import { describe, expect, it } from 'vitest';
import { GroupVoter } from './vote.ts';

const feed = (v: GroupVoter, group: number | string, seq: string, cls = 2): boolean[] =>
  [...seq].map((c, i) => v.push(group, c === '1', c === '1' ? cls : 0, i).firing);

describe('GroupVoter', () => {
  it('exactly half does not fire; more than half does', () => {
    const v = new GroupVoter({ k: 4, threshold: 0.5 });
    // 2/2 and 2/3 fire; 2/4 is exactly half.
    expect(feed(v, 'a', '1100')).toEqual([false, true, true, false]);
    const w = new GroupVoter({ k: 4, threshold: 0.5 });
    expect(feed(w, 'a', '0110')).toEqual([false, false, true, false]);
  });

  it('waits for ceil(K/2) predictions, then votes over what it has', () => {
    const v = new GroupVoter({ k: 5, threshold: 0.5 });
    // 1/1 and 2/2 are unanimous but too few; 3/3 fires.
    expect(feed(v, 'g', '111')).toEqual([false, false, true]);
    const r = v.push('h', true, 1, 0);
    expect(r).toEqual({ firing: false, malicious: 1, votes: 1, topClass: 1 });
  });

  it('only the last K predictions vote', () => {
    const v = new GroupVoter({ k: 3, threshold: 0.5 });
    // Windows: 111 fires, then 110 (2/3) fires, 100 (1/3) does not, 000 not, 001 not, 011 fires.
    expect(feed(v, 1, '111000011')).toEqual([false, true, true, true, false, false, false, false, true]);
    const last = v.push(1, false, 0, 10);
    expect(last.votes).toBe(3);
    expect(last.malicious).toBe(2);
  });

  it('keeps groups apart', () => {
    const v = new GroupVoter({ k: 3, threshold: 0.5 });
    const out: boolean[] = [];
    // Interleaved: group 1 all malicious, group 2 all benign.
    for (let i = 0; i < 4; i++) { out.push(v.push(1, true, 3, i).firing); out.push(v.push(2, false, 0, i).firing); }
    expect(out).toEqual([false, false, true, false, true, false, true, false]);
    expect(v.size).toBe(2);
    v.forget(1);
    expect(v.size).toBe(1);
    expect(v.push(1, true, 3, 9).firing).toBe(false);
  });

  it('reports the most frequent malicious class, lower id on ties', () => {
    const v = new GroupVoter({ k: 5, threshold: 0.5 });
    v.push('x', true, 4, 0);
    v.push('x', true, 2, 1);
    expect(v.push('x', false, 0, 2).topClass).toBe(2);
    expect(v.push('x', true, 4, 3).topClass).toBe(4);
  });

  it('forgets idle groups', () => {
    const v = new GroupVoter({ k: 3, threshold: 0.5 });
    v.push('old', true, 1, 100);
    v.push('new', true, 1, 900);
    expect(v.forgetIdle(500)).toBe(1);
    expect(v.size).toBe(1);
  });

  it('rejects a rule that cannot vote', () => {
    expect(() => new GroupVoter({ k: 0, threshold: 0.5 })).toThrow(/K/);
    expect(() => new GroupVoter({ k: 3, threshold: 1 })).toThrow(/threshold/);
  });
});
