/**
 * Rows [from, to) of a table as a table of their own, sharing the arrays where it can: typed-array views, and
 * the presence bitmaps too when `from` is a multiple of 8 (otherwise those are copied, shifted).
 */
import { bitmapBytes, isPresent, type Column, type PacketTable } from './packet-table.ts';

export function sliceRows(table: PacketTable, from: number, to: number): PacketTable {
  if (!(from >= 0 && to <= table.rowCount && from <= to))
    throw new Error(`rows [${from}, ${to}) are not within the table's ${table.rowCount}`);
  const columns = table.columns.map((c) => sliceColumn(c, from, to));
  return {
    rowCount: to - from,
    timeUs: table.timeUs.subarray(from, to),
    timeNs: table.timeNs.subarray(from, to),
    columns,
  };
}

function sliceColumn(c: Column, from: number, to: number): Column {
  switch (c.kind) {
    case 'int':
      return { ...c, values: c.values.subarray(from, to), present: sliceBitmap(c.present, from, to) };
    case 'float':
      return { ...c, values: c.values.subarray(from, to) };
    case 'string':
      return { ...c, codes: c.codes.subarray(from, to) };
    case 'time':
      return c.zoneCodes ? { ...c, zoneCodes: c.zoneCodes.subarray(from, to) } : c;
  }
}

function sliceBitmap(present: Uint8Array, from: number, to: number): Uint8Array {
  if ((from & 7) === 0) return present.subarray(from >>> 3, (from >>> 3) + bitmapBytes(to - from));
  const out = new Uint8Array(bitmapBytes(to - from));
  for (let r = from; r < to; r++) if (isPresent(present, r)) out[(r - from) >>> 3] |= 1 << ((r - from) & 7);
  return out;
}
