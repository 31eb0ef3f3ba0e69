/**
 * A bounded map from a tuple of numbers (host keys, ports, protocol) to an entry, kept in typed arrays with an
 * intrusive least-recently-seen list, for the sensor's per-packet memories. String keys in a Map cost a few
 * strings and objects per packet, which a random-source flood (a new key per packet) turns into most of the
 * sensor's heap and its garbage; here a packet allocates nothing and the memory grows with the entries only.
 *
 * Tuples are equal when their numbers are, NaN (a missing field) equal to NaN: the identity the sensor's
 * string keys had (`String(v)` or '-'), so the features are the same.
 */
import { NONE } from './slot-pool.ts';

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);

export class TupleTable {
  /** Where the caller writes the tuple before `find` or `insert`. */
  readonly key: Float64Array;
  /** Entry e's tuple at e * width. */
  keys = new Float64Array(0);
  /** Entry e's values at e * values (the caller's to read and write). */
  vals = new Float64Array(0);
  /** When each entry was last seen. */
  lastUs = new Float64Array(0);
  /** Least recently seen entry (the next to go when full); NONE when empty. */
  head = NONE;
  size = 0;
  private tail = NONE;
  private prev = new Int32Array(0);
  private after = new Int32Array(0);
  /** Next entry in the same bucket, or, for a free entry, the next free one. */
  private chain = new Int32Array(0);
  private buckets = new Int32Array(0);
  private mask = 0;
  private freeHead = NONE;
  private allocated = 0;

  constructor(
    readonly width: number,
    readonly values: number,
    readonly cap: number,
  ) {
    if (!(Number.isInteger(cap) && cap >= 1)) throw new Error(`a tuple table holds at least 1 entry (got ${cap})`);
    this.key = new Float64Array(width);
  }

  /** The entry holding `key`, or NONE. */
  find(): number {
    if (this.size === 0) return NONE;
    const W = this.width;
    const k = this.key;
    for (let e = this.buckets[this.hashAt(k, 0) & this.mask]; e !== NONE; e = this.chain[e]) {
      let i = 0;
      for (; i < W; i++) {
        const a = this.keys[e * W + i];
        const b = k[i];
        if (a !== b && (!Number.isNaN(a) || !Number.isNaN(b))) break;
      }
      if (i === W) return e;
    }
    return NONE;
  }

  /** Adds `key` (not in the table) as seen at `timeUs`; when full, the least recently seen entry goes first. */
  insert(timeUs: number): number {
    if (this.size >= this.cap) this.remove(this.head);
    let e = this.freeHead;
    if (e !== NONE) this.freeHead = this.chain[e];
    else {
      if (this.allocated === this.lastUs.length) this.grow();
      e = this.allocated++;
    }
    const W = this.width;
    for (let i = 0; i < W; i++) this.keys[e * W + i] = this.key[i];
    const b = this.hashAt(this.keys, e * W) & this.mask;
    this.chain[e] = this.buckets[b];
    this.buckets[b] = e;
    this.lastUs[e] = timeUs;
    this.link(e);
    this.size++;
    return e;
  }

  /** Marks entry e seen at `timeUs`: it moves to the most recent end. */
  touch(e: number, timeUs: number): void {
    this.lastUs[e] = timeUs;
    if (e === this.tail) return;
    this.unlink(e);
    this.link(e);
  }

  remove(e: number): void {
    const b = this.hashAt(this.keys, e * this.width) & this.mask;
    if (this.buckets[b] === e) this.buckets[b] = this.chain[e];
    else {
      let p = this.buckets[b];
      while (this.chain[p] !== e) p = this.chain[p];
      this.chain[p] = this.chain[e];
    }
    this.unlink(e);
    this.chain[e] = this.freeHead;
    this.freeHead = e;
    this.size--;
  }

  /** Drops the entries last seen before `us`; returns how many. */
  forgetBefore(us: number): number {
    let n = 0;
    while (this.head !== NONE && this.lastUs[this.head] < us) {
      this.remove(this.head);
      n++;
    }
    return n;
  }

  private hashAt(a: Float64Array, at: number): number {
    let h = 0x811c9dc5 ^ this.width;
    for (let i = 0; i < this.width; i++) {
      const v = a[at + i];
      // One bit pattern per value: NaN payloads and -0 would otherwise hash apart from their equals.
      F64[0] = Number.isNaN(v) ? NaN : v === 0 ? 0 : v;
      h = Math.imul(h ^ U32[0], 0x85ebca6b);
      h = Math.imul(h ^ U32[1], 0xc2b2ae35);
      h ^= h >>> 13;
    }
    return h ^ (h >>> 16);
  }

  /** Doubles the entries (up to the cap) and rebuilds the buckets: a quiet network never pays for the cap. */
  private grow(): void {
    const n = Math.min(this.cap, Math.max(64, 2 * this.lastUs.length));
    const more = <T extends Float64Array | Int32Array>(a: T, into: T): T => {
      into.set(a);
      return into;
    };
    this.keys = more(this.keys, new Float64Array(n * this.width));
    this.vals = more(this.vals, new Float64Array(n * this.values));
    this.lastUs = more(this.lastUs, new Float64Array(n));
    this.prev = more(this.prev, new Int32Array(n));
    this.after = more(this.after, new Int32Array(n));
    this.chain = more(this.chain, new Int32Array(n));
    let size = 1;
    while (size < n) size *= 2;
    this.buckets = new Int32Array(size).fill(NONE);
    this.mask = size - 1;
    // Only entries in use are chained: walk the recency list (free entries keep their free-list links).
    for (let e = this.head; e !== NONE; e = this.after[e]) {
      const b = this.hashAt(this.keys, e * this.width) & this.mask;
      this.chain[e] = this.buckets[b];
      this.buckets[b] = e;
    }
  }

  private link(e: number): void {
    this.prev[e] = this.tail;
    this.after[e] = NONE;
    if (this.tail !== NONE) this.after[this.tail] = e;
    else this.head = e;
    this.tail = e;
  }

  private unlink(e: number): void {
    const p = this.prev[e];
    const a = this.after[e];
    if (p !== NONE) this.after[p] = a;
    else this.head = a;
    if (a !== NONE) this.prev[a] = p;
    else this.tail = p;
  }
}
