/**
 * What a capture point sends one shard for one batch: the packets any view routes there (a packet batch,
 * packet-batch.ts), what their features read from the flow and pair memories (PacketMemory: the capture
 * point sees every flow), their places in the capture's batch, and per view the rows that are its own. Every batch is sent to every shard, empty or not,
 * so a worker knows the clock (`lastUs`: groups go idle by it) and that no batch is missing.
 *
 * Layout (little-endian): magic 'NIDS', version u16, header length u32, header (JSON: ShardHeader), then
 * 8-byte aligned sections: the packet batch; order u32, has-previous u8 × rows; previous time, tcp.seq,
 * tcp.ack, the pair's first source and its packets so far f64 × rows; each view's rows u32 × its count. Bad bytes throw ShardBatchError with the byte.
 */
import type { PacketMemory } from '../sensor/stream-featurizer.ts';
import type { PacketTable } from '../table/packet-table.ts';
import { decodePacketBatch, encodePacketBatch, PacketBatchError } from './packet-batch.ts';

export const SHARD_BATCH_VERSION = 1;
const MAGIC = [0x4e, 0x49, 0x44, 0x53]; // 'NIDS'
const HEAD = 10;

export interface ShardHeader {
  /** The capture batch's number in the run, from 0. */
  readonly batch: number;
  readonly shard: number;
  /** The capture batch's last packet time: the windows' clock moves to it on every shard. */
  readonly lastUs: number;
  /** The capture batch's latest packet time (rows need not be in time order). */
  readonly maxUs: number;
  /** The run's last message for this shard (it carries no packets). */
  readonly end: boolean;
  readonly rows: number;
  /** Per view: how many of the rows are its own. */
  readonly viewRows: readonly number[];
  readonly tableBytes: number;
}

export interface ShardBatch {
  readonly batch: number;
  readonly shard: number;
  readonly lastUs: number;
  readonly maxUs: number;
  readonly end: boolean;
  readonly table: PacketTable;
  /** Per row: its place in the capture's batch. */
  readonly order: Uint32Array;
  /** Per row: what its features read from the memories of earlier packets. */
  readonly memory: PacketMemory;
  /** Per view: its rows, indices into `table`, in packet order. */
  readonly views: readonly Uint32Array[];
}

export class ShardBatchError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`shard batch: ${message} (at byte ${offset})`);
    this.name = 'ShardBatchError';
  }
}

const pad8 = (n: number): number => (n + 7) & ~7;
const HOST_LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function encodeShardBatch(b: ShardBatch): Uint8Array {
  if (!HOST_LE) throw new Error('shard batches are written on little-endian hosts only');
  const table = encodePacketBatch(b.table);
  const rows = b.table.rowCount;
  const header: ShardHeader = {
    batch: b.batch,
    shard: b.shard,
    lastUs: b.lastUs,
    maxUs: b.maxUs,
    end: b.end,
    rows,
    viewRows: b.views.map((v) => v.length),
    tableBytes: table.length,
  };
  const head = new TextEncoder().encode(JSON.stringify(header));
  const m = b.memory;
  if (m.rows !== rows) throw new Error(`the memory has ${m.rows} rows, the packets ${rows}`);
  const f64 = [m.prevUs, m.prevSeq, m.prevAck, m.firstSrc, m.pairPackets].map((a) => u8(a.subarray(0, rows)));
  const parts: Uint8Array[] = [table, u8(b.order), m.hasPrev.subarray(0, rows), ...f64, ...b.views.map(u8)];
  let size = pad8(HEAD + head.length);
  for (const p of parts) size += pad8(p.length);
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  out.set(MAGIC, 0);
  dv.setUint16(4, SHARD_BATCH_VERSION, true);
  dv.setUint32(6, head.length, true);
  out.set(head, HEAD);
  let at = pad8(HEAD + head.length);
  for (const p of parts) {
    out.set(p, at);
    at += pad8(p.length);
  }
  return out;
}

export function decodeShardBatch(bytes: Uint8Array): ShardBatch {
  if (bytes.length < HEAD) throw new ShardBatchError(`truncated: ${bytes.length} of ${HEAD} header bytes`, 0);
  for (let i = 0; i < MAGIC.length; i++)
    if (bytes[i] !== MAGIC[i]) throw new ShardBatchError('not a shard batch (no NIDS mark)', i);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = dv.getUint16(4, true);
  if (version !== SHARD_BATCH_VERSION)
    throw new ShardBatchError(`unknown version ${version} (this reader knows ${SHARD_BATCH_VERSION})`, 4);
  const headLength = dv.getUint32(6, true);
  if (HEAD + headLength > bytes.length)
    throw new ShardBatchError(`header of ${headLength} bytes runs past the end (${bytes.length})`, 6);
  const h = readHeader(bytes.subarray(HEAD, HEAD + headLength));
  let at = pad8(HEAD + headLength);
  const take = (length: number, what: string): Uint8Array => {
    if (at + length > bytes.length)
      throw new ShardBatchError(`${what}: ${length} bytes needed, ${bytes.length - at} left`, at);
    // Copied into a buffer of its own: typed arrays over it must start on their element size, whatever
    // offset the message came at (a Node Buffer's slice would share its pool).
    const part = new Uint8Array(length);
    part.set(bytes.subarray(at, at + length));
    at += pad8(length);
    return part;
  };
  const tableAt = at;
  let table: PacketTable;
  try {
    table = decodePacketBatch(take(h.tableBytes, 'packet batch'));
  } catch (e) {
    if (e instanceof PacketBatchError) throw new ShardBatchError(e.message, tableAt + e.offset);
    throw e;
  }
  if (table.rowCount !== h.rows)
    throw new ShardBatchError(`the packet batch has ${table.rowCount} rows, the header ${h.rows}`, tableAt);
  const words = (n: number, what: string): Uint32Array => new Uint32Array(take(n * 4, what).buffer);
  const f64 = (what: string): Float64Array => new Float64Array(take(h.rows * 8, what).buffer);
  const order = words(h.rows, 'order');
  const hasPrev = take(h.rows, 'has-previous');
  const memory: PacketMemory = {
    rows: h.rows,
    hasPrev,
    prevUs: f64('previous times'),
    prevSeq: f64('previous tcp.seq'),
    prevAck: f64('previous tcp.ack'),
    firstSrc: f64('first sources'),
    pairPackets: f64('pair packets'),
  };
  const views = h.viewRows.map((n, k) => {
    const from = at;
    const v = words(n, `view ${k}'s rows`);
    for (const r of v) if (r >= h.rows) throw new ShardBatchError(`view ${k} names row ${r} of ${h.rows}`, from);
    return v;
  });
  return { batch: h.batch, shard: h.shard, lastUs: h.lastUs, maxUs: h.maxUs, end: h.end, table, order, memory, views };
}

function u8(a: Uint32Array | Float64Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

function readHeader(bytes: Uint8Array): ShardHeader {
  let h: unknown;
  try {
    h = JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    throw new ShardBatchError(`header is not JSON: ${e instanceof Error ? e.message : String(e)}`, HEAD);
  }
  const o = (h ?? {}) as Record<string, unknown>;
  const whole = (v: unknown): boolean => Number.isInteger(v) && (v as number) >= 0;
  const wholes = (v: unknown): boolean => Array.isArray(v) && v.every(whole);
  const bad = (
    [
      ['batch', whole(o.batch)],
      ['shard', whole(o.shard)],
      ['lastUs', typeof o.lastUs === 'number' || o.lastUs === null],
      ['maxUs', typeof o.maxUs === 'number' || o.maxUs === null],
      ['end', typeof o.end === 'boolean'],
      ['rows', whole(o.rows)],
      ['viewRows', wholes(o.viewRows)],
      ['tableBytes', whole(o.tableBytes)],
    ] as const
  ).find(([, ok]) => !ok);
  if (bad) throw new ShardBatchError(`header field ${bad[0]} is missing or wrong`, HEAD);
  // JSON has no -Infinity: an end with no batch before it has a clock of null.
  const time = (v: unknown): number => (v === null ? Number.NEGATIVE_INFINITY : (v as number));
  return { ...(o as unknown as ShardHeader), lastUs: time(o.lastUs), maxUs: time(o.maxUs) };
}
