/**
 * Chosen rows of a PacketTable, in the order given, as a table of their own: what a capture point sends one
 * shard out of a batch. Unlike sliceRows the rows need not be contiguous, so every array is copied.
 * A string column keeps only the texts its rows use (recoded, in first-use order, in the narrowest code
 * array): a shard's batch would otherwise carry the whole batch's dictionary, most of it other shards' hosts.
 */
import {
  bitmapBytes,
  type CodeArray,
  type Column,
  type IntArray,
  isPresent,
  type PacketTable,
} from '../table/packet-table.ts';

export function takeRows(table: PacketTable, rows: ArrayLike<number>): PacketTable {
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (!(Number.isInteger(r) && r >= 0 && r < table.rowCount))
      throw new Error(`row ${r} is not within the table's ${table.rowCount}`);
  }
  return {
    rowCount: rows.length,
    timeUs: Float64Array.from({ length: rows.length }, (_, i) => table.timeUs[rows[i]]),
    timeNs: Uint16Array.from({ length: rows.length }, (_, i) => table.timeNs[rows[i]]),
    columns: table.columns.map((c) => takeColumn(c, rows)),
  };
}

function takeColumn(c: Column, rows: ArrayLike<number>): Column {
  const n = rows.length;
  switch (c.kind) {
    case 'int': {
      const values = sameWidth(c.values, n);
      const present = new Uint8Array(bitmapBytes(n));
      for (let i = 0; i < n; i++) {
        const r = rows[i];
        values[i] = c.values[r];
        if (isPresent(c.present, r)) present[i >>> 3] |= 1 << (i & 7);
      }
      return { ...c, values, present };
    }
    case 'float':
      return { ...c, values: Float64Array.from({ length: n }, (_, i) => c.values[rows[i]]) };
    case 'string':
      return { ...c, ...recode(c.codes, c.dict, rows) };
    case 'time': {
      const zones = c.zoneCodes;
      return zones ? { ...c, zoneCodes: Uint8Array.from({ length: n }, (_, i) => zones[rows[i]]) } : c;
    }
  }
}

/** An empty array of `a`'s width (a port column stays 2 bytes a cell). */
function sameWidth(a: IntArray, n: number): IntArray {
  if (a instanceof Uint8Array) return new Uint8Array(n);
  return a instanceof Uint16Array ? new Uint16Array(n) : new Uint32Array(n);
}

/** The rows' codes against a dictionary of only the texts they use; code 0 stays the missing value ''. */
function recode(
  codes: CodeArray,
  dict: readonly string[],
  rows: ArrayLike<number>,
): { codes: CodeArray; dict: string[] } {
  const newCode = new Map<number, number>([[0, 0]]);
  const used: string[] = [dict[0] ?? ''];
  const picked = new Uint32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const old = codes[rows[i]];
    let code = newCode.get(old);
    if (code === undefined) {
      code = used.length;
      newCode.set(old, code);
      used.push(dict[old]);
    }
    picked[i] = code;
  }
  const narrow =
    used.length <= 0x100 ? Uint8Array.from(picked) : used.length <= 0x10000 ? Uint16Array.from(picked) : picked;
  return { codes: narrow, dict: used };
}
