import { describe, expect, it } from 'vitest';
import { NONE } from './slot-pool.ts';
import { TupleTable } from './tuple-table.ts';

const put = (t: TupleTable, k: readonly number[], time = 0): number => {
  t.key.set(k);
  return t.find() === NONE ? t.insert(time) : t.find();
};
const has = (t: TupleTable, k: readonly number[]): boolean => {
  t.key.set(k);
  return t.find() !== NONE;
};

describe('TupleTable', () => {
  it('finds tuples by value, a missing field (NaN) equal to another, -0 to 0', () => {
    const t = new TupleTable(2, 1, 100);
    const e = put(t, [1, NaN]);
    expect(put(t, [1, NaN])).toBe(e);
    expect(has(t, [-0, 5])).toBe(false);
    put(t, [0, 5]);
    expect(has(t, [-0, 5])).toBe(true);
    expect(has(t, [NaN, 1])).toBe(false);
    expect(t.size).toBe(2);
  });

  it('keeps at most cap entries, dropping the least recently seen, through growth and reuse', () => {
    const t = new TupleTable(1, 0, 1000);
    for (let i = 0; i < 5000; i++) {
      put(t, [i], i);
      if (i >= 1) {
        t.key[0] = i - 1;
        t.touch(t.find(), i);
      } // i - 1 seen again: survives longer than i - 2
    }
    expect(t.size).toBe(1000);
    expect(has(t, [4999])).toBe(true);
    expect(has(t, [4000])).toBe(true);
    expect(has(t, [3999])).toBe(false);
  });

  it('forgets entries last seen before a time', () => {
    const t = new TupleTable(3, 0, 10);
    put(t, [1, 2, 3], 10);
    put(t, [4, 5, 6], 20);
    expect(t.forgetBefore(15)).toBe(1);
    expect(has(t, [1, 2, 3])).toBe(false);
    expect(has(t, [4, 5, 6])).toBe(true);
  });
});
