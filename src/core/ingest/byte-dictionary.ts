/**
 * Interns byte strings into small integer codes without decoding each cell to a JS string.
 *
 * A 3M-row capture has few distinct protocol stacks, MACs or user agents; decoding every cell would
 * allocate millions of strings. Here a cell costs one hash and one byte comparison; text is decoded once per
 * distinct value. Code 0 is reserved for "missing", so the first value gets code 1.
 */
function hashBytes(b: Uint8Array, s: number, e: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = s; i < e; i++) h = Math.imul(h ^ b[i], 0x01000193);
  return h;
}

export class ByteDictionary {
  private slots: Int32Array; // code per open-addressing slot, 0 = empty
  private mask: number;
  private pool: Uint8Array; // the bytes of every entry, back to back
  private poolUsed = 0;
  private offsets: Int32Array; // per code: start in pool (index 0 unused)
  private lengths: Int32Array;
  private hashes: Int32Array;
  private count = 0; // number of entries; codes are 1..count
  private strings: string[] = [''];
  private static readonly decoder = new TextDecoder('utf-8');

  constructor(initialSlots = 1024) {
    this.slots = new Int32Array(initialSlots);
    this.mask = initialSlots - 1;
    this.pool = new Uint8Array(16 * initialSlots); // 16 KiB by default; it grows
    this.offsets = new Int32Array(256);
    this.lengths = new Int32Array(256);
    this.hashes = new Int32Array(256);
  }

  get size(): number {
    return this.count;
  }

  /** The code of b[s..e), adding it when new. */
  intern(b: Uint8Array, s: number, e: number): number {
    const h = hashBytes(b, s, e);
    const slot = this.probe(b, s, e, h);
    const code = this.slots[slot];
    return code !== 0 ? code : this.add(b, s, e - s, h, slot);
  }

  /** The code of b[s..e), or 0 when the dictionary does not hold it. */
  find(b: Uint8Array, s: number, e: number): number {
    return this.slots[this.probe(b, s, e, hashBytes(b, s, e))];
  }

  /** The slot holding b[s..e), or the empty slot where it would go. */
  private probe(b: Uint8Array, s: number, e: number, h: number): number {
    const len = e - s;
    let slot = h & this.mask;
    for (;;) {
      const code = this.slots[slot];
      if (code === 0) return slot;
      if (this.hashes[code] === h && this.lengths[code] === len && this.sameBytes(code, b, s, len)) return slot;
      slot = (slot + 1) & this.mask;
    }
  }

  /** The code of a string that did not come straight from the file (e.g. unescaped text). */
  internString(text: string): number {
    const bytes = new TextEncoder().encode(text);
    return this.intern(bytes, 0, bytes.length);
  }

  /** Decoded values by code; index 0 is '' (missing). */
  values(): string[] {
    for (let c = this.strings.length; c <= this.count; c++) {
      const o = this.offsets[c];
      this.strings.push(ByteDictionary.decoder.decode(this.pool.subarray(o, o + this.lengths[c])));
    }
    return this.strings.slice();
  }

  private sameBytes(code: number, b: Uint8Array, s: number, len: number): boolean {
    const pool = this.pool;
    const o = this.offsets[code];
    for (let k = 0; k < len; k++) if (pool[o + k] !== b[s + k]) return false;
    return true;
  }

  private add(b: Uint8Array, s: number, len: number, h: number, slot: number): number {
    const code = ++this.count;
    if (code >= this.offsets.length) this.growEntries();
    if (this.poolUsed + len > this.pool.length) {
      const bigger = new Uint8Array(Math.max(this.pool.length * 2, this.poolUsed + len));
      bigger.set(this.pool.subarray(0, this.poolUsed));
      this.pool = bigger;
    }
    this.pool.set(b.subarray(s, s + len), this.poolUsed);
    this.offsets[code] = this.poolUsed;
    this.lengths[code] = len;
    this.hashes[code] = h;
    this.poolUsed += len;
    this.slots[slot] = code;
    if (this.count * 2 > this.slots.length) this.rehash();
    return code;
  }

  private growEntries(): void {
    const n = this.offsets.length * 2;
    const grow = (a: Int32Array): Int32Array => {
      const g = new Int32Array(n);
      g.set(a);
      return g;
    };
    this.offsets = grow(this.offsets);
    this.lengths = grow(this.lengths);
    this.hashes = grow(this.hashes);
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let code = 1; code <= this.count; code++) {
      let slot = this.hashes[code] & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = code;
    }
    this.slots = slots;
    this.mask = mask;
  }
}
