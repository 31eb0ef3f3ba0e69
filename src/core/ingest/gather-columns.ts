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
  /** Moves concatenated partial rows into time order; null when they already are in order, or merge. */
  readonly perm: PermutationMaps | null;
  /**
   * When each partial is in time order itself (a capture's shards, most CSV chunks of a capture in order):
   * the partial each row of the result comes from, in turn. Rows are then merged, each partial read
   * straight through, instead of moved by a permutation.
   */
  readonly sources: Uint8Array | null;
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
  const rows = times.map((t) => t.rows);
  const merged = mergeOrder(times, us, ns, numbered);
  if (merged) return { perm: null, sources: merged.sources, timeUs: merged.us, timeNs: merged.ns, rows };
  const order = timeOrder(
    us,
    ns,
    total,
    numbered ? frameOrder(times.map((t) => (t.frameNumbers as Uint32Array).subarray(0, t.rows))) : null,
  );
  const perm = order ? Permutation.fromOrder(order) : null;
  if (perm) {
    const su = new Float64Array(total);
    const sn = new Uint16Array(total);
    perm.apply(us, su);
    perm.apply(ns, sn);
    us = su;
    ns = sn;
  }
  return { perm: perm ? perm.maps : null, sources: null, timeUs: us, timeNs: ns, rows };
}

/**
 * The merge of partials that are each in time order (rows of one instant in frame order when `numbered`,
 * else in partial order), as the partial each result row comes from; null when some partial is not in
 * order, there are too many, or one partial is in order already. Consecutive partials that continue one
 * another (a shard's segments) are merged as one run, so a merge step compares about as many runs as
 * there are shards.
 */
function mergeOrder(
  times: readonly PartialTimes[],
  us: Float64Array,
  ns: Uint16Array,
  numbered: boolean,
): { sources: Uint8Array; us: Float64Array; ns: Uint16Array } | null {
  const k = times.length;
  if (k < 2 || k > 255) return null;
  const start: number[] = [];
  let at = 0;
  for (const t of times) {
    start.push(at);
    for (let i = at + 1; i < at + t.rows; i++)
      if (us[i] < us[i - 1] || (us[i] === us[i - 1] && ns[i] < ns[i - 1])) return null;
    at += t.rows;
  }
  const total = at;
  const frame = (p: number, i: number): number => (numbered ? (times[p].frameNumbers as Uint32Array)[i - start[p]] : i);
  // Runs of partials: p + 1 continues p when it starts no earlier than p ends (in time, then frame).
  const runFirst: number[] = [];
  for (let p = 0; p < k; p++) {
    const prevEnd = start[p] - 1;
    const continues =
      p > 0 &&
      times[p].rows > 0 &&
      times[p - 1].rows > 0 &&
      runFirst.length > 0 &&
      (us[start[p]] > us[prevEnd] ||
        (us[start[p]] === us[prevEnd] &&
          (ns[start[p]] > ns[prevEnd] ||
            (ns[start[p]] === ns[prevEnd] && frame(p, start[p]) > frame(p - 1, prevEnd)))));
    if (!continues) runFirst.push(p);
  }
  if (runFirst.length === 1) return null;
  const runs = runFirst.length;
  const part = Int32Array.from(runFirst);
  const runLast = runFirst.map((_, r) => (r + 1 < runs ? runFirst[r + 1] - 1 : k - 1));
  const pos = Float64Array.from(runFirst, (p) => start[p]);
  const end = (p: number): number => start[p] + times[p].rows;
  const sources = new Uint8Array(total);
  const outUs = new Float64Array(total);
  const outNs = new Uint16Array(total);
  for (let o = 0; o < total; o++) {
    let best = -1;
    for (let r = 0; r < runs; r++) {
      let p = part[r];
      while (pos[r] >= end(p) && p < runLast[r]) {
        p++;
        part[r] = p;
        pos[r] = start[p];
      }
      if (pos[r] >= end(p)) continue;
      if (best < 0) {
        best = r;
        continue;
      }
      const i = pos[r];
      const j = pos[best];
      if (
        us[i] < us[j] ||
        (us[i] === us[j] && (ns[i] < ns[j] || (ns[i] === ns[j] && frame(p, i) < frame(part[best], j))))
      )
        best = r;
    }
    const i = pos[best]++;
    sources[o] = part[best];
    outUs[o] = us[i];
    outNs[o] = ns[i];
  }
  return { sources, us: outUs, ns: outNs };
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
  for (const a of numbers) {
    all.set(a, at);
    at += a.length;
  }
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
/**
 * Buffers the gathering of several columns shares: the rows end to end before the permutation moves them,
 * one buffer per array type, so gathering ten columns allocates that step once, not ten times.
 */
export class GatherScratch {
  private readonly byType = new Map<string, IntArray | Float64Array>();

  get<T extends IntArray | Float64Array>(make: (n: number) => T, n: number): T {
    const key = make(0).constructor.name;
    const had = this.byType.get(key) as T | undefined;
    if (had && had.length >= n) return had.subarray(0, n) as T;
    const fresh = make(n);
    this.byType.set(key, fresh);
    return fresh;
  }
}

export function gatherColumn(
  spec: ColumnPlan,
  parts: readonly PartialColumn[],
  rows: readonly number[],
  perm: Permutation | null,
  sources: Uint8Array | null = null,
  scratch: GatherScratch = new GatherScratch(),
): Column {
  const total = rows.reduce((a, b) => a + b, 0);
  const first = parts[0];
  switch (first.kind) {
    case 'int': {
      const ints = parts as Extract<PartialColumn, { kind: 'int' }>[];
      const values = allocBits(first.bits, total);
      if (sources) {
        const present = new Uint8Array(bitmapBytes(total));
        mergeInts(ints, sources, values, present);
        return { kind: 'int', name: spec.name, type: spec.type, values, present };
      }
      const concat = perm ? scratch.get((n) => allocBits(first.bits, n), total) : values;
      concatInto(
        ints.map((p) => p.values),
        rows,
        concat,
      );
      if (perm) perm.apply(concat, values);
      const joined = joinBitmaps(
        ints.map((p) => p.present),
        rows,
        total,
      );
      const present = perm ? perm.applyBits(joined) : joined;
      return { kind: 'int', name: spec.name, type: spec.type, values, present };
    }
    case 'float': {
      const floats = (parts as Extract<PartialColumn, { kind: 'float' }>[]).map((p) => p.values);
      const values = new Float64Array(total);
      if (sources) {
        mergeCodes(floats, sources, null, values);
        return { kind: 'float', name: spec.name, type: spec.type, values };
      }
      const concat = perm ? scratch.get((n) => new Float64Array(n), total) : values;
      concatInto(floats, rows, concat);
      if (perm) perm.apply(concat, values);
      return { kind: 'float', name: spec.name, type: spec.type, values };
    }
    case 'string': {
      const strs = parts as Extract<PartialColumn, { kind: 'string' }>[];
      const { dict, remaps } = mergeDictionaries(strs.map((p) => p.dict));
      const codes = allocBits(dict.length <= 0x100 ? 8 : dict.length <= 0x10000 ? 16 : 32, total);
      if (sources) {
        mergeCodes(
          strs.map((p) => p.codes),
          sources,
          remaps,
          codes,
        );
        return { kind: 'string', name: spec.name, type: spec.type, codes, dict };
      }
      const concat = perm ? scratch.get((n) => new Uint32Array(n), total) : codes;
      let at = 0;
      strs.forEach((p, k) => {
        remapInto(p.codes, rows[k], remaps[k], concat, at);
        at += rows[k];
      });
      if (perm) perm.apply(concat, codes);
      return { kind: 'string', name: spec.name, type: spec.type, codes, dict };
    }
    case 'time': {
      const times = parts as Extract<PartialColumn, { kind: 'time' }>[];
      if (!first.zoneCodes) return { kind: 'time', name: spec.name, type: spec.type, zoneCodes: null, zones: [''] };
      const { dict, remaps } = mergeDictionaries(times.map((p) => p.zones));
      const zoneCodes = new Uint8Array(total);
      if (sources) {
        mergeCodes(
          times.map((p) => p.zoneCodes as Uint8Array),
          sources,
          remaps,
          zoneCodes,
        );
        return { kind: 'time', name: spec.name, type: spec.type, zoneCodes, zones: dict };
      }
      const concat = perm ? scratch.get((n) => new Uint8Array(n), total) : zoneCodes;
      let at = 0;
      times.forEach((p, k) => {
        remapInto(p.zoneCodes as Uint8Array, rows[k], remaps[k], concat, at);
        at += rows[k];
      });
      if (perm) perm.apply(concat, zoneCodes);
      return { kind: 'time', name: spec.name, type: spec.type, zoneCodes, zones: dict };
    }
    default: {
      const never: never = first;
      throw new Error(`unknown partial column ${String(never)}`);
    }
  }
}

/** Integers and their presence merged: row i from partial sources[i], each partial read in order. */
function mergeInts(
  parts: readonly { readonly values: IntArray; readonly present: Uint8Array }[],
  sources: Uint8Array,
  out: IntArray,
  present: Uint8Array,
): void {
  const next = new Float64Array(parts.length);
  for (let i = 0; i < sources.length; i++) {
    const p = sources[i];
    const j = next[p]++;
    const part = parts[p];
    out[i] = part.values[j];
    if (part.present[j >>> 3] & (1 << (j & 7))) present[i >>> 3] |= 1 << (i & 7);
  }
}

/** Values merged as mergeInts does, each through its partial's remap when given. */
function mergeCodes(
  parts: readonly (IntArray | Float64Array)[],
  sources: Uint8Array,
  remaps: readonly Uint32Array[] | null,
  out: IntArray | Float64Array,
): void {
  const next = new Float64Array(parts.length);
  for (let i = 0; i < sources.length; i++) {
    const p = sources[i];
    const v = parts[p][next[p]++];
    out[i] = remaps ? remaps[p][v] : v;
  }
}

/**
 * Everything on one thread (Node, tests): consumes the partials, releasing each column once gathered.
 * `shards`: the partials are a capture's shards (frame-shards.ts), whose rows of one instant keep frame order.
 */
export function mergePartials(plan: HeaderPlan, partials: readonly PartialTable[], shards = false): PacketTable {
  const t = orderByTime(shards ? partials.map((p) => shardTimes(plan, p)) : partials);
  const perm = t.perm ? new Permutation(t.perm) : null;
  const scratch = new GatherScratch();
  const columns = plan.columns.map((spec, c) => {
    const parts = partials.map((p) => p.columns[c]);
    for (const p of partials) releaseColumn(p, c);
    return gatherColumn(spec, parts, t.rows, perm, t.sources, scratch);
  });
  return { rowCount: t.timeUs.length, timeUs: t.timeUs, timeNs: t.timeNs, columns };
}

function allocBits(bits: 8 | 16 | 32, n: number): IntArray {
  return bits === 8 ? new Uint8Array(n) : bits === 16 ? new Uint16Array(n) : new Uint32Array(n);
}

function concatInto(
  from: readonly IntArray[] | readonly Float64Array[],
  rows: readonly number[],
  to: IntArray | Float64Array,
): void {
  let at = 0;
  from.forEach((a, k) => {
    to.set(a.subarray(0, rows[k]), at);
    at += rows[k];
  });
}

/** The partials' bitmaps end to end. */
function joinBitmaps(maps: readonly Uint8Array[], rows: readonly number[], total: number): Uint8Array {
  const joined = new Uint8Array(bitmapBytes(total));
  let off = 0;
  maps.forEach((m, k) => {
    if (off % 8 === 0) joined.set(m.subarray(0, bitmapBytes(rows[k])), off >>> 3);
    else
      for (let r = 0; r < rows[k]; r++)
        if (m[r >>> 3] & (1 << (r & 7))) {
          const g = off + r;
          joined[g >>> 3] |= 1 << (g & 7);
        }
    off += rows[k];
  });
  return joined;
}

function remapInto(
  codes: Uint8Array | Uint16Array | Uint32Array,
  rows: number,
  remap: Uint32Array,
  out: IntArray,
  at: number,
): void {
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
      if (code === undefined) {
        code = dict.length;
        dict.push(d[c]);
        index.set(d[c], code);
      }
      remap[c] = code;
    }
    return remap;
  });
  return { dict, remaps };
}
