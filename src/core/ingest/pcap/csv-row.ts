/**
 * The users' CSV written from a capture's columns, as tshark's `-T fields -E header=y -E separator=,
 * -E quote=d -E occurrence=f` writes the users' fields: names unquoted in the header, each non-empty value
 * in double quotes (inner quotes left as they are, as tshark leaves them), an empty value bare, LF.
 */
import { knownField, type FieldType } from '../field-catalogue.ts';
import type { CaptureRows } from './capture-columns.ts';
import { frameTimeSecond, type ZoneFormatter } from './frame-time.ts';
import { USERS_FIELDS } from './users-layout.ts';

export const CSV_HEADER_LINE = `${USERS_FIELDS.join(',')}\n`;

const TYPES: readonly FieldType[] = USERS_FIELDS.map((n) => knownField(n)?.type ?? 'string');
const encoder = new TextEncoder();

/** How an integer column is written: decimal, `0x` and 2, 4 or 8 hex digits, or a dotted quad. */
const K_DECIMAL = 0;
const K_HEX2 = 2;
const K_HEX4 = 4;
const K_HEX8 = 8;
const K_IPV4 = 9;
const KINDS = Uint8Array.from(
  TYPES.map((t) =>
    t === 'hex8' ? K_HEX2 : t === 'hex16' ? K_HEX4 : t === 'hex32' ? K_HEX8 : t === 'ipv4' ? K_IPV4 : K_DECIMAL,
  ),
);
const HEX = encoder.encode('0123456789abcdef');
const COMMA = 44;
const NEWLINE = 10;
const QUOTE = 34;
const DOT = 46;

/** Each value as the bytes of its cell, `"value"` (an empty value as no bytes). */
const quoted = (text: string): Uint8Array => (text === '' ? new Uint8Array(0) : encoder.encode(`"${text}"`));

/**
 * The rows as CSV lines (no header), in the order they were dissected, as UTF-8 bytes: each distinct value's
 * cell is encoded once (a dictionary's values, an integer column's recent values), then copied per row.
 */
export function csvLines(rows: CaptureRows, zone: ZoneFormatter): Uint8Array {
  const { partial, rawTimes } = rows;
  const cols = partial.columns;
  const dicts = cols.map((c) => (c.kind === 'string' ? c.dict.map(quoted) : null));
  const out = new ByteSink(partial.rows * 160);
  let secText = -1;
  let secBytes = new Uint8Array(0);
  for (let r = 0; r < partial.rows; r++) {
    const sec = rawTimes ? rawTimes.sec[r] : Math.floor(partial.timeUs[r] / 1e6);
    const nsec = rawTimes ? rawTimes.nsec[r] : (partial.timeUs[r] - sec * 1e6) * 1000 + partial.timeNs[r];
    for (let c = 0; c < cols.length; c++) {
      if (c > 0) out.byte(COMMA);
      const col = cols[c];
      if (col.kind === 'int') {
        if ((col.present[r >>> 3] & (1 << (r & 7))) === 0) continue;
        out.byte(QUOTE);
        out.int(KINDS[c], col.values[r]);
        out.byte(QUOTE);
      } else if (col.kind === 'string') {
        out.bytes((dicts[c] as Uint8Array[])[col.codes[r]]);
      } else if (col.kind === 'time') {
        if (TYPES[c] === 'epoch') {
          if (sec !== secText) {
            secText = sec;
            secBytes = encoder.encode(`"${sec}.`);
          }
          out.bytes(secBytes);
          out.nanos(nsec);
          out.byte(QUOTE);
        } else {
          // The text up to the seconds and the zone after the nanoseconds change once a second.
          frameTimeSecond(zone, sec);
          out.byte(QUOTE);
          if (zone.representable) {
            out.bytes(zone.headBytes);
            out.byte(DOT);
            out.nanos(nsec);
            out.bytes(zone.tailBytes);
          } else {
            out.bytes(zone.headBytes);
          }
          out.byte(QUOTE);
        }
      }
    }
    out.byte(NEWLINE);
  }
  return out.done();
}

/** A growing byte buffer. */
class ByteSink {
  private buf: Uint8Array;
  private at = 0;

  constructor(size: number) {
    this.buf = new Uint8Array(Math.max(1024, size));
  }

  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const more = new Uint8Array(Math.max(this.buf.length * 2, this.at + n));
    more.set(this.buf.subarray(0, this.at));
    this.buf = more;
  }

  byte(b: number): void {
    this.room(1);
    this.buf[this.at++] = b;
  }

  bytes(b: Uint8Array): void {
    this.room(b.length);
    if (b.length < 16) for (let i = 0; i < b.length; i++) this.buf[this.at++] = b[i];
    else {
      this.buf.set(b, this.at);
      this.at += b.length;
    }
  }

  /** An integer cell's text (`kind`: K_DECIMAL, K_HEX2/4/8, K_IPV4), as cellText writes it. */
  int(kind: number, v: number): void {
    if (kind === K_DECIMAL) {
      this.decimal(v);
      return;
    }
    if (kind === K_IPV4) {
      this.decimal(v >>> 24);
      this.byte(DOT);
      this.decimal((v >>> 16) & 255);
      this.byte(DOT);
      this.decimal((v >>> 8) & 255);
      this.byte(DOT);
      this.decimal(v & 255);
      return;
    }
    this.room(2 + kind);
    const b = this.buf;
    b[this.at++] = 48;
    b[this.at++] = 120;
    for (let shift = (kind - 1) * 4; shift >= 0; shift -= 4) b[this.at++] = HEX[Math.floor(v / 2 ** shift) & 15];
  }

  private decimal(v: number): void {
    this.room(16);
    const b = this.buf;
    if (v < 10) {
      b[this.at++] = 48 + v;
      return;
    }
    let n = 0;
    for (let x = v; x >= 1; x = Math.floor(x / 10)) n++;
    let x = v;
    for (let p = this.at + n - 1; p >= this.at; p--) {
      const q = Math.floor(x / 10);
      b[p] = 48 + x - q * 10;
      x = q;
    }
    this.at += n;
  }

  /** Nine digits of nanoseconds. */
  nanos(v: number): void {
    this.room(9);
    let x = v | 0;
    for (let p = this.at + 8; p >= this.at; p--) {
      const q = (x / 10) | 0;
      this.buf[p] = 48 + x - q * 10;
      x = q;
    }
    this.at += 9;
  }

  done(): Uint8Array {
    return this.buf.subarray(0, this.at);
  }
}
