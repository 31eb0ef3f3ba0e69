/** A PacketTable written as a packet batch's bytes (the layout is in packet-batch.ts). */
import { FIELD_TYPES } from '../ingest/field-catalogue.ts';
import { bitmapBytes, type CodeArray, type Column, type PacketTable } from '../table/packet-table.ts';
import { ALL, flip, KINDS, MAGIC, NONE, type Numbers, PACKET_BATCH_VERSION, SOME } from './batch-format.ts';

class Writer {
  private buf = new Uint8Array(1 << 16);
  private view = new DataView(this.buf.buffer);
  at = 0;

  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.at + n));
    next.set(this.buf.subarray(0, this.at));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }
  u8(v: number): void {
    this.room(1);
    this.buf[this.at++] = v;
  }
  u16(v: number): void {
    this.room(2);
    this.view.setUint16(this.at, v, true);
    this.at += 2;
  }
  u32(v: number): void {
    this.room(4);
    this.view.setUint32(this.at, v, true);
    this.at += 4;
  }
  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.at);
    this.at += b.length;
  }
  array(a: Numbers): void {
    const b = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    const from = this.at;
    this.bytes(b);
    flip(this.buf.subarray(from, this.at), a.BYTES_PER_ELEMENT);
  }
  text(s: string, lengthBytes: 2 | 4): void {
    const b = UTF8.encode(s);
    if (lengthBytes === 2) this.u16(b.length);
    else this.u32(b.length);
    this.bytes(b);
  }
  done(): Uint8Array {
    return this.buf.slice(0, this.at);
  }
}

const UTF8 = new TextEncoder();

export function encodePacketBatch(table: PacketTable): Uint8Array {
  const n = table.rowCount;
  const w = new Writer();
  for (const b of MAGIC) w.u8(b);
  w.u16(PACKET_BATCH_VERSION);
  w.u16(table.columns.length);
  w.u32(n);
  w.array(table.timeUs.subarray(0, n));
  w.array(table.timeNs.subarray(0, n));
  for (const c of table.columns) {
    w.u8(KINDS.indexOf(c.kind));
    w.u8(FIELD_TYPES.indexOf(c.type));
    w.text(c.name, 2);
    writeColumn(w, c, n);
  }
  return w.done();
}

function writeColumn(w: Writer, c: Column, n: number): void {
  switch (c.kind) {
    case 'int': {
      w.u8(c.values.BYTES_PER_ELEMENT);
      const present = (r: number): boolean => (c.present[r >>> 3] & (1 << (r & 7))) !== 0;
      writeCells(w, c.values.subarray(0, n), present, c.present.subarray(0, bitmapBytes(n)));
      return;
    }
    case 'float': {
      const present = (r: number): boolean => !Number.isNaN(c.values[r]);
      writeCells(w, c.values.subarray(0, n), present, null);
      return;
    }
    case 'string': {
      w.u8(c.codes.BYTES_PER_ELEMENT);
      writeTexts(w, c.dict);
      writeCodes(w, c.codes.subarray(0, n), true);
      return;
    }
    case 'time':
      writeTexts(w, c.zones);
      // Null and all-zero zone codes are different tables: only null is written as none.
      if (c.zoneCodes) writeCodes(w, c.zoneCodes.subarray(0, n), false);
      else w.u8(0);
      return;
    default: {
      const never: never = c;
      throw new Error(`unknown column kind ${String(never)}`);
    }
  }
}

/** The cells mode, then the bitmap if needed, then the present rows' values only. */
function writeCells(w: Writer, values: Numbers, present: (r: number) => boolean, bits: Uint8Array | null): void {
  const n = values.length;
  let count = 0;
  for (let r = 0; r < n; r++) if (present(r)) count++;
  if (count === 0) {
    w.u8(NONE);
    return;
  }
  if (count === n) {
    w.u8(ALL);
    w.array(values);
    return;
  }
  w.u8(SOME);
  const map = new Uint8Array(bitmapBytes(n));
  if (bits) map.set(bits);
  else for (let r = 0; r < n; r++) if (present(r)) map[r >>> 3] |= 1 << (r & 7);
  w.bytes(map);
  const kept = new (values.constructor as new (n: number) => Numbers)(count);
  for (let r = 0, k = 0; r < n; r++) if (present(r)) kept[k++] = values[r];
  w.array(kept);
}

function writeTexts(w: Writer, texts: readonly string[]): void {
  w.u32(texts.length);
  for (const s of texts) w.text(s, 4);
}

/** `zeroAsNone`: a string column with every cell missing (code 0) is sent as a flag, its codes made anew. */
function writeCodes(w: Writer, codes: CodeArray, zeroAsNone: boolean): void {
  if (zeroAsNone && codes.every((v) => v === 0)) {
    w.u8(0);
    return;
  }
  w.u8(1);
  w.array(codes);
}
