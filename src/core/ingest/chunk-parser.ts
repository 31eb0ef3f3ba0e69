/**
 * Parses line-aligned chunks of a tshark CSV into one worker's partial table.
 *
 * This is the hot loop of loading: ~200 bytes a row, millions of rows. It works on bytes, dispatches on a
 * small integer per column (one switch, so each typed-array store sees one array type), and makes strings
 * only for new dictionary values and for problems it reports.
 */
import { ByteDictionary } from './byte-dictionary.ts';
import type { HeaderPlan } from './csv-header.ts';
import { COMMA, FIELD_ESCAPED, FIELD_UNTERMINATED, fieldText, makeFieldRanges, splitLine } from './csv-tokenizer.ts';
import type { FieldType } from './field-catalogue.ts';
import { emptyOddCells, emptySkipCounts, MAX_LISTED_ISSUES, type SkipReason } from './load-report.ts';
import { isIpv6, isMac, parseBool, parseFloatBytes, parseHex, parseIpv4, parseUint } from './parse-bytes.ts';
import { parseEpoch, parseFrameTime } from './parse-time.ts';
import type { LineChunk } from './line-chunker.ts';
import type { ChunkIssue, PartialColumn, PartialTable } from './partial-table.ts';

const K_TIME = 0;
const K_U8 = 1;
const K_U16 = 2;
const K_U32 = 3;
const K_H8 = 4;
const K_H16 = 5;
const K_H32 = 6;
const K_BOOL = 7;
const K_F64 = 8;
const K_IPV4 = 9;
const K_MAC = 10;
const K_IPV6 = 11;
const K_STR = 12;
const K_ZONE = 13;
/** A string column whose dictionary outgrew 16-bit codes. */
const K_STR32 = 14;

const KIND_OF: Readonly<Record<FieldType, number>> = {
  u8: K_U8,
  u16: K_U16,
  u32: K_U32,
  hex8: K_H8,
  hex16: K_H16,
  hex32: K_H32,
  bool: K_BOOL,
  f64: K_F64,
  ipv4: K_IPV4,
  ipv6: K_IPV6,
  mac: K_MAC,
  epoch: K_TIME,
  timetext: K_ZONE,
  string: K_STR,
};

const NEWLINE = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const COLON = 0x3a;
const DOT = 0x2e;
const NUL = 0;
/** Longest number read with a decimal comma (copied with a point into a scratch buffer). */
const MAX_DECIMAL_COMMA = 64;
const INITIAL_ROWS = 1 << 16;
/** 64K rows of 64 columns: the users' layout (57) starts at INITIAL_ROWS, a wider header with fewer rows. */
const INITIAL_CELLS = 1 << 22;
const decoder = new TextDecoder('utf-8');

type IntArray = Uint8Array | Uint16Array | Uint32Array;

export interface ChunkResult {
  readonly lines: number;
  readonly rows: number;
}

export class ChunkParser {
  private readonly kinds: Uint8Array;
  private readonly names: readonly string[];
  private readonly ncols: number;
  private readonly ranges;
  private capacity: number;
  private rows = 0;
  private timeUs: Float64Array;
  private timeNs: Uint16Array;
  private readonly ints: (IntArray | null)[] = [];
  private readonly presents: (Uint8Array | null)[] = [];
  private readonly floats: (Float64Array | null)[] = [];
  private readonly codes: (Uint16Array | Uint32Array | null)[] = [];
  private readonly dicts: (ByteDictionary | null)[] = [];
  private zoneCodes: Uint8Array | null = null;
  private readonly zoneDict = new ByteDictionary(64);
  private readonly skipped = emptySkipCounts();
  private readonly badValues: number[];
  private readonly issues: ChunkIssue[] = [];
  private readonly listed = new Map<string, number>();
  private readonly timeOut = new Float64Array(2);
  private readonly sep: number;
  private readonly oddCells = emptyOddCells();
  private readonly pointed = new Uint8Array(MAX_DECIMAL_COMMA);

  /**
   * `initialRows`: a first guess at the rows coming (a load's share of a big file by default; the sensor's
   * batches are a few thousand rows, and allocating 64K rows of every column for each was most of its memory).
   */
  constructor(
    private readonly plan: HeaderPlan,
    initialRows = INITIAL_ROWS,
  ) {
    // At most INITIAL_CELLS cells to start: a header of thousands of columns had a 33 KB file allocate 421 MB
    // (64K rows of each) before reading a row (found by fuzzing); the arrays grow as rows come.
    const guess = Math.min(initialRows, INITIAL_CELLS / Math.max(1, plan.columns.length));
    const rows0 = Math.max(8, Math.ceil(guess / 8) * 8); // a multiple of 8: presence bitmaps are bytes
    this.capacity = rows0;
    this.timeUs = new Float64Array(rows0);
    this.timeNs = new Uint16Array(rows0);
    this.ncols = plan.columns.length;
    this.names = plan.columns.map((c) => c.name);
    this.kinds = Uint8Array.from(plan.columns.map((c) => KIND_OF[c.type]));
    this.ranges = makeFieldRanges(this.ncols);
    this.sep = plan.separator;
    this.badValues = new Array<number>(this.ncols).fill(0);
    for (let c = 0; c < this.ncols; c++) {
      const k = this.kinds[c];
      const isInt = (k >= K_U8 && k <= K_BOOL) || k === K_IPV4;
      this.ints.push(isInt ? allocInt(k, rows0) : null);
      this.presents.push(isInt ? new Uint8Array(rows0 >>> 3) : null);
      this.floats.push(k === K_F64 ? new Float64Array(rows0).fill(NaN) : null);
      // Free-text columns start with 16-bit codes (most have a few hundred values); addresses stay 32-bit.
      const isStr = k === K_STR || k === K_MAC || k === K_IPV6;
      this.codes.push(k === K_STR ? new Uint16Array(rows0) : isStr ? new Uint32Array(rows0) : null);
      // Small to start in a header of hundreds of columns: 23 KB each of 2,850 was 66 MB per parser (fuzzing).
      this.dicts.push(isStr ? new ByteDictionary(this.ncols > 256 ? 64 : 1024) : null);
      if (k === K_ZONE) this.zoneCodes = new Uint8Array(rows0);
    }
  }

  /**
   * Parses one chunk of whole lines; the file's last chunk (`final`) may end without a line break. Line
   * numbers in issues are relative to the chunk, made absolute once every chunk's line count is known.
   */
  parseChunk(chunk: LineChunk, seq: number): ChunkResult {
    const rowsBefore = this.rows;
    let start = chunk.bodyStart;
    let lines = 0;
    if (chunk.head) {
      // The line cut between two pieces: join just that line.
      let nl = chunk.body.indexOf(NEWLINE, start);
      if (nl < 0 || nl >= chunk.bodyEnd) nl = chunk.bodyEnd;
      const line = new Uint8Array(chunk.head.length + nl - start);
      line.set(chunk.head);
      line.set(chunk.body.subarray(start, nl), chunk.head.length);
      lines = this.parseLines(line, 0, line.length, seq, 0, chunk.final && nl === chunk.bodyEnd);
      start = nl + 1;
    }
    if (start < chunk.bodyEnd) lines += this.parseLines(chunk.body, start, chunk.bodyEnd, seq, lines, chunk.final);
    return { lines, rows: this.rows - rowsBefore };
  }

  private parseLines(b: Uint8Array, pos: number, end: number, seq: number, lineBase: number, final: boolean): number {
    let lines = 0;
    // NUL bytes are damage (a crash while writing): found once per chunk, their lines skipped.
    let nul = nextNul(b, pos, end);
    while (pos < end) {
      let nl = b.indexOf(NEWLINE, pos);
      const terminated = nl >= 0 && nl < end;
      if (!terminated) nl = end;
      let e = nl;
      if (e > pos && b[e - 1] === CR) e--;
      if (nul < nl) {
        this.skip('nul-bytes', seq, lineBase + lines, `a NUL byte at byte ${nul - pos + 1} of the line`);
        nul = nextNul(b, nl + 1, end);
      } else {
        this.parseLine(b, pos, e, seq, lineBase + lines, final && !terminated);
      }
      lines++;
      pos = nl + 1;
    }
    return lines;
  }

  /** Grows the arrays once to hold `rows` rows, so a big load does not double (and copy) its way there. */
  reserve(rows: number): void {
    if (rows > this.capacity) this.grow(Math.ceil(rows / 8) * 8);
  }

  /** Hands over the arrays; the parser keeps no reference, so they can be freed as soon as they are merged. */
  finish(): PartialTable {
    const columns: PartialColumn[] = [];
    for (let c = 0; c < this.ncols; c++) {
      const k = this.kinds[c];
      const ints = this.ints[c];
      const floats = this.floats[c];
      const codes = this.codes[c];
      if (ints) columns.push({ kind: 'int', bits: bitsOf(k), values: ints, present: this.presents[c] as Uint8Array });
      else if (floats) columns.push({ kind: 'float', values: floats });
      else if (codes) columns.push({ kind: 'string', codes, dict: (this.dicts[c] as ByteDictionary).values() });
      else if (k === K_ZONE) columns.push({ kind: 'time', zoneCodes: this.zoneCodes, zones: this.zoneDict.values() });
      else columns.push({ kind: 'time', zoneCodes: null, zones: [''] });
    }
    const partial = {
      rows: this.rows,
      timeUs: this.timeUs,
      timeNs: this.timeNs,
      columns,
      stats: { skipped: this.skipped, badValues: this.badValues, issues: this.issues, oddCells: this.oddCells },
    };
    this.timeUs = new Float64Array(0);
    this.timeNs = new Uint16Array(0);
    this.ints.fill(null);
    this.presents.fill(null);
    this.floats.fill(null);
    this.codes.fill(null);
    this.zoneCodes = null;
    return partial;
  }

  private parseLine(b: Uint8Array, s: number, e: number, seq: number, line: number, unterminatedLast: boolean): void {
    if (s === e) {
      this.skip('blank-line', seq, line, 'empty line');
      return;
    }
    const n = splitLine(b, s, e, this.ranges, this.sep);
    if (n !== this.ncols) {
      if (this.isHeaderLine(b, s, e)) {
        this.skip('repeated-header', seq, line, 'header line repeated');
        return;
      }
      const detail = n > this.ncols ? `more than ${this.ncols} fields` : `${n} of ${this.ncols} fields`;
      this.skip(unterminatedLast ? 'truncated-last-line' : 'wrong-field-count', seq, line, detail);
      return;
    }
    if (this.isHeaderLine(b, s, e)) {
      this.skip('repeated-header', seq, line, 'header line repeated');
      return;
    }
    const { starts, ends, flags } = this.ranges;
    if (!this.readTime(b, seq, line)) return;
    if (this.rows === this.capacity) this.grow();
    const row = this.rows++;
    const byte = row >>> 3;
    const bit = 1 << (row & 7);
    // Locals, not `this.` loads, inside the loop that runs for every cell of the file.
    const kinds = this.kinds;
    const ints = this.ints;
    const presents = this.presents;
    const floats = this.floats;
    const codes = this.codes;
    const dicts = this.dicts;
    const ncols = this.ncols;
    for (let c = 0; c < ncols; c++) {
      const fs = starts[c];
      const fe = ends[c];
      if (fs === fe) continue;
      if (flags[c] === FIELD_UNTERMINATED) {
        this.bad(c, b, fs, fe, seq, line, 'opening quote never closed');
        continue;
      }
      let v = 0;
      switch (kinds[c]) {
        case K_TIME:
          continue;
        case K_U8:
          v = parseUint(b, fs, fe);
          if (v <= 0xff) {
            (ints[c] as Uint8Array)[row] = v;
            (presents[c] as Uint8Array)[byte] |= bit;
          } else this.retry(c, b, fs, fe, row, seq, line, 'not an integer 0-255');
          continue;
        case K_U16:
          v = parseUint(b, fs, fe);
          if (v <= 0xffff) {
            (ints[c] as Uint16Array)[row] = v;
            (presents[c] as Uint8Array)[byte] |= bit;
          } else this.retry(c, b, fs, fe, row, seq, line, 'not an integer 0-65535');
          continue;
        case K_U32:
          v = parseUint(b, fs, fe);
          if (v >= 0) {
            (ints[c] as Uint32Array)[row] = v;
            (presents[c] as Uint8Array)[byte] |= bit;
          } else this.retry(c, b, fs, fe, row, seq, line, 'not an unsigned integer');
          continue;
        case K_H8:
          v = parseHex(b, fs, fe);
          if (v <= 0xff) {
            (ints[c] as Uint8Array)[row] = v;
            (presents[c] as Uint8Array)[byte] |= bit;
          } else this.retry(c, b, fs, fe, row, seq, line, 'not a hex byte');
          continue;
        case K_H16:
          v = parseHex(b, fs, fe);
          if (v <= 0xffff) {
            (ints[c] as Uint16Array)[row] = v;
            (presents[c] as Uint8Array)[byte] |= bit;
          } else this.retry(c, b, fs, fe, row, seq, line, 'not a 16-bit hex value');
          continue;
        case K_H32:
          v = parseHex(b, fs, fe);
          if (v >= 0) {
            (ints[c] as Uint32Array)[row] = v;
            (presents[c] as Uint8Array)[byte] |= bit;
          } else this.retry(c, b, fs, fe, row, seq, line, 'not a hex value');
          continue;
        case K_BOOL:
          v = parseBool(b, fs, fe);
          if (v >= 0) {
            (ints[c] as Uint8Array)[row] = v;
            (presents[c] as Uint8Array)[byte] |= bit;
          } else this.retry(c, b, fs, fe, row, seq, line, 'not a boolean (1, 0, True, False)');
          continue;
        case K_IPV4:
          v = parseIpv4(b, fs, fe);
          if (v >= 0) {
            (ints[c] as Uint32Array)[row] = v;
            (presents[c] as Uint8Array)[byte] |= bit;
          } else this.retry(c, b, fs, fe, row, seq, line, 'not an IPv4 address');
          continue;
        case K_F64:
          v = parseFloatBytes(b, fs, fe);
          if (!Number.isNaN(v)) (floats[c] as Float64Array)[row] = v;
          else this.retry(c, b, fs, fe, row, seq, line, 'not a number');
          continue;
        case K_MAC: {
          // Validate only values the dictionary has not seen: a capture has few distinct MACs.
          const dict = dicts[c] as ByteDictionary;
          let code = dict.find(b, fs, fe);
          if (code === 0 && isMac(b, fs, fe)) code = dict.intern(b, fs, fe);
          if (code !== 0) (codes[c] as Uint32Array)[row] = code;
          else this.retry(c, b, fs, fe, row, seq, line, 'not a MAC address');
          continue;
        }
        case K_IPV6: {
          const dict = dicts[c] as ByteDictionary;
          let code = dict.find(b, fs, fe);
          if (code === 0 && isIpv6(b, fs, fe)) code = dict.intern(b, fs, fe);
          if (code !== 0) (codes[c] as Uint32Array)[row] = code;
          else this.retry(c, b, fs, fe, row, seq, line, 'not an IPv6 address');
          continue;
        }
        case K_STR: {
          const dict = dicts[c] as ByteDictionary;
          const code =
            flags[c] === FIELD_ESCAPED
              ? dict.internString(fieldText(b, fs, fe, FIELD_ESCAPED))
              : dict.intern(b, fs, fe);
          if (code <= 0xffff) (codes[c] as Uint16Array)[row] = code;
          else {
            this.widenCodes(c);
            (codes[c] as Uint32Array)[row] = code;
          }
          continue;
        }
        case K_STR32: {
          const dict = dicts[c] as ByteDictionary;
          (codes[c] as Uint32Array)[row] =
            flags[c] === FIELD_ESCAPED
              ? dict.internString(fieldText(b, fs, fe, FIELD_ESCAPED))
              : dict.intern(b, fs, fe);
          continue;
        }
        case K_ZONE:
          (this.zoneCodes as Uint8Array)[row] = this.zoneCode(b, fs, fe);
          continue;
        default:
          continue;
      }
    }
  }

  /** Sets the time of the row about to be added; false (and the line skipped) when it has none. */
  private readTime(b: Uint8Array, seq: number, line: number): boolean {
    const { starts, ends, flags } = this.ranges;
    const out = this.timeOut;
    const ei = this.plan.epochIndex;
    if (ei >= 0 && starts[ei] !== ends[ei]) {
      if (parseEpoch(b, starts[ei], ends[ei], out)) return this.setTime(out);
      if (this.epochWithComma(b, starts[ei], ends[ei], out)) return this.setTime(out);
      this.bad(ei, b, starts[ei], ends[ei], seq, line, 'not epoch seconds');
    }
    const ti = this.plan.timeTextIndex;
    if (ti >= 0 && starts[ti] !== ends[ti]) {
      const t = parseFrameTime(fieldText(b, starts[ti], ends[ti], flags[ti]));
      if (t) {
        out[0] = t.us;
        out[1] = t.ns;
        return this.setTime(out);
      }
      this.bad(ti, b, starts[ti], ends[ti], seq, line, 'not a time this reader knows');
    }
    this.skip('no-time', seq, line, `no ${this.plan.timeField} that parses`);
    return false;
  }

  /** Epoch seconds with a decimal comma (`1795378353,952647464`: a spreadsheet's save), into `out`. */
  private epochWithComma(b: Uint8Array, s: number, e: number, out: Float64Array): boolean {
    let comma = s;
    while (comma < e && b[comma] !== COMMA) comma++;
    if (comma === e || !isDecimalComma(b, s, e, comma)) return false;
    if (!parseEpoch(this.withPoint(b, s, e), 0, e - s, out)) return false;
    this.oddCells.decimalCommas++;
    return true;
  }

  private setTime(out: Float64Array): true {
    if (this.rows === this.capacity) this.grow();
    this.timeUs[this.rows] = out[0];
    this.timeNs[this.rows] = out[1];
    return true;
  }

  /** The zone written after the time of day (`EST`, `Eastern Standard Time`), '' for ISO offsets. */
  private zoneCode(b: Uint8Array, s: number, e: number): number {
    let i = e - 1;
    while (i > s && b[i] !== COLON) i--;
    while (i < e && b[i] !== SPACE) i++;
    const code = this.zoneDict.intern(b, Math.min(i + 1, e), e);
    return code > 255 ? 0 : code;
  }

  private isHeaderLine(b: Uint8Array, s: number, e: number): boolean {
    const h = this.plan.headerBytes;
    let start = s;
    if (e - s >= 3 && b[s] === 0xef && b[s + 1] === 0xbb && b[s + 2] === 0xbf) start += 3;
    if (e - start !== h.length || b[start] !== h[0]) return false;
    for (let k = 1; k < h.length; k++) if (b[start + k] !== h[k]) return false;
    return true;
  }

  private skip(reason: SkipReason, seq: number, line: number, detail: string): void {
    this.skipped[reason]++;
    this.note(reason, { seq, lineInChunk: line, kind: reason, detail });
  }

  /**
   * A typed cell that did not parse, read as a spreadsheet or tshark's default output writes it before it is
   * called bad. A number with one comma and no point has a decimal comma (`0,000123`); otherwise commas join a
   * field's occurrences (`-E occurrence=a`, e.g. an ICMP error's own and quoted `ip.src`), and the first is
   * kept, as the users' `-E occurrence=f` keeps it. Free text is never cut: `frame.time` holds a comma.
   */
  private retry(
    c: number,
    b: Uint8Array,
    s: number,
    e: number,
    row: number,
    seq: number,
    line: number,
    why: string,
  ): void {
    let comma = s;
    while (comma < e && b[comma] !== COMMA) comma++;
    if (comma < e) {
      if (this.kinds[c] === K_F64 && isDecimalComma(b, s, e, comma)) {
        const v = parseFloatBytes(this.withPoint(b, s, e), 0, e - s);
        if (!Number.isNaN(v)) {
          (this.floats[c] as Float64Array)[row] = v;
          this.oddCells.decimalCommas++;
          return;
        }
      } else if (this.store(c, b, s, comma, row)) {
        this.oddCells.firstOccurrences++;
        return;
      }
    }
    this.bad(c, b, s, e, seq, line, why);
  }

  /** Stores the typed value of b[s..e) in row `row` of column c; false when it does not parse. */
  private store(c: number, b: Uint8Array, s: number, e: number, row: number): boolean {
    const k = this.kinds[c];
    if (k === K_F64) {
      const f = parseFloatBytes(b, s, e);
      if (Number.isNaN(f)) return false;
      (this.floats[c] as Float64Array)[row] = f;
      return true;
    }
    if (k === K_MAC || k === K_IPV6) {
      if (!(k === K_MAC ? isMac(b, s, e) : isIpv6(b, s, e))) return false;
      (this.codes[c] as Uint32Array)[row] = (this.dicts[c] as ByteDictionary).intern(b, s, e);
      return true;
    }
    const v =
      k >= K_U8 && k <= K_U32
        ? parseUint(b, s, e)
        : k >= K_H8 && k <= K_H32
          ? parseHex(b, s, e)
          : k === K_BOOL
            ? parseBool(b, s, e)
            : k === K_IPV4
              ? parseIpv4(b, s, e)
              : NaN;
    const bits = bitsOf(k);
    if (!(v >= 0 && v <= (bits === 8 ? 0xff : bits === 16 ? 0xffff : 0xffffffff))) return false;
    (this.ints[c] as IntArray)[row] = v;
    (this.presents[c] as Uint8Array)[row >>> 3] |= 1 << (row & 7);
    return true;
  }

  /** b[s..e) copied with its decimal comma made a point, for the number parsers. */
  private withPoint(b: Uint8Array, s: number, e: number): Uint8Array {
    const out = this.pointed;
    for (let i = s; i < e; i++) out[i - s] = b[i] === COMMA ? DOT : b[i];
    return out;
  }

  private bad(c: number, b: Uint8Array, s: number, e: number, seq: number, line: number, why: string): void {
    this.badValues[c]++;
    const text = decoder.decode(b.subarray(s, Math.min(e, s + 60)));
    this.note('bad-value', {
      seq,
      lineInChunk: line,
      kind: 'bad-value',
      field: this.names[c],
      detail: `${JSON.stringify(text)}: ${why}`,
    });
  }

  private note(kind: string, issue: ChunkIssue): void {
    const n = this.listed.get(kind) ?? 0;
    if (n >= MAX_LISTED_ISSUES) return;
    this.listed.set(kind, n + 1);
    this.issues.push(issue);
  }

  private widenCodes(c: number): void {
    this.codes[c] = Uint32Array.from(this.codes[c] as Uint16Array);
    this.kinds[c] = K_STR32;
  }

  private grow(cap = this.capacity * 2): void {
    this.timeUs = growF64(this.timeUs, cap, 0);
    this.timeNs = growTo(this.timeNs, new Uint16Array(cap));
    for (let c = 0; c < this.ncols; c++) {
      const ints = this.ints[c];
      if (ints) {
        this.ints[c] = growTo(ints, allocInt(this.kinds[c], cap));
        this.presents[c] = growTo(this.presents[c] as Uint8Array, new Uint8Array(cap >>> 3));
      }
      const floats = this.floats[c];
      if (floats) this.floats[c] = growF64(floats, cap, NaN);
      const codes = this.codes[c];
      if (codes)
        this.codes[c] =
          codes instanceof Uint16Array ? growTo(codes, new Uint16Array(cap)) : growTo(codes, new Uint32Array(cap));
    }
    if (this.zoneCodes) this.zoneCodes = growTo(this.zoneCodes, new Uint8Array(cap));
    this.capacity = cap;
  }
}

function nextNul(b: Uint8Array, from: number, end: number): number {
  const i = b.indexOf(NUL, from);
  return i < 0 || i >= end ? Infinity : i;
}

/** One comma, no point, digits on both sides, short enough to copy: `0,000123`, not `1,2,3` or `0.5,0.7`. */
function isDecimalComma(b: Uint8Array, s: number, e: number, comma: number): boolean {
  if (e - s > MAX_DECIMAL_COMMA || comma === s || comma === e - 1) return false;
  for (let i = s; i < e; i++) if ((b[i] === COMMA && i !== comma) || b[i] === DOT) return false;
  return isDigit(b[comma - 1]) && isDigit(b[comma + 1]);
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function allocInt(kind: number, n: number): IntArray {
  const bits = bitsOf(kind);
  return bits === 8 ? new Uint8Array(n) : bits === 16 ? new Uint16Array(n) : new Uint32Array(n);
}

function bitsOf(kind: number): 8 | 16 | 32 {
  if (kind === K_U8 || kind === K_H8 || kind === K_BOOL) return 8;
  if (kind === K_U16 || kind === K_H16) return 16;
  return 32;
}

function growTo<T extends IntArray>(from: T, to: T): T {
  to.set(from);
  return to;
}

function growF64(from: Float64Array, cap: number, fill: number): Float64Array {
  const to = new Float64Array(cap);
  to.set(from);
  if (fill !== 0) to.fill(fill, from.length);
  return to;
}
