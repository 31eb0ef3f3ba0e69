/**
 * Per-packet features, in time order, with the memory they need (time since the group's and the flow's
 * previous packet, tcp.seq/ack deltas within the flow, direction within the pair). The numbers come from
 * `packetFeatures` and `groupFeatures`, shared by training (Featurizer, memories in Maps) and the sensor
 * (src/core/sensor/stream-featurizer.ts: bounded memories in typed arrays, one set for all its views), so what
 * was measured is what runs.
 */
import type { FeatureSpec } from './feature-spec.ts';
import { PACKET_FEATURES, SERVICE_PORTS } from './feature-spec.ts';
import { flowKey, groupKeyOf, pairKey, type GroupKey } from './group-key.ts';
import { payloadOf, type PacketColumns } from './packet-columns.ts';

const LOG_US = 20; // log1p of ~5 days in µs: time gaps land in [0, 1]
const SERVICE_INDEX = new Map<number, number>(SERVICE_PORTS.map((p, i) => [p, i]));

export class Featurizer {
  readonly width: number;
  private readonly groupLast = new Map<string, number>();
  private readonly flows = new Map<string, FlowMemory>();
  private readonly pairFirstSrc = new Map<string, number>();

  constructor(
    readonly spec: FeatureSpec,
    readonly key: GroupKey,
  ) {
    this.width = spec.packet.length;
  }

  /** Features of rows [from, to) of `c` (in time order) into `out` at row * width; returns the group key of each row. */
  run(c: PacketColumns, from: number, to: number, out: Float32Array, outRow0 = 0): string[] {
    const keys: string[] = new Array<string>(to - from);
    for (let r = from; r < to; r++) {
      const g = groupKeyOf(c, r, this.key);
      keys[r - from] = g;
      this.packet(c, r, g, out, (outRow0 + r - from) * this.width);
    }
    return keys;
  }

  private packet(c: PacketColumns, r: number, group: string, o: Float32Array, at: number): void {
    const t = c.timeUs[r];
    const lastG = this.groupLast.get(group);
    this.groupLast.set(group, t);
    const flow = flowKey(c, r);
    const mem = this.flows.get(flow);
    this.flows.set(flow, { t, seq: c.tcpSeq[r], ack: c.tcpAck[r] });
    const pair = pairKey(c, r);
    const first = this.pairFirstSrc.get(pair) ?? c.src[r];
    if (!this.pairFirstSrc.has(pair)) this.pairFirstSrc.set(pair, first);
    packetFeatures(this.spec, c, r, o, at, mem ?? null, first);
    groupFeatures(t, lastG ?? NaN, o, at);
  }
}

/** What a flow remembers of its previous packet. */
export interface FlowMemory {
  readonly t: number;
  readonly seq: number;
  readonly ack: number;
}

/** Where the one feature that depends on the grouping is (the rest of a packet's features do not). */
export const GROUP_GAP_FEATURE = PACKET_FEATURES.indexOf('log_dt_group');
/** log_dt_group of a group's first packet: the top of the scale (~5 days). */
export const NO_PREVIOUS_GAP = 1;

/**
 * Row r's features at o[at ..], given what the memories held before it: its flow's previous packet (null:
 * none) and the first source seen for its host pair (c.src[r] when it is the pair's first packet). The group
 * feature is left for `groupFeatures`. One function for training and the sensor, whatever keeps
 * the memories, so both compute the same numbers.
 */
export function packetFeatures(
  spec: FeatureSpec,
  c: PacketColumns,
  r: number,
  o: Float32Array,
  at: number,
  mem: FlowMemory | null,
  first: number,
): void {
  const t = c.timeUs[r];
  let i = at;
  o[i++] = log1(c.frameLen[r]) / 8;
  o[i++] = !Number.isNaN(c.ttl[r]) ? c.ttl[r] / 255 : 0;
  o[i++] = log1(c.ipLen[r]) / 8;
  const proto = c.ipProto[r];
  const arp = c.isArp[r] === 1;
  const tcp = proto === 6;
  const udp = proto === 17;
  const icmp = proto === 1 || proto === 58;
  o[i++] = tcp ? 1 : 0;
  o[i++] = udp ? 1 : 0;
  o[i++] = icmp ? 1 : 0;
  o[i++] = arp ? 1 : 0;
  o[i++] = !tcp && !udp && !icmp && !arp ? 1 : 0;
  const f = !Number.isNaN(c.tcpFlags[r]) ? c.tcpFlags[r] : 0;
  o[i++] = f & 0x02 ? 1 : 0; // SYN
  o[i++] = f & 0x10 ? 1 : 0; // ACK
  o[i++] = f & 0x01 ? 1 : 0; // FIN
  o[i++] = f & 0x04 ? 1 : 0; // RST
  o[i++] = f & 0x08 ? 1 : 0; // PSH
  o[i++] = f & 0x20 ? 1 : 0; // URG
  o[i++] = log1(c.tcpLen[r]) / 8;
  o[i++] = log1(c.tcpWin[r]) / 12;
  const dp = c.dstPort[r];
  const sp = c.srcPort[r];
  o[i++] = !Number.isNaN(dp) && dp < 1024 ? 1 : 0;
  o[i++] = !Number.isNaN(dp) && dp >= 1024 ? 1 : 0;
  o[i++] = !Number.isNaN(sp) && sp < 1024 ? 1 : 0;
  o[i++] = !Number.isNaN(sp) && sp >= 1024 ? 1 : 0;
  const it = c.icmpType[r];
  o[i++] = it === 8 || it === 128 ? 1 : 0;
  o[i++] = it === 0 || it === 129 ? 1 : 0;
  o[i++] = it === 3 || it === 1 ? 1 : 0;
  o[i++] = !Number.isNaN(it) && it !== 8 && it !== 128 && it !== 0 && it !== 129 && it !== 3 && it !== 1 ? 1 : 0;
  i++; // log_dt_group: groupFeatures
  o[i++] = mem === null ? 0 : log1(t - mem.t) / LOG_US;
  const seq = c.tcpSeq[r];
  const ack = c.tcpAck[r];
  const dSeq = mem && !Number.isNaN(seq) && !Number.isNaN(mem.seq) ? seq - mem.seq : 0;
  const dAck = mem && !Number.isNaN(ack) && !Number.isNaN(mem.ack) ? ack - mem.ack : 0;
  o[i++] = Math.sign(dSeq);
  o[i++] = log1(Math.abs(dSeq)) / 22;
  o[i++] = Math.sign(dAck);
  o[i++] = log1(Math.abs(dAck)) / 22;
  o[i++] = c.src[r] === first || (Number.isNaN(c.src[r]) && Number.isNaN(first)) ? 1 : 0;
  o[i++] = mem === null ? 1 : 0;
  const pl = payloadOf(c, r);
  o[i++] = !Number.isNaN(pl) && pl > 0 ? 1 : 0;
  o[i++] = log1(pl) / 8;
  o[i++] = c.ethGroup[r] === 1 ? 1 : 0;
  if (spec.portServices) {
    const s = !Number.isNaN(dp) ? SERVICE_INDEX.get(dp) : undefined;
    for (let k = 0; k <= SERVICE_PORTS.length; k++) o[i + k] = 0;
    if (!Number.isNaN(dp)) o[i + (s ?? SERVICE_PORTS.length)] = 1;
  }
}

/**
 * The group feature of a packet at time t whose group's previous packet was at lastG (NaN: none). A group's
 * first packet reads as one after a long silence (NO_PREVIOUS_GAP), not as a gap of 0 (a flood's) nor with a
 * flag of its own: a training capture starts a host's group once, so "first in group" was nearly never seen
 * there and the model made it up (the lab-a model called a new client's first page loads hydra), while a
 * sensor meets new hosts all day and forgets idle ones.
 */
export function groupFeatures(t: number, lastG: number, o: Float32Array, at: number): void {
  o[at + GROUP_GAP_FEATURE] = Number.isNaN(lastG) ? NO_PREVIOUS_GAP : log1(t - lastG) / LOG_US;
}

/** log(1 + v) for a present non-negative value, 0 when missing. */
function log1(v: number): number {
  return !Number.isNaN(v) && v > 0 ? Math.log1p(v) : 0;
}
