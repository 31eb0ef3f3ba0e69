/**
 * Joins the workers' partial tables, each already sorted by time (sort-partial.ts), into one PacketTable.
 *
 * A k-way merge decides once which partial each output row comes from; every column is then copied in one
 * front-to-back pass over each partial, so the merge reads memory in order. Each worker coded its strings
 * with its own dictionary, so codes are remapped into one dictionary on the way.
 */
import type { Column, IntArray, PacketTable } from '../table/packet-table.ts';
import { bitmapBytes } from '../table/packet-table.ts';
import type { HeaderPlan } from './csv-header.ts';
import { releaseColumn, type PartialColumn, type PartialTable } from './partial-table.ts';

/** Consumes the partials: each of their columns is released once merged. */
export function mergePartials(plan: HeaderPlan, partials: readonly PartialTable[]): PacketTable {
  const total = partials.reduce((n, p) => n + p.rows, 0);
  const source = mergeOrder(partials, total);
  const k = partials.length;
  const timeUs = new Float64Array(total);
  const timeNs = new Uint16Array(total);
  interleave(partials.map((p) => p.timeUs), timeUs, source, k);
  interleave(partials.map((p) => p.timeNs), timeNs, source, k);

  const columns: Column[] = plan.columns.map((spec, c) => {
    const parts = partials.map((p) => p.columns[c]);
    for (const p of partials) releaseColumn(p, c);
    const first = parts[0];
    switch (first.kind) {
      case 'int': {
        const ints = parts as Extract<PartialColumn, { kind: 'int' }>[];
        const values = allocBits(first.bits, total);
        interleave(ints.map((p) => p.values), values, source, k);
        const present = interleaveBits(ints.map((p) => p.present), total, source, k);
        return { kind: 'int', name: spec.name, type: spec.type, values, present };
      }
      case 'float': {
        const values = new Float64Array(total);
        interleave((parts as Extract<PartialColumn, { kind: 'float' }>[]).map((p) => p.values), values, source, k);
        return { kind: 'float', name: spec.name, type: spec.type, values };
      }
      case 'string': {
        const strs = parts as Extract<PartialColumn, { kind: 'string' }>[];
        const { dict, remaps } = mergeDictionaries(strs.map((p) => p.dict));
        const codes = allocBits(dict.length <= 0x100 ? 8 : dict.length <= 0x10000 ? 16 : 32, total);
        interleaveRemapped(strs.map((p) => p.codes), remaps, codes, source, k);
        return { kind: 'string', name: spec.name, type: spec.type, codes, dict };
      }
      case 'time': {
        const times = parts as Extract<PartialColumn, { kind: 'time' }>[];
        if (!first.zoneCodes) return { kind: 'time', name: spec.name, type: spec.type, zoneCodes: null, zones: [''] };
        const { dict, remaps } = mergeDictionaries(times.map((p) => p.zones));
        const zoneCodes = new Uint8Array(total);
        interleaveRemapped(times.map((p) => p.zoneCodes as Uint8Array), remaps, zoneCodes, source, k);
        return { kind: 'time', name: spec.name, type: spec.type, zoneCodes, zones: dict };
      }
      default: {
        const never: never = first;
        throw new Error(`unknown partial column ${String(never)}`);
      }
    }
  });
  return { rowCount: total, timeUs, timeNs, columns };
}

/** For each output row, the partial it comes from (earliest time first; ties go to the lower partial). */
function mergeOrder(partials: readonly PartialTable[], total: number): Uint8Array {
  const k = partials.length;
  const source = new Uint8Array(total);
  if (k === 1) return source;
  const at = new Array<number>(k).fill(0);
  for (let i = 0; i < total; i++) {
    let best = -1;
    let bu = Infinity;
    let bn = Infinity;
    for (let p = 0; p < k; p++) {
      const r = at[p];
      const part = partials[p];
      if (r >= part.rows) continue;
      const u = part.timeUs[r];
      if (u < bu || (u === bu && part.timeNs[r] < bn)) { best = p; bu = u; bn = part.timeNs[r]; }
    }
    source[i] = best;
    at[best]++;
  }
  return source;
}

type Numeric = IntArray | Float64Array;

function interleave(from: readonly Numeric[], to: Numeric, source: Uint8Array, k: number): void {
  if (k === 1) { to.set(from[0].subarray(0, to.length)); return; }
  const at = new Array<number>(k).fill(0);
  for (let i = 0; i < to.length; i++) { const p = source[i]; to[i] = from[p][at[p]++]; }
}

function interleaveRemapped(from: readonly (Uint8Array | Uint32Array)[], remaps: readonly Uint32Array[], to: IntArray, source: Uint8Array, k: number): void {
  const at = new Array<number>(k).fill(0);
  for (let i = 0; i < to.length; i++) { const p = source[i]; to[i] = remaps[p][from[p][at[p]++]]; }
}

function interleaveBits(from: readonly Uint8Array[], total: number, source: Uint8Array, k: number): Uint8Array {
  const out = new Uint8Array(bitmapBytes(total));
  if (k === 1) { out.set(from[0].subarray(0, out.length)); return out; }
  const at = new Array<number>(k).fill(0);
  for (let i = 0; i < total; i++) {
    const p = source[i];
    const r = at[p]++;
    if (from[p][r >>> 3] & (1 << (r & 7))) out[i >>> 3] |= 1 << (i & 7);
  }
  return out;
}

function allocBits(bits: 8 | 16 | 32, n: number): IntArray {
  return bits === 8 ? new Uint8Array(n) : bits === 16 ? new Uint16Array(n) : new Uint32Array(n);
}

/** One dictionary for all partials (value 0 stays ''), and per partial the map from its codes to the new ones. */
export function mergeDictionaries(dicts: readonly (readonly string[])[]): { dict: string[]; remaps: Uint32Array[] } {
  const dict: string[] = [''];
  const index = new Map<string, number>();
  const remaps = dicts.map((d) => {
    const remap = new Uint32Array(d.length);
    for (let c = 1; c < d.length; c++) {
      let code = index.get(d[c]);
      if (code === undefined) { code = dict.length; dict.push(d[c]); index.set(d[c], code); }
      remap[c] = code;
    }
    return remap;
  });
  return { dict, remaps };
}
