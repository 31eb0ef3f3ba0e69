/**
 * Per-packet features, in time order, with the memory they need (time since the group's and the flow's
 * previous packet, tcp.seq/ack deltas within the flow, direction within the pair). The same class serves a
 * whole table (training) and a stream of batches (the sensor), so what was measured is what runs.
 */
import type { FeatureSpec } from './feature-spec.ts';
import { SERVICE_PORTS } from './feature-spec.ts';
import { flowKey, groupKeyOf, pairKey, type GroupKey } from './group-key.ts';
import { payloadOf, type PacketColumns } from './packet-columns.ts';

interface FlowMemory { t: number; seq: number; ack: number }

const LOG_US = 20; // log1p of ~5 days in µs: time gaps land in [0, 1]
const SERVICE_INDEX = new Map<number, number>(SERVICE_PORTS.map((p, i) => [p, i]));

export class Featurizer {
  readonly width: number;
  private readonly groupLast = new Map<string, number>();
  private readonly flows = new Map<string, FlowMemory>();
  private readonly pairFirstSrc = new Map<string, { src: number; t: number }>();

  /**
   * `lru`: keep each memory in least-recently-seen order (a touch moves the entry to the end), so `trim` can
   * drop the stalest first. Off for training (it never trims; re-inserting costs time); on for the sensor.
   * The features are the same either way.
   */
  constructor(readonly spec: FeatureSpec, readonly key: GroupKey, private readonly lru = false) {
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

  /** How many groups, flows and pairs are remembered (the sensor bounds these). */
  get remembered(): number {
    return this.groupLast.size + this.flows.size + this.pairFirstSrc.size;
  }

  /** Forgets what was last seen before `us` (idle groups), keeping memory bounded in a long run. */
  forgetBefore(us: number): void {
    for (const [k, t] of this.groupLast) if (t < us) this.groupLast.delete(k);
    for (const [k, f] of this.flows) if (f.t < us) this.flows.delete(k);
    for (const [k, p] of this.pairFirstSrc) if (p.t < us) this.pairFirstSrc.delete(k);
  }

  /** Keeps at most `max` entries in each memory, dropping the least recently seen (needs `lru`); returns how many went. */
  trim(max: number): number {
    let dropped = 0;
    for (const m of [this.groupLast, this.flows, this.pairFirstSrc] as Map<string, unknown>[]) {
      for (const k of m.keys()) {
        if (m.size <= max) break;
        m.delete(k);
        dropped++;
      }
    }
    return dropped;
  }

  private packet(c: PacketColumns, r: number, group: string, o: Float32Array, at: number): void {
    const t = c.timeUs[r];
    let i = at;
    o[i++] = log1(c.frameLen[r]) / 8;
    o[i++] = c.ttl[r] === c.ttl[r] ? c.ttl[r] / 255 : 0;
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
    const f = c.tcpFlags[r] === c.tcpFlags[r] ? c.tcpFlags[r] : 0;
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
    o[i++] = dp === dp && dp < 1024 ? 1 : 0;
    o[i++] = dp === dp && dp >= 1024 ? 1 : 0;
    o[i++] = sp === sp && sp < 1024 ? 1 : 0;
    o[i++] = sp === sp && sp >= 1024 ? 1 : 0;
    const it = c.icmpType[r];
    o[i++] = it === 8 || it === 128 ? 1 : 0;
    o[i++] = it === 0 || it === 129 ? 1 : 0;
    o[i++] = it === 3 || it === 1 ? 1 : 0;
    o[i++] = it === it && it !== 8 && it !== 128 && it !== 0 && it !== 129 && it !== 3 && it !== 1 ? 1 : 0;

    const lastG = this.groupLast.get(group);
    if (this.lru) this.groupLast.delete(group);
    this.groupLast.set(group, t);
    o[i++] = lastG === undefined ? 0 : log1(t - lastG) / LOG_US;
    const flow = flowKey(c, r);
    const mem = this.flows.get(flow);
    o[i++] = mem === undefined ? 0 : log1(t - mem.t) / LOG_US;
    const seq = c.tcpSeq[r];
    const ack = c.tcpAck[r];
    const dSeq = mem && seq === seq && mem.seq === mem.seq ? seq - mem.seq : 0;
    const dAck = mem && ack === ack && mem.ack === mem.ack ? ack - mem.ack : 0;
    o[i++] = Math.sign(dSeq);
    o[i++] = log1(Math.abs(dSeq)) / 22;
    o[i++] = Math.sign(dAck);
    o[i++] = log1(Math.abs(dAck)) / 22;
    if (this.lru) this.flows.delete(flow);
    this.flows.set(flow, { t, seq, ack });
    const pair = pairKey(c, r);
    const seen = this.pairFirstSrc.get(pair);
    const first = seen ? seen.src : c.src[r];
    if (this.lru) this.pairFirstSrc.delete(pair);
    this.pairFirstSrc.set(pair, { src: first, t });
    o[i++] = c.src[r] === first || (c.src[r] !== c.src[r] && first !== first) ? 1 : 0;
    o[i++] = lastG === undefined ? 1 : 0;
    o[i++] = mem === undefined ? 1 : 0;
    const pl = payloadOf(c, r);
    o[i++] = pl === pl && pl > 0 ? 1 : 0;
    o[i++] = log1(pl) / 8;
    if (this.spec.portServices) {
      const s = dp === dp ? SERVICE_INDEX.get(dp) : undefined;
      for (let k = 0; k <= SERVICE_PORTS.length; k++) o[i + k] = 0;
      if (dp === dp) o[i + (s ?? SERVICE_PORTS.length)] = 1;
    }
  }
}

/** log(1 + v) for a present non-negative value, 0 when missing. */
function log1(v: number): number {
  return v === v && v > 0 ? Math.log1p(v) : 0;
}
