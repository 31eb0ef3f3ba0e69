/** A packet batch's bytes read back into a PacketTable; bytes it did not write throw PacketBatchError. */
import { FIELD_TYPES } from '../ingest/field-catalogue.ts';
import { bitmapBytes, type CodeArray, type Column, type PacketTable } from '../table/packet-table.ts';
import {
  ALL,
  arrayType,
  flip,
  KINDS,
  MAGIC,
  NONE,
  type Numbers,
  type NumbersType,
  PACKET_BATCH_VERSION,
  PacketBatchError,
  SOME,
} from './batch-format.ts';

const UTF8_IN = new TextDecoder('utf-8', { fatal: true });

/** Reads the bytes in order; every read first checks that the bytes are there, so a lying length says so. */
class Reader {
  private readonly view: DataView;
  at = 0;

  constructor(private readonly buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  get left(): number {
    return this.buf.length - this.at;
  }
  need(n: number, what: string): void {
    if (n > this.left) throw new PacketBatchError(`${what} needs ${n} bytes, ${this.left} left`, this.at);
  }
  u8(what: string): number {
    this.need(1, what);
    return this.buf[this.at++];
  }
  u16(what: string): number {
    this.need(2, what);
    const v = this.view.getUint16(this.at, true);
    this.at += 2;
    return v;
  }
  u32(what: string): number {
    this.need(4, what);
    const v = this.view.getUint32(this.at, true);
    this.at += 4;
    return v;
  }
  bytes(n: number, what: string): Uint8Array {
    this.need(n, what);
    const b = this.buf.slice(this.at, this.at + n);
    this.at += n;
    return b;
  }
  /** `count` values into a fresh array of `type` (its own buffer: transferable). */
  array<T extends Numbers>(type: NumbersType<T>, count: number, what: string): T {
    const size = type.BYTES_PER_ELEMENT;
    this.need(count * size, what);
    const out = new type(count);
    const b = new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
    b.set(this.buf.subarray(this.at, this.at + b.length));
    this.at += b.length;
    flip(b, size);
    return out;
  }
  text(lengthBytes: 2 | 4, what: string): string {
    const n = lengthBytes === 2 ? this.u16(what) : this.u32(what);
    const from = this.at;
    const b = this.bytes(n, what);
    try {
      return UTF8_IN.decode(b);
    } catch {
      throw new PacketBatchError(`${what} is not UTF-8`, from);
    }
  }
}

const WIDTHS = { 1: Uint8Array, 2: Uint16Array, 4: Uint32Array } as const;
const HEADER_BYTES = 12;

/** The table encodePacketBatch wrote; throws PacketBatchError for bytes it did not write. */
export function decodePacketBatch(bytes: Uint8Array): PacketTable {
  const rd = new Reader(bytes);
  if (bytes.length < HEADER_BYTES)
    throw new PacketBatchError(`truncated header: ${bytes.length} of ${HEADER_BYTES} bytes`, bytes.length);
  for (let i = 0; i < MAGIC.length; i++)
    if (bytes[i] !== MAGIC[i]) throw new PacketBatchError('not a packet batch (no NIDB mark)', i);
  rd.at = MAGIC.length;
  const version = rd.u16('version');
  if (version !== PACKET_BATCH_VERSION)
    throw new PacketBatchError(`unknown version ${version} (this reader knows ${PACKET_BATCH_VERSION})`, 4);
  const count = rd.u16('column count');
  const n = rd.u32('row count');
  // Every row costs 10 bytes of time: a row count the bytes cannot hold is refused before anything is allocated.
  rd.need(n * 10, `${n} rows' times`);
  const timeUs = rd.array(Float64Array, n, 'timeUs');
  const timeNs = rd.array(Uint16Array, n, 'timeNs');
  const columns: Column[] = [];
  for (let k = 0; k < count; k++) columns.push(readColumn(rd, k, n));
  if (rd.left > 0) throw new PacketBatchError(`${rd.left} bytes after the last column`, rd.at);
  return { rowCount: n, timeUs, timeNs, columns };
}

function readColumn(rd: Reader, k: number, n: number): Column {
  const kindAt = rd.at;
  const kindByte = rd.u8(`column ${k}'s kind`);
  const kind = KINDS[kindByte];
  if (kind === undefined) throw new PacketBatchError(`column ${k}: unknown kind ${kindByte}`, kindAt);
  const typeByte = rd.u8(`column ${k}'s type`);
  const type = FIELD_TYPES[typeByte];
  if (type === undefined) throw new PacketBatchError(`column ${k}: unknown field type ${typeByte}`, kindAt + 1);
  const name = rd.text(2, `column ${k}'s name`);
  const what = `column ${k} (${name})`;
  switch (kind) {
    case 'int': {
      const widthAt = rd.at;
      const width = rd.u8(`${what} width`);
      if (width !== 1 && width !== 2 && width !== 4)
        throw new PacketBatchError(`${what}: value width ${width} (1, 2 or 4)`, widthAt);
      const values = new WIDTHS[width](n);
      const present = readCells(rd, values, n, what);
      return { kind, name, type, values, present };
    }
    case 'float': {
      const values = new Float64Array(n).fill(Number.NaN);
      readCells(rd, values, n, what);
      return { kind, name, type, values };
    }
    case 'string': {
      const widthAt = rd.at;
      const width = rd.u8(`${what} code width`);
      if (width !== 1 && width !== 2 && width !== 4)
        throw new PacketBatchError(`${what}: code width ${width} (1, 2 or 4)`, widthAt);
      const dictAt = rd.at;
      const dict = readTexts(rd, `${what} dictionary`);
      if (dict[0] !== '') throw new PacketBatchError(`${what}: the dictionary does not start with ''`, dictAt);
      const codeType: NumbersType<CodeArray> = WIDTHS[width];
      const codes = readCodes(rd, codeType, n, dict.length, what) ?? new codeType(n);
      return { kind, name, type, codes, dict };
    }
    case 'time': {
      const zones = readTexts(rd, `${what} zones`);
      const zoneCodes = readCodes(rd, Uint8Array, n, zones.length, what);
      return { kind, name, type, zones, zoneCodes };
    }
    default: {
      const never: never = kind;
      throw new Error(`unknown column kind ${String(never)}`);
    }
  }
}

/** Fills the present rows of `values` (the rest keep their missing value); returns the presence bitmap. */
function readCells(rd: Reader, values: Numbers, n: number, what: string): Uint8Array {
  const modeAt = rd.at;
  const mode = rd.u8(`${what} cells`);
  const map = new Uint8Array(bitmapBytes(n));
  if (mode === NONE) return map;
  if (mode === ALL) {
    map.fill(0xff);
    if (n & 7) map[map.length - 1] = (1 << (n & 7)) - 1; // no bits past the last row
    values.set(rd.array(arrayType(values), n, `${what} values`));
    return map;
  }
  if (mode !== SOME) throw new PacketBatchError(`${what}: unknown cells mode ${mode}`, modeAt);
  const bitsAt = rd.at;
  map.set(rd.bytes(map.length, `${what} bitmap`));
  if (n & 7 && map[map.length - 1] >>> (n & 7))
    throw new PacketBatchError(`${what}: bitmap marks rows past the last`, bitsAt + map.length - 1);
  let count = 0;
  for (let r = 0; r < n; r++) if (map[r >>> 3] & (1 << (r & 7))) count++;
  const kept = rd.array(arrayType(values), count, `${what}'s ${count} present values`);
  for (let r = 0, i = 0; r < n; r++) if (map[r >>> 3] & (1 << (r & 7))) values[r] = kept[i++];
  return map;
}

function readTexts(rd: Reader, what: string): string[] {
  const count = rd.u32(`${what} count`);
  // Each text has at least its 4-byte length: a count the bytes cannot hold is refused at once.
  rd.need(count * 4, `${what} of ${count} texts`);
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(rd.text(4, `${what} text ${i}`));
  return out;
}

/** Null when the writer said every code is 0; codes past the dictionary are refused. */
function readCodes<T extends CodeArray>(
  rd: Reader,
  type: NumbersType<T>,
  n: number,
  dictSize: number,
  what: string,
): T | null {
  const flagAt = rd.at;
  const flag = rd.u8(`${what} has codes`);
  if (flag === 0) return null;
  if (flag !== 1) throw new PacketBatchError(`${what}: has-codes flag ${flag} (0 or 1)`, flagAt);
  const from = rd.at;
  const codes = rd.array(type, n, `${what} codes`);
  for (let r = 0; r < n; r++)
    if (codes[r] >= dictSize)
      throw new PacketBatchError(
        `${what}: row ${r} has code ${codes[r]}, past its ${dictSize} values`,
        from + r * type.BYTES_PER_ELEMENT,
      );
  return codes;
}
