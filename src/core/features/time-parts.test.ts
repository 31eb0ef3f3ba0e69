import { describe, expect, it } from 'vitest';
import { justAfter, TimeParts } from './time-parts.ts';

describe('TimeParts', () => {
  it('paints stretches, a later paint winning where they overlap, and the time after a stretch keeps what lay under it', () => {
    const line = new TimeParts(9);
    line.paint(0, 100, 0);
    line.paint(40, 60, 1);
    line.paint(50, 55, 2);
    expect([-1, 0, 39, 40, 49, 50, 54, 55, 59, 60, 99, 100].map((t) => line.partAt(t))).toEqual([
      9, 0, 0, 1, 1, 2, 2, 1, 1, 0, 0, 9,
    ]);
    // A paint that starts where a segment starts and ends where one starts.
    line.paint(40, 50, 3);
    expect([39, 40, 49, 50, 55].map((t) => line.partAt(t))).toEqual([0, 3, 3, 2, 1]);
    line.paint(10, 10, 4);
    expect(line.partAt(10)).toBe(0);
  });

  it('gives a span its one part, or the mixed part when it crosses a change', () => {
    const line = new TimeParts(9);
    line.paint(0, 10, 0);
    line.paint(10, 20, 0);
    line.paint(20, 30, 1);
    expect(line.partOfSpan(2, 18, 7)).toBe(0);
    expect(line.partOfSpan(18, 22, 7)).toBe(7);
    expect(line.partOfSpan(25, 29, 7)).toBe(1);
    expect(line.partOfSpan(25, 30, 7)).toBe(7);
  });

  it('justAfter is the next time, also for big microsecond stamps', () => {
    for (const t of [0, 1, 1.795378378e15, -5]) {
      expect(justAfter(t)).toBeGreaterThan(t);
      expect(justAfter(t) - t).toBeLessThan(1);
    }
  });
});
