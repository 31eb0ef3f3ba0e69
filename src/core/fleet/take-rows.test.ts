/**
 * takeRows on a batch of the committed lab-a slice: the rows picked, in the order picked, cell for cell;
 * string columns carry only the texts those rows use; the picked table survives the batch bytes.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CsvBatcher } from '../sensor/csv-batcher.ts';
import { type Column, isPresent, type PacketTable } from '../table/packet-table.ts';
import { decodePacketBatch, encodePacketBatch } from './packet-batch.ts';
import { takeRows } from './take-rows.ts';

function sliceTable(): PacketTable {
  const b = new CsvBatcher();
  b.push(readFileSync('fixtures/capture/lab-a-slice.csv'));
  b.end();
  const t = b.take().table;
  if (!t) throw new Error('the slice gave no table');
  return t;
}

/** Row r's cell in column c as a plain value (null for a missing cell). */
function cell(c: Column, r: number): string | number | null {
  switch (c.kind) {
    case 'int':
      return isPresent(c.present, r) ? c.values[r] : null;
    case 'float':
      return Number.isNaN(c.values[r]) ? null : c.values[r];
    case 'string':
      return c.codes[r] === 0 ? null : c.dict[c.codes[r]];
    case 'time':
      return c.zoneCodes ? c.zones[c.zoneCodes[r]] : null;
  }
}

function row(t: PacketTable, r: number): unknown[] {
  return [t.timeUs[r], t.timeNs[r], ...t.columns.map((c) => cell(c, r))];
}

describe('takeRows', () => {
  const table = sliceTable();
  const n = table.rowCount;

  it('gives the rows asked for, in that order, every cell', () => {
    const rows = [n - 1, 0, 17, 17, 9, 1000, 8, 3];
    const picked = takeRows(table, rows);
    expect(picked.rowCount).toBe(rows.length);
    expect(picked.columns.map((c) => c.name)).toEqual(table.columns.map((c) => c.name));
    rows.forEach((r, i) => {
      expect(row(picked, i)).toEqual(row(table, r));
    });
  });

  it('keeps only the texts its rows use, and survives the batch bytes', () => {
    const rows = Uint32Array.from({ length: Math.floor(n / 7) }, (_, i) => i * 7);
    const picked = takeRows(table, rows);
    const back = decodePacketBatch(encodePacketBatch(picked));
    rows.forEach((r, i) => {
      expect(row(back, i)).toEqual(row(table, r));
    });
    for (const c of picked.columns) {
      if (c.kind !== 'string') continue;
      const used = new Set(Array.from(c.codes));
      used.add(0);
      expect(used.size, c.name).toBe(c.dict.length);
      expect(c.dict[0]).toBe('');
    }
    expect(encodePacketBatch(takeRows(table, [0])).length).toBeLessThan(encodePacketBatch(table).length / 50);
  });

  it('takes no rows, and refuses a row outside the table', () => {
    expect(takeRows(table, []).rowCount).toBe(0);
    expect(() => takeRows(table, [n])).toThrow(/row 3570 is not within/);
    expect(() => takeRows(table, [-1])).toThrow(/not within/);
  });
});
