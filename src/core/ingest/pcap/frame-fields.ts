/**
 * The frames' fields written straight into the columns of the users' layout: one row per frame, each field
 * stored as the CSV path would store tshark's text of it (`tcp.flags` 0x0012 as the integer 0x12, `eth.src`
 * as a dictionary code), so no text is made and parsed again. The first write to a column of a row wins, as
 * tshark's `-E occurrence=f` keeps the first, so a quoted header inside an ICMP error never overwrites the
 * outer one. What the rows hold goes on as a PartialTable, the CSV path's own shape.
 */
import { ByteDictionary } from '../byte-dictionary.ts';
import type { FieldType } from '../field-catalogue.ts';
import { knownField } from '../field-catalogue.ts';
import { emptySkipCounts, MAX_LISTED_ISSUES } from '../load-report.ts';
import { parseBool, parseHex, parseIpv4, parseUint } from '../parse-bytes.ts';
import type { ChunkIssue, PartialColumn, PartialTable } from '../partial-table.ts';
import { cellText } from './cell-text.ts';
import { USERS_FIELDS } from './users-layout.ts';

const N = USERS_FIELDS.length;
const TYPES: readonly FieldType[] = USERS_FIELDS.map((n) => knownField(n)?.type ?? 'string');

/** Storage of a column: integers with a presence bitmap, dictionary codes, or the row's time. */
const S_INT = 0;
const S_CODE = 1;
const S_TIME = 2;
const STORAGE = Uint8Array.from(
  TYPES.map((t) =>
    t === 'epoch' || t === 'timetext' ? S_TIME : t === 'string' || t === 'mac' || t === 'ipv6' ? S_CODE : S_INT,
  ),
);
/** The largest value an integer column holds. */
const MAX_INT = Float64Array.from(
  TYPES.map((t) =>
    t === 'u8' || t === 'hex8' || t === 'bool' ? 0xff : t === 'u16' || t === 'hex16' ? 0xffff : 0xffffffff,
  ),
);
const HEX = new TextEncoder().encode('0123456789abcdef');
const utf8 = new TextEncoder();
const MAX_SAFE_US = Number.MAX_SAFE_INTEGER;

/** Layer sequences seen, each with its frame.protocols text: a frame walks the tree instead of joining. */
interface LayerNode {
  readonly next: Map<string, LayerNode>;
  readonly text: string;
  readonly bytes: Uint8Array;
  /** Numbers the nodes, for each table's own dictionary code of the text. */
  readonly id: number;
}

let nodes = 0;
const ROOT_LAYERS: LayerNode = { next: new Map(), text: '', bytes: new Uint8Array(0), id: nodes++ };

type IntArray = Uint8Array | Uint16Array | Uint32Array;
type CodeArray = Uint8Array | Uint16Array | Uint32Array;

export interface FrameFieldsOptions {
  /** Rows to make room for at once. */
  readonly rows?: number;
  /** Keep each frame's own seconds and nanoseconds (for writing the CSV back exactly, times beyond a Date too). */
  readonly rawTimes?: boolean;
}

/** A frame's own time as the capture gave it, beside each row (for the CSV writer). */
export interface RawTimes {
  readonly sec: Float64Array;
  readonly nsec: Uint32Array;
}

export class FrameFields {
  private capacity: number;
  /** Rows kept so far; the row being written is `rows`. */
  rows = 0;
  private timeUs: Float64Array;
  private timeNs: Uint16Array;
  private readonly ints: (IntArray | null)[] = [];
  private readonly presents: (Uint8Array | null)[] = [];
  private readonly codes: (CodeArray | null)[] = [];
  private readonly dicts: (ByteDictionary | null)[] = [];
  private zoneCodes: Uint8Array;
  private readonly zones = new ByteDictionary(64);
  private raw: { sec: Float64Array; nsec: Uint32Array } | null;
  /** Whether the current row has had each column written (an empty text counts: the first write wins). */
  private readonly written = new Uint8Array(N);
  private node: LayerNode = ROOT_LAYERS;
  /** Per layer node: its frame.protocols code in this table (0: not yet interned). */
  private layerCodes = new Int32Array(64);
  /** Per MAC column: addresses as 48-bit numbers, to their codes (a capture has few). */
  private readonly macCodes: Map<number, number>[] = [];
  private readonly zoneCodeOf = new Map<string, number>();
  private timeOk = false;
  private open = false;
  private readonly skipped = emptySkipCounts();
  private readonly badValues = new Array<number>(N).fill(0);
  private readonly issues: ChunkIssue[] = [];
  private badListed = 0;
  private timeListed = 0;
  /** The frame number of the row, for issues. */
  private frameNumber = 0;

  constructor(opts: FrameFieldsOptions = {}) {
    const rows0 = Math.max(64, Math.ceil((opts.rows ?? 4096) / 8) * 8);
    this.capacity = rows0;
    this.timeUs = new Float64Array(rows0);
    this.timeNs = new Uint16Array(rows0);
    this.zoneCodes = new Uint8Array(rows0);
    this.raw = opts.rawTimes ? { sec: new Float64Array(rows0), nsec: new Uint32Array(rows0) } : null;
    for (let c = 0; c < N; c++) {
      const s = STORAGE[c];
      this.ints.push(s === S_INT ? allocInt(MAX_INT[c], rows0) : null);
      this.presents.push(s === S_INT ? new Uint8Array(rows0 >>> 3) : null);
      // Codes start at 8 bits (a batch of a capture has a few protocol stacks, MACs, methods) and widen.
      this.codes.push(s === S_CODE ? new Uint8Array(rows0) : null);
      this.dicts.push(s === S_CODE ? new ByteDictionary() : null);
    }
  }

  /** Starts the next frame's row. */
  reset(frameNumber = this.frameNumber + 1): void {
    // A row begun and never ended (a frame whose dissection threw) is written afresh.
    if (this.open) this.clearRow();
    this.open = true;
    this.written.fill(0);
    this.node = ROOT_LAYERS;
    this.frameNumber = frameNumber;
    this.timeOk = false;
    if (this.rows === this.capacity) this.grow(this.capacity * 2);
  }

  /**
   * The row's time: seconds since the epoch and nanoseconds, as the capture gives them. A time the epoch
   * field cannot carry (beyond 2^53 microseconds) leaves the row without one, as the CSV path would.
   * `zone` is frame.time's zone (`EST`, as written after the nanoseconds), or null when the time has no
   * calendar text.
   */
  setTime(sec: number, nsec: number, zone: string | null): void {
    const r = this.rows;
    const us = sec * 1e6 + Math.floor(nsec / 1000);
    this.timeOk = sec >= 0 && us <= MAX_SAFE_US;
    this.timeUs[r] = us;
    this.timeNs[r] = nsec % 1000;
    if (this.raw) {
      this.raw.sec[r] = sec;
      this.raw.nsec[r] = nsec;
    }
    this.zoneCodes[r] = zone ? this.zoneCode(zone) : 0;
  }

  /**
   * Ends the row: kept when it has a time. A frame without one is still dissected (the conversations count
   * it) but gives no row, as its CSV line would give none; with `keepTimeless` (the CSV writer) it is kept.
   */
  endRow(keepTimeless = false): void {
    this.open = false;
    if (this.timeOk || keepTimeless) {
      this.rows++;
      return;
    }
    this.clearRow();
    this.skipped['no-time']++;
    if (this.timeListed++ < MAX_LISTED_ISSUES) {
      this.issues.push({
        seq: 0,
        lineInChunk: this.frameNumber - 1,
        kind: 'no-time',
        detail: 'a time beyond what the epoch field holds',
      });
    }
  }

  layer(name: string): void {
    const n = this.node;
    let next = n.next.get(name);
    if (next === undefined) {
      const text = n === ROOT_LAYERS ? name : `${n.text}:${name}`;
      next = { next: new Map(), text, bytes: utf8.encode(text), id: nodes++ };
      n.next.set(name, next);
    }
    this.node = next;
  }

  /** Writes frame.protocols from the layers seen. */
  setProtocols(col: number): void {
    if (!this.claim(col)) return;
    const n = this.node;
    if (n.bytes.length === 0) return;
    if (n.id >= this.layerCodes.length) {
      const more = new Int32Array(Math.max(n.id + 1, this.layerCodes.length * 2));
      more.set(this.layerCodes);
      this.layerCodes = more;
    }
    let code = this.layerCodes[n.id];
    if (code === 0)
      code = this.layerCodes[n.id] = (this.dicts[col] as ByteDictionary).intern(n.bytes, 0, n.bytes.length);
    this.putCode(col, code);
  }

  has(col: number): boolean {
    return this.written[col] !== 0;
  }

  /** The column's text in the row being written, as tshark would print it, or null (tests and messages). */
  value(col: number): string | null {
    const r = this.rows;
    const s = STORAGE[col];
    if (s === S_TIME) return null;
    if (s === S_INT) {
      if (((this.presents[col] as Uint8Array)[r >>> 3] & (1 << (r & 7))) === 0) return null;
      return cellText(TYPES[col], (this.ints[col] as IntArray)[r]);
    }
    const code = (this.codes[col] as CodeArray)[r];
    return code === 0 ? (this.written[col] ? '' : null) : (this.dicts[col] as ByteDictionary).values()[code];
  }

  /** A whole number (a port, a length, a counter). */
  setUint(col: number, v: number): void {
    if (!this.claim(col)) return;
    if (STORAGE[col] === S_INT) this.putInt(col, v);
    else this.putText(col, utf8.encode(String(v)));
  }

  /** A byte tshark prints as `0x` and two hex digits. */
  setHex2(col: number, v: number): void {
    if (this.claim(col)) this.putInt(col, v);
  }

  /** Two bytes tshark prints as `0x` and four hex digits. */
  setHex4(col: number, v: number): void {
    if (this.claim(col)) this.putInt(col, v);
  }

  /** A flag: `0` or `1`. */
  setBit(col: number, on: boolean): void {
    if (this.claim(col)) this.putInt(col, on ? 1 : 0);
  }

  /** Six bytes, `aa:bb:cc:dd:ee:ff`. */
  setMac(col: number, src: Uint8Array, o: number): void {
    if (!this.claim(col)) return;
    const key =
      (src[o] * 0x10000 + ((src[o + 1] << 8) | src[o + 2])) * 0x1000000 +
      ((src[o + 3] << 16) | (src[o + 4] << 8) | src[o + 5]);
    this.macCodes[col] ??= new Map();
    const known = this.macCodes[col];
    let code = known.get(key);
    if (code === undefined) {
      const text = new Uint8Array(17);
      for (let i = 0, p = 0; i < 6; i++) {
        const x = src[o + i];
        if (i) text[p++] = 58;
        text[p++] = HEX[x >> 4];
        text[p++] = HEX[x & 15];
      }
      code = (this.dicts[col] as ByteDictionary).intern(text, 0, 17);
      known.set(key, code);
    }
    this.putCode(col, code);
  }

  /** Four bytes, a dotted quad. */
  setIpv4(col: number, src: Uint8Array, o: number): void {
    if (this.claim(col)) this.putInt(col, ((src[o] << 24) | (src[o + 1] << 16) | (src[o + 2] << 8) | src[o + 3]) >>> 0);
  }

  /** Text (stored as UTF-8, as tshark writes it). */
  setText(col: number, s: string): void {
    if (!this.claim(col)) return;
    let ascii = true;
    for (let i = 0; i < s.length; i++)
      if (s.charCodeAt(i) > 0x7f) {
        ascii = false;
        break;
      }
    if (!ascii) {
      this.putText(col, utf8.encode(s));
      return;
    }
    const b = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
    this.putText(col, b);
  }

  /** Bytes already in UTF-8. */
  setBytes(col: number, bytes: Uint8Array): void {
    if (this.claim(col)) this.putText(col, bytes);
  }

  /**
   * Hands over the rows as a PartialTable (and each row's own time when kept); the fields start afresh,
   * with new dictionaries, for the next rows.
   */
  finish(): { partial: PartialTable; rawTimes: RawTimes | null } {
    const n = this.rows;
    const columns: PartialColumn[] = [];
    for (let c = 0; c < N; c++) {
      const s = STORAGE[c];
      if (s === S_INT) {
        const values = this.ints[c] as IntArray;
        const bits = values instanceof Uint8Array ? 8 : values instanceof Uint16Array ? 16 : 32;
        columns.push({ kind: 'int', bits, values, present: this.presents[c] as Uint8Array });
      } else if (s === S_CODE) {
        columns.push({
          kind: 'string',
          codes: this.codes[c] as CodeArray,
          dict: (this.dicts[c] as ByteDictionary).values(),
        });
      } else if (TYPES[c] === 'timetext') {
        columns.push({ kind: 'time', zoneCodes: this.zoneCodes, zones: this.zones.values() });
      } else {
        columns.push({ kind: 'time', zoneCodes: null, zones: [''] });
      }
    }
    const issues = this.issues.slice().sort((a, b) => a.lineInChunk - b.lineInChunk);
    const partial: PartialTable = {
      rows: n,
      timeUs: this.timeUs,
      timeNs: this.timeNs,
      columns,
      stats: { skipped: { ...this.skipped }, badValues: this.badValues.slice(), issues },
    };
    return { partial, rawTimes: this.raw };
  }

  /** Column c of the row is written now: false when an earlier write holds it. */
  private claim(c: number): boolean {
    if (this.written[c] !== 0) return false;
    this.written[c] = 1;
    return true;
  }

  private putInt(c: number, v: number): void {
    const max = MAX_INT[c];
    if (!(v >= 0 && v <= max)) {
      this.bad(c, String(v));
      return;
    }
    const r = this.rows;
    // One store per array type, so that each store site sees one kind of typed array.
    if (max === 0xff) (this.ints[c] as Uint8Array)[r] = v;
    else if (max === 0xffff) (this.ints[c] as Uint16Array)[r] = v;
    else (this.ints[c] as Uint32Array)[r] = v;
    (this.presents[c] as Uint8Array)[r >>> 3] |= 1 << (r & 7);
  }

  private putCode(c: number, code: number): void {
    let codes = this.codes[c] as CodeArray;
    if (code > 0xff && codes instanceof Uint8Array) codes = this.codes[c] = Uint16Array.from(codes);
    if (code > 0xffff && codes instanceof Uint16Array) codes = this.codes[c] = Uint32Array.from(codes);
    codes[this.rows] = code;
  }

  /** Text for any column: interned, or read as the column's type (a status code is text in HTTP). */
  private putText(c: number, b: Uint8Array): void {
    if (b.length === 0) return;
    if (STORAGE[c] === S_CODE) {
      this.putCode(c, (this.dicts[c] as ByteDictionary).intern(b, 0, b.length));
      return;
    }
    const t = TYPES[c];
    const e = b.length;
    const v =
      t === 'ipv4'
        ? parseIpv4(b, 0, e)
        : t === 'bool'
          ? parseBool(b, 0, e)
          : t.startsWith('hex')
            ? parseHex(b, 0, e)
            : parseUint(b, 0, e);
    if (v >= 0 && v <= MAX_INT[c]) this.putInt(c, v);
    else this.bad(c, new TextDecoder().decode(b.subarray(0, 60)));
  }

  private bad(c: number, text: string): void {
    this.badValues[c]++;
    if (this.badListed++ >= MAX_LISTED_ISSUES) return;
    this.issues.push({
      seq: 0,
      lineInChunk: this.frameNumber - 1,
      kind: 'bad-value',
      field: USERS_FIELDS[c],
      detail: `${JSON.stringify(text)}: not a ${TYPES[c]} value`,
    });
  }

  /** The zone's code, as the CSV parser codes the zone it reads from frame.time. */
  private zoneCode(zone: string): number {
    let code = this.zoneCodeOf.get(zone);
    if (code === undefined) {
      code = this.zones.internString(zone);
      if (code > 255) code = 0;
      this.zoneCodeOf.set(zone, code);
    }
    return code;
  }

  private clearRow(): void {
    const r = this.rows;
    for (let c = 0; c < N; c++) {
      const s = STORAGE[c];
      if (s === S_INT) {
        (this.presents[c] as Uint8Array)[r >>> 3] &= ~(1 << (r & 7));
        (this.ints[c] as IntArray)[r] = 0;
      } else if (s === S_CODE) (this.codes[c] as CodeArray)[r] = 0;
    }
    this.zoneCodes[r] = 0;
  }

  /** Whether every row made room for is written (a shard then hands its rows on as a segment). */
  get full(): boolean {
    return this.rows === this.capacity;
  }

  private grow(cap: number): void {
    this.timeUs = grown(this.timeUs, new Float64Array(cap));
    this.timeNs = grown(this.timeNs, new Uint16Array(cap));
    this.zoneCodes = grown(this.zoneCodes, new Uint8Array(cap));
    if (this.raw)
      this.raw = { sec: grown(this.raw.sec, new Float64Array(cap)), nsec: grown(this.raw.nsec, new Uint32Array(cap)) };
    for (let c = 0; c < N; c++) {
      const ints = this.ints[c];
      if (ints) {
        this.ints[c] = grown(ints, allocInt(MAX_INT[c], cap));
        this.presents[c] = grown(this.presents[c] as Uint8Array, new Uint8Array(cap >>> 3));
      }
      const codes = this.codes[c];
      if (codes) this.codes[c] = grown(codes, new (codes.constructor as new (n: number) => CodeArray)(cap));
    }
    this.capacity = cap;
  }
}

function allocInt(max: number, n: number): IntArray {
  return max === 0xff ? new Uint8Array(n) : max === 0xffff ? new Uint16Array(n) : new Uint32Array(n);
}

function grown<T extends IntArray | Float64Array | Uint16Array>(from: T, to: T): T {
  (to as Uint8Array).set(from as unknown as Uint8Array);
  return to;
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
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      bestAt = i;
      bestLen = j - i;
    }
    i = j;
  }
  // An IPv4-mapped or -compatible address keeps its last 32 bits dotted.
  if (bestAt === 0 && (bestLen === 6 || (bestLen === 5 && g[5] === 0xffff))) {
    return (bestLen === 5 ? '::ffff:' : '::') + ipv4(b, o + 12);
  }
  const part = (a: number[]) => a.map((x) => x.toString(16)).join(':');
  if (bestAt < 0) return part(g);
  return `${part(g.slice(0, bestAt))}::${part(g.slice(bestAt + bestLen))}`;
}
