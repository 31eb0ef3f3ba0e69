import { describe, expect, it } from 'vitest';
import { timeOrder } from './time-order.ts';

function reference(us: number[], ns: number[]): number[] {
  return us.map((_, i) => i).sort((a, b) => us[a] - us[b] || ns[a] - ns[b] || a - b);
}

function check(us: number[], ns: number[]): void {
  const order = timeOrder(Float64Array.from(us), Uint16Array.from(ns), us.length);
  expect(order ? [...order] : us.map((_, i) => i)).toEqual(reference(us, ns));
}

describe('timeOrder', () => {
  it('returns null for rows already in order', () => {
    expect(timeOrder(Float64Array.from([1, 2, 2, 3]), Uint16Array.from([0, 1, 1, 0]), 4)).toBeNull();
  });

  it('sorts shuffled capture times with nanoseconds, stably', () => {
    const base = 1795378353952647;
    let seed = 7;
    const rand = (k: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % k;
    };
    const us: number[] = [];
    const ns: number[] = [];
    for (let i = 0; i < 5000; i++) {
      us.push(base + rand(600_000_000));
      ns.push(rand(3) * 400);
    }
    us.push(us[10]);
    ns.push(ns[10]); // an exact tie keeps file order
    check(us, ns);
  });

  it('sorts spans too long for nanosecond keys and too long for radix keys', () => {
    check([5e15, 1e12, 3e14, 1e12], [5, 9, 0, 1]); // ~158 years apart: comparison fallback
    check([1e15 + 9e13, 1e15, 1e15 + 5e12], [0, 999, 1]); // ~3 years: microsecond keys
  });

  it('sorts a capture that is nearly in order (frames a little early here and there), ties stable', () => {
    const us: number[] = [];
    const ns: number[] = [];
    for (let i = 0; i < 20000; i++) {
      us.push(1795378353952647 + i * 10);
      ns.push(i % 3);
    }
    for (let i = 50; i < 20000; i += 97) {
      us[i] -= 35;
      ns[i] = 0;
    } // a few microseconds early
    us[700] = us[699];
    ns[700] = ns[699]; // an exact tie keeps file order
    check(us, ns);
  });

  it("keeps the order rows of one instant take from `first` (a capture's shards, by frame)", () => {
    const us = [5, 1, 5, 3, 5];
    const ns = [0, 0, 0, 0, 0];
    const first = Uint32Array.from([1, 3, 4, 0, 2]);
    expect([...(timeOrder(Float64Array.from(us), Uint16Array.from(ns), 5, first) as Uint32Array)]).toEqual([
      1, 3, 4, 0, 2,
    ]);
    // Far from order: the radix sort keeps `first`'s order for ties too.
    const many = Array.from({ length: 3000 }, (_, i) => (i * 7919) % 1000);
    const firstMany = Uint32Array.from({ length: 3000 }, (_, i) => 2999 - i);
    const order = timeOrder(Float64Array.from(many), new Uint16Array(3000), 3000, firstMany) as Uint32Array;
    const rank = new Map([...firstMany].map((r, i) => [r, i]));
    const expected = many
      .map((_, i) => i)
      .sort((a, b) => many[a] - many[b] || (rank.get(a) as number) - (rank.get(b) as number));
    expect([...order]).toEqual(expected);
  });

  it('honours the row count', () => {
    const order = timeOrder(Float64Array.from([3, 1, 2, 0]), new Uint16Array(4), 3);
    expect([...(order as Uint32Array)]).toEqual([1, 2, 0]);
  });
});
