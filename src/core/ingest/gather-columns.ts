/**
 * Builds the finished, time-sorted table from the workers' partial tables, as two steps that can run on
 * different threads: `orderByTime` (one radix sort over every partial's times) and `gatherColumn` (one
 * column through that order). The browser gathers different columns in different workers at once; Node runs
 * the same functions in a loop (mergePartials). Gathering through a shuffled order is memory-bound, so
 * splitting columns over cores is what keeps a 3M-row load in seconds.
 */
import type { Column, IntArray, PacketTable } from '../table/packet-table.ts';
import { bitmapBytes } from '../table/packet-table.ts';
import { Permutation, type PermutationMaps } from '../table/permutation.ts';
import { timeOrder } from '../table/time-order.ts';
import type { ColumnPlan, HeaderPlan } from './csv-header.ts';
import { releaseColumn, type PartialColumn, type PartialTable } from './partial-table.ts';

export interface TimeOrder {
  /** Moves concatenated partial rows into time order; null when they already are in order. */
  readonly perm: PermutationMaps | null;
  readonly timeUs: Float64Array;
  readonly timeNs: Uint16Array;
  /** Rows of each partial, in the order the partials were concatenated. */
  readonly rows: readonly number[];
}

export interface PartialTimes {
  readonly timeUs: Float64Array;
  readonly timeNs: Uint16Array;
  readonly rows: number;
  /** A capture shard's frame numbers (ascending): rows of one instant then keep frame order across shards. */
  readonly frameNumbers?: Uint32Array;
}

export function orderByTime(times: readonly PartialTimes[]): TimeOrder {
  const total = times.reduce((n, t) => n + t.rows, 0);
  let us = new Float64Array(total);
  let ns = new Uint16Array(total);
  let at = 0;
  for (const t of times) {
    us.set(t.timeUs.subarray(0, t.rows), at);
    ns.set(t.timeNs.subarray(0, t.rows), at);
    at += t.rows;
  }
  const numbered = times.length > 1 && times.every((t) => t.frameNumbers !== undefined);
  const order = timeOrder(us, ns, total, numbered ? frameOrder(times.map((t) => (t.frameNumbers as Uint32Array).subarray(0, t.rows))) : null);
  const perm = order ? Permutation.fromOrder(order) : null;
  if (perm) {
    const su = new Float64Array(total);
    const sn = new Uint16Array(total);
    perm.apply(us, su);
    perm.apply(ns, sn);
    us = su;
    ns = sn;
  }
  return { perm: perm ? perm.maps : null, timeUs: us, timeNs: ns, rows: times.map((t) => t.rows) };
}

/** A capture shard's times, with its frame numbers (a copy: the column itself is gathered later). */
export function shardTimes(plan: HeaderPlan, p: PartialTable): PartialTimes {
  const c = p.columns[plan.columns.findIndex((s) => s.name === 'frame.number')];
  const frameNumbers = c?.kind === 'int' ? Uint32Array.from(c.values.subarray(0, p.rows)) : undefined;
  return { timeUs: p.timeUs, timeNs: p.timeNs, rows: p.rows, frameNumbers };
}

/**
 * The concatenated rows of shards in frame order: a merge of the ascending runs (a shard's segments follow
 * one another, so there are about as many runs as shards).
 */
function frameOrder(numbers: readonly Uint32Array[]): Uint32Array {
  const total = numbers.reduce((n, a) => n + a.length, 0);
  const all = new Uint32Array(total);
  let at = 0;
  for (const a of numbers) { all.set(a, at); at += a.length; }
  const runStart: number[] = [];
  for (let i = 0; i < total; i++) if (i === 0 || all[i] < all[i - 1]) runStart.push(i);
  const runEnd = [...runStart.slice(1), total];
  const pos = runStart.slice();
  const out = new Uint32Array(total);
  for (let k = 0; k < total; k++) {
    let best = -1;
    for (let r = 0; r < pos.length; r++) {
      if (pos[r] < runEnd[r] && (best < 0 || all[pos[r]] < all[pos[best]])) best = r;
    }
    out[k] = pos[best]++;
  }
  return out;
}

/**
 * Column `spec` of the finished table from that column of each partial (in `rows` order), moved through
 * `perm` (built once from TimeOrder.perm and shared by every column a thread gathers).
 */
export function gatherColumn(spec: ColumnPlan, parts: readonly PartialColumn[], rows: readonly number[], perm: Permutation | null): Column {
  const total = rows.reduce((a, b) => a + b, 0);
  const first = parts[0];
  switch (first.kind) {
    case 'int': {
      const ints = parts as Extract<PartialColumn, { kind: 'int' }>[];
      const values = allocBits(first.bits, total);
      const concat = allocBits(first.bits, total);
      concatInto(ints.map((p) => p.values), rows, concat);
      if (perm) perm.apply(concat, values); else values.set(concat);
      const joined = joinBitmaps(ints.map((p) => p.present), rows, total);
      const present = perm ? perm.applyBits(joined) : joined;
      return { kind: 'int', name: spec.name, type: spec.type, values, present };
    }
    case 'float': {
      const values = new Float64Array(total);
      const concat = new Float64Array(total);
      concatInto((parts as Extract<PartialColumn, { kind: 'float' }>[]).map((p) => p.values), rows, concat);
      if (perm) perm.apply(concat, values); else values.set(concat);
      return { kind: 'float', name: spec.name, type: spec.type, values };
    }
    case 'string': {
      const strs = parts as Extract<PartialColumn, { kind: 'string' }>[];
      const { dict, remaps } = mergeDictionaries(strs.map((p) => p.dict));
      const concat = new Uint32Array(total);
      let at = 0;
      strs.forEach((p, k) => { remapInto(p.codes, rows[k], remaps[k], concat, at); at += rows[k]; });
      const codes = allocBits(dict.length <= 0x100 ? 8 : dict.length <= 0x10000 ? 16 : 32, total);
      if (perm) perm.apply(concat, codes); else codes.set(concat);
      return { kind: 'string', name: spec.name, type: spec.type, codes, dict };
    }
    case 'time': {
      const times = parts as Extract<PartialColumn, { kind: 'time' }>[];
      if (!first.zoneCodes) return { kind: 'time', name: spec.name, type: spec.type, zoneCodes: null, zones: [''] };
      const { dict, remaps } = mergeDictionaries(times.map((p) => p.zones));
      const concat = new Uint8Array(total);
      let at = 0;
      times.forEach((p, k) => { remapInto(p.zoneCodes as Uint8Array, rows[k], remaps[k], concat, at); at += rows[k]; });
      const zoneCodes = new Uint8Array(total);
      if (perm) perm.apply(concat, zoneCodes); else zoneCodes.set(concat);
      return { kind: 'time', name: spec.name, type: spec.type, zoneCodes, zones: dict };
    }
    default: {
      const never: never = first;
      throw new Error(`unknown partial column ${String(never)}`);
    }
  }
}

/**
 * Everything on one thread (Node, tests): consumes the partials, releasing each column once gathered.
 * `shards`: the partials are a capture's shards (frame-shards.ts), whose rows of one instant keep frame order.
 */
export function mergePartials(plan: HeaderPlan, partials: readonly PartialTable[], shards = false): PacketTable {
  const t = orderByTime(shards ? partials.map((p) => shardTimes(plan, p)) : partials);
  const perm = t.perm ? new Permutation(t.perm) : null;
  const columns = plan.columns.map((spec, c) => {
    const parts = partials.map((p) => p.columns[c]);
    for (const p of partials) releaseColumn(p, c);
    return gatherColumn(spec, parts, t.rows, perm);
  });
  return { rowCount: t.timeUs.length, timeUs: t.timeUs, timeNs: t.timeNs, columns };
}

function allocBits(bits: 8 | 16 | 32, n: number): IntArray {
  return bits === 8 ? new Uint8Array(n) : bits === 16 ? new Uint16Array(n) : new Uint32Array(n);
}

function concatInto(from: readonly IntArray[] | readonly Float64Array[], rows: readonly number[], to: IntArray | Float64Array): void {
  let at = 0;
  from.forEach((a, k) => { to.set(a.subarray(0, rows[k]), at); at += rows[k]; });
}

/** The partials' bitmaps end to end. */
function joinBitmaps(maps: readonly Uint8Array[], rows: readonly number[], total: number): Uint8Array {
  const joined = new Uint8Array(bitmapBytes(total));
  let off = 0;
  maps.forEach((m, k) => {
    if (off % 8 === 0) joined.set(m.subarray(0, bitmapBytes(rows[k])), off >>> 3);
    else for (let r = 0; r < rows[k]; r++) if (m[r >>> 3] & (1 << (r & 7))) { const g = off + r; joined[g >>> 3] |= 1 << (g & 7); }
    off += rows[k];
  });
  return joined;
}

function remapInto(codes: Uint8Array | Uint16Array | Uint32Array, rows: number, remap: Uint32Array, out: Uint8Array | Uint32Array, at: number): void {
  for (let r = 0; r < rows; r++) out[at + r] = remap[codes[r]];
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
