/**
 * One frame's values, as tshark's `-T fields -E occurrence=f` would print them: bytes per column, or none
 * when the frame has no such field. The first write to a column wins (occurrence=f keeps the first), so a
 * quoted header inside an ICMP error never overwrites the outer one.
 */
import { USERS_FIELDS } from './users-layout.ts';

const N = USERS_FIELDS.length;
/** Decimal digits of 0..9999, four bytes each (right-aligned), and their counts. */
const SMALL = new Uint8Array(40000);
const SMALL_LEN = new Uint8Array(10000);
/** The same zero-padded to four digits. */
const PAD4 = new Uint8Array(40000);
for (let v = 0; v < 10000; v++) {
  const t = String(v);
  const padded = t.padStart(4, '0');
  for (let i = 0; i < 4; i++) PAD4[v * 4 + i] = padded.charCodeAt(i);
  SMALL_LEN[v] = t.length;
  for (let i = 0; i < t.length; i++) SMALL[v * 4 + 4 - t.length + i] = t.charCodeAt(i);
}
const HEXB = new TextEncoder().encode('0123456789abcdef');
const utf8 = new TextEncoder();

/** Layer sequences seen, each with its frame.protocols text: a frame walks the tree instead of joining. */
interface LayerNode {
  readonly next: Map<string, LayerNode>;
  readonly text: string;
  readonly bytes: Uint8Array;
}

const ROOT_LAYERS: LayerNode = { next: new Map(), text: '', bytes: new Uint8Array(0) };

/**
 * The values are kept as UTF-8 bytes in one scratch buffer (no strings per field: a capture has tens of
 * millions of cells), each column a span of it; `writeRow` copies them out as one CSV line.
 */
export class FrameFields {
  private buf = new Uint8Array(1 << 16);
  private pos = 0;
  private readonly start = new Int32Array(N);
  private readonly len = new Int32Array(N).fill(-1);
  /** The protocol layers so far, as a node of the tree of layer sequences seen (frame.protocols). */
  private node: LayerNode = ROOT_LAYERS;

  reset(): void {
    this.len.fill(-1);
    this.pos = 0;
    this.node = ROOT_LAYERS;
  }

  layer(name: string): void {
    const n = this.node;
    let next = n.next.get(name);
    if (next === undefined) {
      const text = n === ROOT_LAYERS ? name : `${n.text}:${name}`;
      next = { next: new Map(), text, bytes: new TextEncoder().encode(text) };
      n.next.set(name, next);
    }
    this.node = next;
  }

  /** The layers as tshark lists them in frame.protocols (`eth:ethertype:ip:tcp`). */
  get layers(): string {
    return this.node.text;
  }

  /** Writes frame.protocols from the layers seen. */
  setProtocols(col: number): void {
    this.setBytes(col, this.node.bytes);
  }

  has(col: number): boolean {
    return this.len[col] >= 0;
  }

  /** The column's text, or null (for tests and messages; dissection never reads values back). */
  value(col: number): string | null {
    const n = this.len[col];
    return n < 0 ? null : new TextDecoder().decode(this.buf.subarray(this.start[col], this.start[col] + n));
  }

  get values(): (string | null)[] {
    return Array.from({ length: N }, (_, i) => this.value(i));
  }

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const bigger = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n));
    bigger.set(this.buf.subarray(0, this.pos));
    this.buf = bigger;
  }

  private open(col: number, max: number): boolean {
    if (this.len[col] >= 0) return false;
    this.room(max);
    this.start[col] = this.pos;
    return true;
  }

  private close(col: number): void {
    this.len[col] = this.pos - this.start[col];
  }

  /** A whole number in decimal (up to 2^53). */
  setUint(col: number, v: number): void {
    if (!this.open(col, 16)) return;
    this.digits(v);
    this.close(col);
  }

  private digits(v: number): void {
    if (v < 10000) {
      this.small(v);
    } else if (v < 1e8) {
      const hi = (v / 10000) | 0;
      this.small(hi);
      this.pad4(v - hi * 10000);
    } else if (v < 1e12) {
      const hi = Math.floor(v / 1e8);
      const rest = v - hi * 1e8;
      const mid = (rest / 10000) | 0;
      this.small(hi);
      this.pad4(mid);
      this.pad4(rest - mid * 10000);
    } else {
      const t = String(v);
      for (let i = 0; i < t.length; i++) this.buf[this.pos++] = t.charCodeAt(i);
    }
  }

  /** 0..9999 without leading zeros. */
  private small(v: number): void {
    const b = this.buf;
    const n = SMALL_LEN[v];
    let p = this.pos;
    for (let i = v * 4 + 4 - n; i < v * 4 + 4; i++) b[p++] = SMALL[i];
    this.pos = p;
  }

  /** 0..9999 as four digits. */
  private pad4(v: number): void {
    const b = this.buf;
    const p = this.pos;
    const i = v * 4;
    b[p] = PAD4[i]; b[p + 1] = PAD4[i + 1]; b[p + 2] = PAD4[i + 2]; b[p + 3] = PAD4[i + 3];
    this.pos = p + 4;
  }

  /** `0x` and two hex digits. */
  setHex2(col: number, v: number): void {
    if (!this.open(col, 4)) return;
    const b = this.buf;
    let p = this.pos;
    b[p++] = 48; b[p++] = 120; b[p++] = HEXB[(v >> 4) & 15]; b[p++] = HEXB[v & 15];
    this.pos = p;
    this.close(col);
  }

  /** `0x` and four hex digits. */
  setHex4(col: number, v: number): void {
    if (!this.open(col, 6)) return;
    const b = this.buf;
    let p = this.pos;
    b[p++] = 48; b[p++] = 120;
    b[p++] = HEXB[(v >> 12) & 15]; b[p++] = HEXB[(v >> 8) & 15]; b[p++] = HEXB[(v >> 4) & 15]; b[p++] = HEXB[v & 15];
    this.pos = p;
    this.close(col);
  }

  /** `0` or `1`. */
  setBit(col: number, on: boolean): void {
    if (!this.open(col, 1)) return;
    this.buf[this.pos++] = on ? 49 : 48;
    this.close(col);
  }

  /** Six bytes as `aa:bb:cc:dd:ee:ff`. */
  setMac(col: number, src: Uint8Array, o: number): void {
    if (!this.open(col, 17)) return;
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < 6; i++) {
      const x = src[o + i];
      if (i) b[p++] = 58;
      b[p++] = HEXB[x >> 4];
      b[p++] = HEXB[x & 15];
    }
    this.pos = p;
    this.close(col);
  }

  /** Four bytes as a dotted quad. */
  setIpv4(col: number, src: Uint8Array, o: number): void {
    if (!this.open(col, 15)) return;
    for (let i = 0; i < 4; i++) {
      if (i) this.buf[this.pos++] = 46;
      this.digits(src[o + i]);
    }
    this.close(col);
  }

  /** Text (UTF-8, as tshark writes it). */
  setText(col: number, s: string): void {
    if (this.len[col] >= 0) return;
    let ascii = true;
    for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) { ascii = false; break; }
    if (ascii) {
      this.open(col, s.length);
      const b = this.buf;
      let p = this.pos;
      for (let i = 0; i < s.length; i++) b[p++] = s.charCodeAt(i);
      this.pos = p;
    } else {
      const e = utf8.encode(s);
      this.open(col, e.length);
      this.buf.set(e, this.pos);
      this.pos += e.length;
    }
    this.close(col);
  }

  /** Bytes already in UTF-8. */
  setBytes(col: number, bytes: Uint8Array): void {
    if (!this.open(col, bytes.length)) return;
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
    this.close(col);
  }

  /** Seconds (as cached bytes) and nanoseconds: `1795378353.952647464`. */
  setEpoch(col: number, secBytes: Uint8Array, nsec: number): void {
    if (!this.open(col, secBytes.length + 10)) return;
    this.buf.set(secBytes, this.pos);
    this.pos += secBytes.length;
    this.buf[this.pos++] = 46;
    this.nanos(nsec);
    this.close(col);
  }

  /** A prefix (cached bytes), nine digits of nanoseconds, a suffix: frame.time. */
  setTimeText(col: number, head: Uint8Array, nsec: number, tail: Uint8Array): void {
    if (!this.open(col, head.length + 10 + tail.length)) return;
    this.buf.set(head, this.pos);
    this.pos += head.length;
    this.buf[this.pos++] = 46;
    this.nanos(nsec);
    this.buf.set(tail, this.pos);
    this.pos += tail.length;
    this.close(col);
  }

  private nanos(nsec: number): void {
    const b = this.buf;
    let x = nsec | 0;
    for (let p = this.pos + 8; p >= this.pos; p--) {
      const q = (x / 10) | 0;
      b[p] = 48 + x - q * 10;
      x = q;
    }
    this.pos += 9;
  }

  /**
   * Writes the row as tshark's `-E separator=, -E quote=d` does: each value in double quotes (a quote
   * inside left as it is), an empty or missing value bare, LF at the end. Returns the new end in `out`;
   * the caller makes sure `out` has `rowBytes()` free.
   */
  writeRow(out: Uint8Array, at: number): number {
    const b = this.buf;
    let p = at;
    for (let c = 0; c < N; c++) {
      if (c) out[p++] = 44;
      const n = this.len[c];
      if (n > 0) {
        out[p++] = 34;
        const s = this.start[c];
        if (n < 24) for (let i = 0; i < n; i++) out[p++] = b[s + i];
        else { out.set(b.subarray(s, s + n), p); p += n; }
        out[p++] = 34;
      }
    }
    out[p++] = 10;
    return p;
  }

  /** An upper bound of writeRow's length. */
  rowBytes(): number {
    return this.pos + 3 * N + 1;
  }
}

export function ipv4(b: Uint8Array, o: number): string {
  return `${b[o]}.${b[o + 1]}.${b[o + 2]}.${b[o + 3]}`;
}

/** RFC 5952 text (lower case, longest zero run of two or more groups as ::), as Wireshark prints it. */
export function ipv6(b: Uint8Array, o: number): string {
  const g: number[] = [];
  for (let i = 0; i < 8; i++) g.push((b[o + 2 * i] << 8) | b[o + 2 * i + 1]);
  let bestAt = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (g[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) { bestAt = i; bestLen = j - i; }
    i = j;
  }
  // An IPv4-mapped or -compatible address keeps its last 32 bits dotted.
  if (bestAt === 0 && (bestLen === 6 || (bestLen === 5 && g[5] === 0xffff))) {
    return (bestLen === 5 ? '::ffff:' : '::') + ipv4(b, o + 12);
  }
  const part = (a: number[]) => a.map((x) => x.toString(16)).join(':');
  if (bestAt < 0) return part(g);
  return part(g.slice(0, bestAt)) + '::' + part(g.slice(bestAt + bestLen));
}
