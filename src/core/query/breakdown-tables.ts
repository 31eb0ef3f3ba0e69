/**
 * Statistics tables over the rows a filter keeps in a time range (Wireshark's Protocol Hierarchy,
 * Endpoints and Conversations, done column-at-a-time): totals go into typed arrays indexed by dense group
 * numbers (breakdown-groups.ts, breakdown-endpoints.ts), never a Map entry per row, so a flood from
 * millions of random sources costs O(m log m) time and O(m) memory for m selected rows.
 * Percentages are left to the UI.
 */
import { findColumn, type PacketTable } from '../table/packet-table.ts';
import { rowRange, type RowMask, type RowSpan, type TimeRange } from './bins-range.ts';
import { endpointIds } from './breakdown-endpoints.ts';
import { frameBytes, searchF64, topIds, uniqueInPlace } from './breakdown-groups.ts';

export { topValues } from './breakdown-values.ts';
export type { Totals, TopValues, ValueCount } from './breakdown-values.ts';

export { tcpFlagMix, tcpFlagName, tcpSeqFrequency, tcpSeqPerStream } from './breakdown-tcp.ts';
export type { TcpFlagCount, TcpSeqCount, TcpSeqFrequency, TcpSeqStream, TcpSeqStreams } from './breakdown-tcp.ts';

// ---- Protocol hierarchy ----

export interface ProtocolNode {
  readonly name: string;
  /** The ':'-joined layers down to this node ('' for the root). */
  readonly path: string;
  /** Frames whose stack passes through this node. */
  readonly frames: number;
  readonly bytes: number;
  /** Frames whose stack ends here (Wireshark's "End Packets"). */
  readonly endFrames: number;
  readonly endBytes: number;
  /** Most frames first. */
  readonly children: readonly ProtocolNode[];
}

interface MutableNode {
  name: string;
  path: string;
  frames: number;
  bytes: number;
  endFrames: number;
  endBytes: number;
  children: Map<string, MutableNode>;
}

/**
 * The tree of frame.protocols stacks under a root named `frame` that holds every selected row (rows without
 * frame.protocols end at the root). Rows add into per-dictionary-code totals (O(m)); the tree is then built
 * once per distinct stack. A layer repeated in a stack (ip:icmp:ip:udp) is a deeper node, as in Wireshark.
 */
export function protocolHierarchy(table: PacketTable, mask: RowMask, range: TimeRange | null): ProtocolNode {
  const { start, end } = rowRange(table, range);
  const bytesOf = frameBytes(table);
  const root = node('frame', '');
  const c = findColumn(table, 'frame.protocols');
  const codes = c && c.kind === 'string' ? c : null;
  const frames = new Float64Array(codes ? codes.dict.length : 1);
  const bytes = new Float64Array(frames.length);
  for (let r = start; r < end; r++) {
    if (mask && mask[r] === 0) continue;
    const code = codes ? codes.codes[r] : 0;
    frames[code]++;
    bytes[code] += bytesOf(r);
  }
  for (let code = 0; code < frames.length; code++) {
    if (frames[code] === 0) continue;
    let at = root;
    at.frames += frames[code];
    at.bytes += bytes[code];
    const layers = codes && code > 0 ? codes.dict[code].split(':').filter((l) => l.length > 0) : [];
    for (const layer of layers) {
      let next = at.children.get(layer);
      if (!next) {
        next = node(layer, at.path ? `${at.path}:${layer}` : layer);
        at.children.set(layer, next);
      }
      at = next;
      at.frames += frames[code];
      at.bytes += bytes[code];
    }
    at.endFrames += frames[code];
    at.endBytes += bytes[code];
  }
  return freeze(root);
}

function node(name: string, path: string): MutableNode {
  return { name, path, frames: 0, bytes: 0, endFrames: 0, endBytes: 0, children: new Map() };
}

function freeze(n: MutableNode): ProtocolNode {
  const children = [...n.children.values()]
    .sort((a, b) => b.frames - a.frames || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map(freeze);
  return {
    name: n.name,
    path: n.path,
    frames: n.frames,
    bytes: n.bytes,
    endFrames: n.endFrames,
    endBytes: n.endBytes,
    children,
  };
}

// ---- Endpoints ----

export interface Talker {
  readonly address: string;
  /** Packets with this address as source or destination (once when it is both). */
  readonly packets: number;
  readonly bytes: number;
  /** As ip.src (or ipv6.src). */
  readonly txPackets: number;
  readonly txBytes: number;
  /** As ip.dst (or ipv6.dst). */
  readonly rxPackets: number;
  readonly rxBytes: number;
}

/** The `n` addresses in most packets, as source or destination (IPv4, and IPv6 when the table has it). */
export function topTalkers(table: PacketTable, mask: RowMask, range: TimeRange | null, n: number): readonly Talker[] {
  const span = rowRange(table, range);
  const ep = endpointIds(table, span, mask);
  const bytesOf = frameBytes(table);
  const [packets, bytes, txP, txB, rxP, rxB] = Array.from({ length: 6 }, () => new Float64Array(ep.count));
  for (let r = span.start; r < span.end; r++) {
    const s = ep.src[r - span.start];
    const d = ep.dst[r - span.start];
    if (s < 0 && d < 0) continue;
    const w = bytesOf(r);
    if (s >= 0) {
      txP[s]++;
      txB[s] += w;
      packets[s]++;
      bytes[s] += w;
    }
    if (d >= 0) {
      rxP[d]++;
      rxB[d] += w;
      if (d !== s) {
        packets[d]++;
        bytes[d] += w;
      }
    }
  }
  return topIds(packets, packets, bytes, n).map((id) => ({
    address: ep.label(id),
    packets: packets[id],
    bytes: bytes[id],
    txPackets: txP[id],
    txBytes: txB[id],
    rxPackets: rxP[id],
    rxBytes: rxB[id],
  }));
}

// ---- Conversations ----

export interface Conversation {
  /** The source of the conversation's first packet in the range. */
  readonly a: string;
  readonly b: string;
  readonly packets: number;
  readonly bytes: number;
  readonly packetsAToB: number;
  readonly bytesAToB: number;
  readonly packetsBToA: number;
  readonly bytesBToA: number;
  /** µs since the epoch of the first and last packet. */
  readonly firstUs: number;
  readonly lastUs: number;
  readonly durationUs: number;
}

/**
 * The `n` host pairs (either direction) with most packets, then bytes. Pairs are keys low × hosts + high,
 * sorted once (O(m log m)); per-pair packets and bytes rank them, and the detail is gathered for the top `n`
 * only. Memory: about 32 bytes per selected row plus 16 per pair.
 */
export function conversations(
  table: PacketTable,
  mask: RowMask,
  range: TimeRange | null,
  n: number,
): readonly Conversation[] {
  const span = rowRange(table, range);
  const ep = endpointIds(table, span, mask);
  const bytesOf = frameBytes(table);
  const pairOfRow = pairIndex(ep.src, ep.dst, ep.count, span);
  const pairs = pairOfRow.pairs;
  const packets = new Float64Array(pairs);
  const bytes = new Float64Array(pairs);
  for (let r = span.start; r < span.end; r++) {
    const p = pairOfRow.index[r - span.start];
    if (p < 0) continue;
    packets[p]++;
    bytes[p] += bytesOf(r);
  }
  const top = topIds(packets, packets, bytes, n);
  const slot = new Int32Array(pairs).fill(-1);
  top.forEach((p, i) => {
    slot[p] = i;
  });
  const detail = top.map(() => ({ a: -1, b: -1, ab: 0, abBytes: 0, firstUs: NaN, lastUs: NaN }));
  for (let r = span.start; r < span.end; r++) {
    const p = pairOfRow.index[r - span.start];
    if (p < 0 || slot[p] < 0) continue;
    const d = detail[slot[p]];
    const s = ep.src[r - span.start];
    // Rows are in time order, so the first row seen is the conversation's first packet.
    if (d.a < 0) {
      d.a = s;
      d.b = ep.dst[r - span.start];
      d.firstUs = table.timeUs[r];
    }
    d.lastUs = table.timeUs[r];
    if (s === d.a) {
      d.ab++;
      d.abBytes += bytesOf(r);
    }
  }
  return top.map((p, i) => {
    const d = detail[i];
    return {
      a: ep.label(d.a),
      b: ep.label(d.b),
      packets: packets[p],
      bytes: bytes[p],
      packetsAToB: d.ab,
      bytesAToB: d.abBytes,
      packetsBToA: packets[p] - d.ab,
      bytesBToA: bytes[p] - d.abBytes,
      firstUs: d.firstUs,
      lastUs: d.lastUs,
      durationUs: d.lastUs - d.firstUs,
    };
  });
}

/** Each row's pair (unordered host pair) as a dense index, -1 where a side is missing. */
function pairIndex(
  src: Int32Array,
  dst: Int32Array,
  hosts: number,
  span: RowSpan,
): { index: Int32Array; pairs: number } {
  const len = Math.max(0, span.end - span.start);
  const keyOf = (i: number): number => (src[i] < dst[i] ? src[i] * hosts + dst[i] : dst[i] * hosts + src[i]);
  const buf = new Float64Array(len);
  let m = 0;
  for (let i = 0; i < len; i++) if (src[i] >= 0 && dst[i] >= 0) buf[m++] = keyOf(i);
  const keys = uniqueInPlace(buf.subarray(0, m).sort());
  const index = new Int32Array(len).fill(-1);
  for (let i = 0; i < len; i++) if (src[i] >= 0 && dst[i] >= 0) index[i] = searchF64(keys, keyOf(i));
  return { index, pairs: keys.length };
}
