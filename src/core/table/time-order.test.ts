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
    const rand = (k: number): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % k; };
    const us: number[] = [];
    const ns: number[] = [];
    for (let i = 0; i < 5000; i++) { us.push(base + rand(600_000_000)); ns.push(rand(3) * 400); }
    us.push(us[10]); ns.push(ns[10]); // an exact tie keeps file order
    check(us, ns);
  });

  it('sorts spans too long for nanosecond keys and too long for radix keys', () => {
    check([5e15, 1e12, 3e14, 1e12], [5, 9, 0, 1]); // ~158 years apart: comparison fallback
    check([1e15 + 9e13, 1e15, 1e15 + 5e12], [0, 999, 1]); // ~3 years: microsecond keys
  });

  it('honours the row count', () => {
    const order = timeOrder(Float64Array.from([3, 1, 2, 0]), new Uint16Array(4), 3);
    expect([...(order as Uint32Array)]).toEqual([1, 2, 0]);
  });
});
