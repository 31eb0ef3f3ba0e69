import { describe, expect, it } from 'vitest';
import { isPresent, type PacketTable } from './packet-table.ts';
import { sliceRows } from './slice-rows.ts';

function table(n: number): PacketTable {
  const present = new Uint8Array(Math.ceil(n / 8));
  for (let r = 0; r < n; r += 3) present[r >>> 3] |= 1 << (r & 7);
  return {
    rowCount: n,
    timeUs: Float64Array.from({ length: n }, (_, r) => 1000 + r),
    timeNs: new Uint16Array(n),
    columns: [
      {
        kind: 'int',
        name: 'tcp.port',
        type: 'uint',
        values: Uint16Array.from({ length: n }, (_, r) => r * 2),
        present,
      },
      {
        kind: 'string',
        name: 'ip.src',
        type: 'string',
        codes: Uint8Array.from({ length: n }, (_, r) => r % 2),
        dict: ['', 'a'],
      },
      { kind: 'float', name: 'x', type: 'float', values: Float64Array.from({ length: n }, (_, r) => r / 2) },
    ],
  } as unknown as PacketTable;
}

describe('sliceRows', () => {
  it.each([
    [8, 24],
    [5, 19],
    [0, 40],
    [13, 13],
  ])('rows [%i, %i) keep their values and presence', (from, to) => {
    const t = table(40);
    const s = sliceRows(t, from, to);
    expect(s.rowCount).toBe(to - from);
    expect([...s.timeUs]).toEqual([...t.timeUs].slice(from, to));
    const [port, src, x] = s.columns;
    for (let r = 0; r < to - from; r++) {
      if (port.kind !== 'int' || src.kind !== 'string' || x.kind !== 'float') throw new Error('kinds');
      expect(isPresent(port.present, r)).toBe((from + r) % 3 === 0);
      expect(port.values[r]).toBe((from + r) * 2);
      expect(src.codes[r]).toBe((from + r) % 2);
      expect(x.values[r]).toBe((from + r) / 2);
    }
  });

  it('refuses rows outside the table', () => {
    expect(() => sliceRows(table(4), 2, 5)).toThrow(/not within/);
  });
});
