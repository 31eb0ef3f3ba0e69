/**
 * The sensor's per-packet features (the same numbers as training's Featurizer: packetFeatures and
 * groupFeatures), with bounded memories keyed by tuples of numbers (TupleTable) instead of strings.
 *
 * Flow and host-pair memories do not depend on how a view groups the packets, so one StreamFeaturizer serves
 * every view with the same feature spec: each packet is featurized once, and each view then writes only its
 * group feature (the gap since the group's previous packet: GroupMemory) into the shared rows before taking them into its group table.
 */
import type { FeatureSpec } from '../features/feature-spec.ts';
import { groupFeatures, packetFeatures, type FlowMemory } from '../features/featurizer.ts';
import type { GroupKey } from '../features/group-key.ts';
import type { PacketColumns } from '../features/packet-columns.ts';
import { NONE } from './slot-pool.ts';
import { flowTuple, GROUP_WIDTH, groupTuple, pairTuple } from './group-tuple.ts';
import { PairCounter } from './pair-counter.ts';
import { TupleTable } from './tuple-table.ts';

/**
 * What a batch's packets read from the memories of earlier packets: all the per-packet features need beyond
 * the packet itself. A fleet's capture point, which sees every flow, fills it (StreamFeaturizer.remember) and
 * sends it with the packets; the workers compute the features from it (packetRows), as the single sensor does.
 */
export interface PacketMemory {
  readonly rows: number;
  /** 1 where the packet's flow had an earlier packet (the next three are then its time, tcp.seq and tcp.ack). */
  readonly hasPrev: Uint8Array;
  readonly prevUs: Float64Array;
  readonly prevSeq: Float64Array;
  readonly prevAck: Float64Array;
  /** The first source seen in the packet's host pair. */
  readonly firstSrc: Float64Array;
  /** The packets its host pair has had so far (PairCounter), what the spread views' gate reads. */
  readonly pairPackets: Float64Array;
}

export class StreamFeaturizer {
  readonly width: number;
  /** Values: the flow's previous tcp.seq and tcp.ack (its time is the entry's lastUs). */
  private readonly flows: TupleTable;
  /** Value: the first source seen in the pair. */
  private readonly pairs: TupleTable;
  /** This batch's rows, reused across batches. */
  private out = new Float32Array(0);
  private memory: PacketMemory = memoryOf(0);
  private readonly pairCounter: PairCounter;

  /** `cap`: entries each memory keeps at most (least recently seen dropped first). */
  constructor(
    readonly spec: FeatureSpec,
    cap: number,
  ) {
    this.width = spec.packet.length;
    this.flows = new TupleTable(5, 2, cap);
    this.pairs = new TupleTable(2, 1, cap);
    this.pairCounter = new PairCounter(cap);
  }

  get remembered(): number {
    return this.flows.size + this.pairs.size + this.pairCounter.remembered;
  }

  /**
   * Features of every row of `c` (time order), row r at r * width; the group features are left for the views
   * (GroupMemory.write). The array is reused by the next call.
   */
  run(c: PacketColumns): Float32Array {
    if (this.out.length < c.rows * this.width) this.out = new Float32Array(c.rows * this.width);
    return packetRows(this.spec, c, this.remember(c), this.out);
  }

  /** Looks every row of `c` up in the flow and pair memories, and updates them. The arrays are reused by the next call. */
  remember(c: PacketColumns): PacketMemory {
    if (this.memory.hasPrev.length < c.rows) this.memory = memoryOf(c.rows);
    const m = this.memory;
    const flows = this.flows;
    const pairs = this.pairs;
    for (let r = 0; r < c.rows; r++) {
      const t = c.timeUs[r];
      flowTuple(c, r, flows.key, 0);
      let f = flows.find();
      m.hasPrev[r] = f === NONE ? 0 : 1;
      if (f === NONE) f = flows.insert(t);
      else {
        m.prevUs[r] = flows.lastUs[f];
        m.prevSeq[r] = flows.vals[2 * f];
        m.prevAck[r] = flows.vals[2 * f + 1];
        flows.touch(f, t);
      }
      flows.vals[2 * f] = c.tcpSeq[r];
      flows.vals[2 * f + 1] = c.tcpAck[r];
      pairTuple(c, r, pairs.key, 0);
      let p = pairs.find();
      if (p === NONE) {
        p = pairs.insert(t);
        pairs.vals[p] = c.src[r];
      } else pairs.touch(p, t);
      m.firstSrc[r] = pairs.vals[p];
    }
    m.pairPackets.set(this.pairCounter.run(c).subarray(0, c.rows));
    return { ...m, rows: c.rows };
  }

  /** Per row of the last batch: its host pair's packets so far (PairCounter), what the spread views' gate reads. */
  get pairPackets(): Float64Array {
    return this.memory.pairPackets;
  }

  /** Forgets flows and pairs with no packet since `us`. */
  forgetBefore(us: number): void {
    this.flows.forgetBefore(us);
    this.pairs.forgetBefore(us);
    this.pairCounter.forgetBefore(us);
  }
}

function memoryOf(rows: number): PacketMemory {
  const f64 = (): Float64Array => new Float64Array(rows);
  return {
    rows,
    hasPrev: new Uint8Array(rows),
    prevUs: f64(),
    prevSeq: f64(),
    prevAck: f64(),
    firstSrc: f64(),
    pairPackets: f64(),
  };
}

/** The features of every row of `c` given what the memories held before it (`m`), row r at r * width of `out`. */
export function packetRows(spec: FeatureSpec, c: PacketColumns, m: PacketMemory, out: Float32Array): Float32Array {
  const P = spec.packet.length;
  const mem: { t: number; seq: number; ack: number } = { t: 0, seq: 0, ack: 0 };
  for (let r = 0; r < c.rows; r++) {
    let prev: FlowMemory | null = null;
    if (m.hasPrev[r]) {
      mem.t = m.prevUs[r];
      mem.seq = m.prevSeq[r];
      mem.ack = m.prevAck[r];
      prev = mem;
    }
    packetFeatures(spec, c, r, out, r * P, prev, m.firstSrc[r]);
  }
  return out;
}

/** A view's memory of its groups' previous packet times: the two features that depend on the grouping. */
export class GroupMemory {
  private readonly last: TupleTable;

  constructor(
    readonly key: GroupKey,
    cap: number,
  ) {
    this.last = new TupleTable(GROUP_WIDTH[key], 0, cap);
  }

  get size(): number {
    return this.last.size;
  }

  /** Writes each row's group features into `rows` (row r at r * width, from StreamFeaturizer.run). */
  write(c: PacketColumns, rows: Float32Array, width: number): void {
    const m = this.last;
    for (let r = 0; r < c.rows; r++) {
      const t = c.timeUs[r];
      groupTuple(c, r, this.key, m.key);
      const g = m.find();
      if (g === NONE) {
        m.insert(t);
        groupFeatures(t, NaN, rows, r * width);
      } else {
        groupFeatures(t, m.lastUs[g], rows, r * width);
        m.touch(g, t);
      }
    }
  }

  forgetBefore(us: number): void {
    this.last.forgetBefore(us);
  }
}
