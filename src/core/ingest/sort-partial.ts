/**
 * Sorts one worker's partial table by time, in that worker, so the workers sort their shares at the same
 * time and the final merge only walks each sorted partial front to back (see merge-partials.ts).
 * Gathering through a shuffled order is memory-bound (each read misses the cache); doing it on every core
 * at once is what keeps a 3M-row load in seconds.
 */
import { timeOrder } from '../table/time-order.ts';
import { releaseColumn, type PartialColumn, type PartialTable } from './partial-table.ts';

/** Consumes `p`: each column is released as soon as its sorted copy exists, to keep the peak low. */
export function sortPartial(p: PartialTable): PartialTable {
  const n = p.rows;
  const order = timeOrder(p.timeUs, p.timeNs, n);
  if (!order) return p;
  const columns: PartialColumn[] = [];
  for (let c = 0; c < p.columns.length; c++) {
    columns.push(sortColumn(p.columns[c], order));
    releaseColumn(p, c);
  }
  return {
    rows: n,
    timeUs: gatherF64(p.timeUs, new Float64Array(n), order),
    timeNs: gatherU16(p.timeNs, new Uint16Array(n), order),
    columns,
    stats: p.stats,
  };
}

function sortColumn(c: PartialColumn, order: Uint32Array): PartialColumn {
  const n = order.length;
  switch (c.kind) {
    case 'int': {
      const values = c.values instanceof Uint8Array ? gatherU8(c.values, new Uint8Array(n), order)
        : c.values instanceof Uint16Array ? gatherU16(c.values, new Uint16Array(n), order)
          : gatherU32(c.values, new Uint32Array(n), order);
      return { kind: 'int', bits: c.bits, values, present: gatherBits(c.present, order) };
    }
    case 'float':
      return { kind: 'float', values: gatherF64(c.values, new Float64Array(n), order) };
    case 'string':
      return { kind: 'string', codes: gatherU32(c.codes, new Uint32Array(n), order), dict: c.dict };
    case 'time':
      return { kind: 'time', zoneCodes: c.zoneCodes ? gatherU8(c.zoneCodes, new Uint8Array(n), order) : null, zones: c.zones };
    default: {
      const never: never = c;
      throw new Error(`unknown column ${String(never)}`);
    }
  }
}

// One loop per array type keeps each loop monomorphic for V8.
function gatherF64(from: Float64Array, to: Float64Array, order: Uint32Array): Float64Array {
  for (let i = 0; i < order.length; i++) to[i] = from[order[i]];
  return to;
}
function gatherU32(from: Uint32Array, to: Uint32Array, order: Uint32Array): Uint32Array {
  for (let i = 0; i < order.length; i++) to[i] = from[order[i]];
  return to;
}
function gatherU16(from: Uint16Array, to: Uint16Array, order: Uint32Array): Uint16Array {
  for (let i = 0; i < order.length; i++) to[i] = from[order[i]];
  return to;
}
function gatherU8(from: Uint8Array, to: Uint8Array, order: Uint32Array): Uint8Array {
  for (let i = 0; i < order.length; i++) to[i] = from[order[i]];
  return to;
}
function gatherBits(from: Uint8Array, order: Uint32Array): Uint8Array {
  const to = new Uint8Array((order.length + 7) >>> 3);
  for (let i = 0; i < order.length; i++) {
    const r = order[i];
    if (from[r >>> 3] & (1 << (r & 7))) to[i >>> 3] |= 1 << (i & 7);
  }
  return to;
}
