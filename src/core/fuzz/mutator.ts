/**
 * A small seeded mutator (AFL's havoc stage, cut down): a seed's bytes go through a stack of 1-16 random
 * edits. Every input is made from (run seed, target, index) alone, so a failure found at input 812,391 of a
 * long run is made again, alone, from those three numbers, and the run needs no corpus on disk.
 *
 * Beyond blind bit flips it knows where a file states a length or a count (`Spot`s: a pcapng block length,
 * a record's captured length, a zip entry's size, an IP total length): a lie there (0, 1, 0x7fffffff, off
 * by one) reaches the code that trusts it in one edit, where random flips would take millions of tries.
 * Text inputs (CSV) also get edits at line and field level: quotes, separators, repeated or cut lines.
 */
import { mulberry32, type Rng } from '../model/prng.ts';

export type { Rng };

/** 0..n-1. */
export const below = (rng: Rng, n: number): number => Math.floor(rng() * n);

export const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[below(rng, xs.length)];

/** A random generator for one input of one target of one run: any input can be made again alone. */
export function inputRng(runSeed: number, target: string, index: number): Rng {
  let h = 0x811c9dc5 ^ (runSeed >>> 0);
  for (let i = 0; i < target.length; i++) h = Math.imul(h ^ target.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (index >>> 0), 0x9e3779b1);
  h = Math.imul(h ^ Math.floor(index / 4294967296), 0x85ebca6b);
  return mulberry32((h ^ (h >>> 16)) >>> 0);
}

/** Where a file states a length, count or type: `size` bytes at `offset`, in its byte order. */
export interface Spot {
  readonly offset: number;
  readonly size: 1 | 2 | 4;
  readonly le: boolean;
}

export interface MutateOptions {
  /** Lengths and counts of the seed (see capture-spots.ts, zip-spots.ts). */
  readonly spots?: readonly Spot[];
  /** Other seeds, for splicing pieces of one into another. */
  readonly others?: readonly Uint8Array[];
  /** Text (CSV): also edits lines and fields with these tokens. */
  readonly tokens?: readonly string[];
  /** The output is cut to this many bytes (so an input stays milliseconds of work). */
  readonly maxBytes?: number;
}

const INTERESTING_8 = [0, 1, 0x7f, 0x80, 0xff, 0x10, 0x20, 0x40, 0x0a, 0x0d, 0x22, 0x2c];
/** Lengths and counts that readers get wrong: none, one, the sign bit, all ones, just past a power of two. */
const INTERESTING_32 = [
  0, 1, 2, 3, 4, 7, 8, 12, 16, 20, 24, 28, 32, 64, 100, 127, 128, 255, 256, 512, 1000, 1024, 4096, 0x7fff, 0x8000,
  0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff, 0x00100000, 0x08000000, 0x08000001,
];
/** A lie about a length: the real value off by a little, or one of the interesting ones. */
const DELTAS = [-8, -4, -3, -2, -1, 1, 2, 3, 4, 8, 16, 0x100, -0x100];

const enc = new TextEncoder();

function readUint(b: Uint8Array, o: number, size: number, le: boolean): number {
  let v = 0;
  for (let i = 0; i < size; i++) v = v * 256 + b[o + (le ? size - 1 - i : i)];
  return v;
}

function writeUint(b: Uint8Array, o: number, size: number, le: boolean, v: number): void {
  let x = v >>> 0;
  for (let i = 0; i < size; i++) {
    b[o + (le ? i : size - 1 - i)] = x & 0xff;
    x >>>= 8;
  }
}

function concat(...parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A range [s, e) of b, short more often than long (most real corruption is a few bytes). */
function range(rng: Rng, n: number): [number, number] {
  const s = below(rng, n + 1);
  const maxLen = n - s;
  const len = rng() < 0.7 ? Math.min(maxLen, 1 + below(rng, 32)) : below(rng, maxLen + 1);
  return [s, s + len];
}

type Edit = (b: Uint8Array, rng: Rng, o: MutateOptions) => Uint8Array;

const flipBit: Edit = (b, rng) => {
  if (b.length === 0) return b;
  b[below(rng, b.length)] ^= 1 << below(rng, 8);
  return b;
};

const setByte: Edit = (b, rng) => {
  if (b.length === 0) return b;
  b[below(rng, b.length)] = rng() < 0.7 ? pick(rng, INTERESTING_8) : below(rng, 256);
  return b;
};

const writeInt: Edit = (b, rng) => {
  const size = rng() < 0.5 ? 2 : 4;
  if (b.length < size) return b;
  writeUint(b, below(rng, b.length - size + 1), size, rng() < 0.5, pick(rng, INTERESTING_32));
  return b;
};

const arith: Edit = (b, rng) => {
  const size = pick(rng, [1, 2, 4] as const);
  if (b.length < size) return b;
  const o = below(rng, b.length - size + 1);
  const le = rng() < 0.5;
  writeUint(b, o, size, le, readUint(b, o, size, le) + pick(rng, DELTAS));
  return b;
};

/** Lies at a spot: a length or count set to an interesting value, or the true one off by a little. */
const lieAtSpot: Edit = (b, rng, o) => {
  const spots = o.spots?.filter((s) => s.offset + s.size <= b.length) ?? [];
  if (spots.length === 0) return writeInt(b, rng, o);
  const s = pick(rng, spots);
  const v = rng() < 0.5 ? pick(rng, INTERESTING_32) : readUint(b, s.offset, s.size, s.le) + pick(rng, DELTAS);
  writeUint(b, s.offset, s.size, s.le, v);
  return b;
};

const truncate: Edit = (b, rng) =>
  b.subarray(0, rng() < 0.5 ? below(rng, b.length + 1) : Math.max(0, b.length - 1 - below(rng, 64)));

const deleteRange: Edit = (b, rng) => {
  const [s, e] = range(rng, b.length);
  return concat(b.subarray(0, s), b.subarray(e));
};

/** A range repeated up to 1,000 times in place: repeated blocks, records and lines. */
const repeatRange: Edit = (b, rng, o) => {
  const [s, e] = range(rng, b.length);
  if (e === s) return b;
  const room = Math.max(1, Math.floor(((o.maxBytes ?? 1 << 20) - b.length) / (e - s)));
  const times = Math.min(room, rng() < 0.8 ? 1 + below(rng, 4) : 1 + below(rng, 1000));
  const parts: Uint8Array[] = [b.subarray(0, e)];
  for (let i = 0; i < times; i++) parts.push(b.subarray(s, e));
  parts.push(b.subarray(e));
  return concat(...parts);
};

const insertBytes: Edit = (b, rng) => {
  const n = 1 + below(rng, rng() < 0.8 ? 16 : 4096);
  const ins = new Uint8Array(n);
  if (rng() < 0.5) ins.fill(pick(rng, INTERESTING_8));
  else for (let i = 0; i < n; i++) ins[i] = below(rng, 256);
  const at = below(rng, b.length + 1);
  return concat(b.subarray(0, at), ins, b.subarray(at));
};

/** Copies a range of the input over another place of it (a block where another belongs). */
const copyWithin: Edit = (b, rng) => {
  const [s, e] = range(rng, b.length);
  b.copyWithin(below(rng, b.length + 1), s, e);
  return b;
};

/** A piece of another seed, inserted or written over: another file's blocks, another layout's lines. */
const splice: Edit = (b, rng, o) => {
  const others = o.others ?? [];
  if (others.length === 0) return deleteRange(b, rng, o);
  const other = pick(rng, others);
  const [s, e] = range(rng, other.length);
  const at = below(rng, b.length + 1);
  if (rng() < 0.5) return concat(b.subarray(0, at), other.subarray(s, e), b.subarray(at));
  return concat(b.subarray(0, at), other.subarray(s, e), b.subarray(Math.min(b.length, at + e - s)));
};

// --- text (CSV) edits ---

/** Start offsets of the lines of b. */
function lineStarts(b: Uint8Array): number[] {
  const out = [0];
  for (let i = 0; i < b.length; i++) if (b[i] === 0x0a && i + 1 < b.length) out.push(i + 1);
  return out;
}

function lineEnd(b: Uint8Array, s: number): number {
  const nl = b.indexOf(0x0a, s);
  return nl < 0 ? b.length : nl + 1;
}

/** A token where a field or a line starts, or anywhere. */
const insertToken: Edit = (b, rng, o) => {
  const tokens = o.tokens ?? [];
  if (tokens.length === 0) return insertBytes(b, rng, o);
  const t = enc.encode(pick(rng, tokens));
  let at = below(rng, b.length + 1);
  const r = rng();
  if (r < 0.3) at = pick(rng, lineStarts(b));
  else if (r < 0.6) {
    const comma = b.indexOf(0x2c, at);
    if (comma >= 0) at = comma + 1;
  }
  return concat(b.subarray(0, at), t, b.subarray(at));
};

/** A field (between separators) replaced by a token: a number where a number goes, or not. */
const replaceField: Edit = (b, rng, o) => {
  const tokens = o.tokens ?? [];
  if (b.length === 0 || tokens.length === 0) return b;
  let s = below(rng, b.length);
  while (s > 0 && b[s - 1] !== 0x2c && b[s - 1] !== 0x0a) s--;
  let e = s;
  while (e < b.length && b[e] !== 0x2c && b[e] !== 0x0a && b[e] !== 0x0d) e++;
  return concat(b.subarray(0, s), enc.encode(pick(rng, tokens)), b.subarray(e));
};

const lineEdit: Edit = (b, rng, o) => {
  const starts = lineStarts(b);
  const s = pick(rng, starts);
  const e = lineEnd(b, s);
  const line = b.subarray(s, e);
  switch (below(rng, 5)) {
    case 0:
      return concat(b.subarray(0, s), b.subarray(e)); // deleted
    case 1: {
      // repeated, sometimes many times (a header line again, a burst of one packet)
      const times = Math.min(
        Math.max(1, Math.floor(((o.maxBytes ?? 1 << 20) - b.length) / Math.max(1, line.length))),
        rng() < 0.8 ? 1 + below(rng, 3) : 1 + below(rng, 2000),
      );
      const parts = [b.subarray(0, e)];
      for (let i = 0; i < times; i++) parts.push(line);
      parts.push(b.subarray(e));
      return concat(...parts);
    }
    case 2:
      return concat(b.subarray(0, s + below(rng, line.length + 1)), b.subarray(e)); // cut mid-line
    case 3: {
      // swapped with another line (rows out of time order)
      const s2 = pick(rng, starts);
      const e2 = lineEnd(b, s2);
      if (s2 <= e || s2 === s) return b;
      return concat(b.subarray(0, s), b.subarray(s2, e2), b.subarray(e, s2), line, b.subarray(e2));
    }
    default: {
      // the line's ending changed: CRLF, CR alone, none
      const body = line[line.length - 1] === 0x0a ? line.subarray(0, line.length - 1) : line;
      return concat(b.subarray(0, s), body, enc.encode(pick(rng, ['\r\n', '\r', '', '\n\n', '\r\r\n'])), b.subarray(e));
    }
  }
};

/** One very long field or line (up to 64 KiB of one character, or of quotes). */
const longRun: Edit = (b, rng, o) => {
  const n = Math.min(1 + below(rng, 1 << 16), Math.max(1, (o.maxBytes ?? 1 << 20) - b.length));
  const run = new Uint8Array(n).fill(pick(rng, [0x41, 0x22, 0x2c, 0x30, 0x20, 0x0d, 0x00]));
  const at = below(rng, b.length + 1);
  return concat(b.subarray(0, at), run, b.subarray(at));
};

const BYTE_EDITS: readonly Edit[] = [
  flipBit,
  flipBit,
  setByte,
  writeInt,
  arith,
  truncate,
  deleteRange,
  repeatRange,
  insertBytes,
  copyWithin,
  splice,
];
const SPOT_EDITS: readonly Edit[] = [lieAtSpot, lieAtSpot, lieAtSpot];
const TEXT_EDITS: readonly Edit[] = [
  insertToken,
  insertToken,
  replaceField,
  replaceField,
  lineEdit,
  lineEdit,
  lineEdit,
  longRun,
];

/** The seed after a stack of 1-16 edits (the seed itself is not changed). */
export function mutate(seed: Uint8Array, rng: Rng, o: MutateOptions = {}): Uint8Array {
  const edits = [...BYTE_EDITS, ...(o.spots?.length ? SPOT_EDITS : []), ...(o.tokens ? TEXT_EDITS : [])];
  const max = o.maxBytes ?? 1 << 20;
  let b: Uint8Array = new Uint8Array(seed); // a copy even of a Node Buffer, whose slice() is a view
  const stack = 1 << below(rng, 5);
  for (let i = 0; i < stack; i++) {
    // Only the first edit may use the seed's spots: after a length changes the offsets move.
    const opts = i === 0 ? o : { ...o, spots: undefined };
    const edit = i === 0 && o.spots?.length && rng() < 0.5 ? lieAtSpot : pick(rng, edits);
    b = edit(b, rng, opts);
    if (b.length > max) b = b.subarray(0, max);
    if (b.buffer.byteLength > 4 * b.length + 4096) b = b.slice(); // let go of a big buffer that a cut left behind
  }
  return b;
}

/** Pieces to feed a streaming reader: one, a few, or many small ones (boundaries are where state is kept). */
export function pieces(b: Uint8Array, rng: Rng): Uint8Array[] {
  const r = rng();
  if (r < 0.4 || b.length < 2) return [b];
  const out: Uint8Array[] = [];
  const mean = r < 0.7 ? Math.max(1, b.length >> 2) : 1 + below(rng, 64);
  let at = 0;
  // At most 4,096 pieces: the rest goes as one, so a big input is not a million pushes.
  while (at < b.length && out.length < 4096) {
    const n = 1 + below(rng, 2 * mean);
    out.push(b.subarray(at, at + n));
    at += n;
  }
  if (at < b.length) out.push(b.subarray(at));
  return out;
}
