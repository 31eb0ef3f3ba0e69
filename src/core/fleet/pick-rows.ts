/**
 * Chosen rows of a batch's arrays, in the order given: what a capture point sends a shard and a worker hands
 * each view. Plain loops: TypedArray.from with a map function, or a subarray per row, cost several times more.
 */
import type { PacketColumns } from '../features/packet-columns.ts';

/** Whether `rows` is 0, 1, ..., n - 1. */
export function isEvery(rows: Uint32Array, n: number): boolean {
  if (rows.length !== n) return false;
  for (let i = 0; i < n; i++) if (rows[i] !== i) return false;
  return true;
}

/** Rows `rows` of `width` floats each, float by float (a subarray per row would be an object per packet). */
export function pickRows(feats: Float32Array, width: number, rows: Uint32Array): Float32Array {
  const out = new Float32Array(rows.length * width);
  for (let i = 0; i < rows.length; i++) {
    const from = rows[i] * width;
    for (let j = 0; j < width; j++) out[i * width + j] = feats[from + j];
  }
  return out;
}

/** `out[i] = src[rows[i]]`: a plain loop (TypedArray.from with a map function is several times slower). */
export function gather<T extends Float64Array | Uint32Array | Uint8Array>(
  src: ArrayLike<number>,
  rows: ArrayLike<number>,
  out: T,
): T {
  for (let i = 0; i < rows.length; i++) out[i] = src[rows[i]];
  return out;
}

/** The rows `rows` of `c`, in that order, as columns of their own. */
export function pickColumns(c: PacketColumns, rows: Uint32Array): PacketColumns {
  const f64 = (a: Float64Array): Float64Array => gather(a, rows, new Float64Array(rows.length));
  return {
    rows: rows.length,
    timeUs: f64(c.timeUs),
    frameLen: f64(c.frameLen),
    ipLen: f64(c.ipLen),
    ttl: f64(c.ttl),
    ipProto: f64(c.ipProto),
    tcpFlags: f64(c.tcpFlags),
    tcpLen: f64(c.tcpLen),
    tcpWin: f64(c.tcpWin),
    tcpSeq: f64(c.tcpSeq),
    tcpAck: f64(c.tcpAck),
    tcpStream: f64(c.tcpStream),
    srcPort: f64(c.srcPort),
    dstPort: f64(c.dstPort),
    icmpType: f64(c.icmpType),
    isArp: gather(c.isArp, rows, new Uint8Array(rows.length)),
    ethGroup: f64(c.ethGroup),
    src: f64(c.src),
    dst: f64(c.dst),
    srcMac: f64(c.srcMac),
    dstMac: f64(c.dstMac),
  };
}
