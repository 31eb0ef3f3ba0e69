/**
 * The sensor's windows: per group, a ring of its last N packets (GroupTable); every `stride`-th packet from
 * the N-th on completes a window (stride 1: every packet, as evaluateOn cuts them). Inputs are built by the
 * same code as training's SampleBuilder (Featurizer, windowFeaturesOf, normaliseInPlace), so a window seen
 * here is the window the model was measured on.
 *
 * Bounded under attack: at most `maxGroups` groups (least recently seen evicted first) and none idle longer
 * than `idleUs`; the featurizer's memories (StreamFeaturizer, GroupMemory) are held to the same bounds.
 */
import { sameSpec, stepWidth, type FeatureSpec } from '../features/feature-spec.ts';
import type { GroupKey } from '../features/group-key.ts';
import type { PacketColumns } from '../features/packet-columns.ts';
import { normaliseColumns, type Normaliser } from '../features/samples.ts';
import {
  copyWindowValues,
  windowFeaturesOf,
  windowValueArrays,
  type WindowValueArrays,
} from '../features/window-features.ts';
import { copyFloats, evictIdle, GroupTable, groupPools, NONE, type GroupPools } from './group-table.ts';
import { widen } from './slot-pool.ts';
import { GroupMemory, StreamFeaturizer } from './stream-featurizer.ts';
import type { WindowInputs } from './window-inputs.ts';

export interface WindowerLimits {
  readonly maxGroups: number;
  readonly idleUs: number;
  /** Classify every stride-th window of a group (default 1: all). */
  readonly stride?: number;
  /** Groups whose previous packet time is kept (default maxGroups): views sharing one budget share this too. */
  readonly featurizerCap?: number;
}

/** The windows one batch of packets completed, in packet order. */
export interface WindowBatch {
  readonly n: number;
  /**
   * The windows' inputs, normalised: each packet row once however many of the batch's windows hold it. Its
   * arrays are buffers the windower keeps no hold on, so a classifier may take them (a thread: by transfer).
   */
  readonly inputs: WindowInputs;
  readonly groups: readonly string[];
  /** The batch row of each window's last packet. */
  readonly endRows: Int32Array;
  readonly endUs: Float64Array;
  /** Packets the group has had so far, at each window's last packet. */
  readonly groupPackets: Float64Array;
}

/** Windows allocated at once for a batch: larger batches grow by doubling. */
const BATCH_WINDOWS = 8192;
/** Row numbers in `rowOf` past this start afresh (they only grow, by a batch's rows at a time). */
const ROW_NUMBERS = 2 ** 30;

export class StreamWindower {
  readonly width: number;
  private readonly groupMemory: GroupMemory;
  private readonly table: GroupTable;
  private readonly stride: number;
  private readonly scratch: WindowValueArrays;
  /** Per ring position of every slot (slot · steps + position): its row in this batch's rows, as rowBase + row. */
  private rowOf = new Int32Array(0);
  /** Row numbers below this are earlier batches' (stale). */
  private rowBase = 0;
  /** This batch's inputs so far, grown as windows come. */
  private rows = new Float32Array(0);
  private rowCount = 0;
  private rowIndex = new Int32Array(0);
  private tails = new Float32Array(0);

  constructor(
    private readonly spec: FeatureSpec,
    key: GroupKey,
    readonly steps: number,
    private readonly norm: Normaliser,
    private readonly limits: WindowerLimits,
    /** Told of every group dropped (idle or least recently seen), so votes and alerts can let go too. */
    onEvict: (group: string) => void = () => {},
    /** The slots to keep groups in: shared by the views of one sensor (one budget); by default its own. */
    private readonly pools: GroupPools = groupPools(steps, spec.packet.length, Math.min(limits.maxGroups, 2 ** 31 - 1)),
    /** Flow and pair memories: shared by the views of one sensor with this spec (see push); by default its own. */
    private readonly featurizer: StreamFeaturizer = new StreamFeaturizer(spec, Math.min(limits.maxGroups, 2 ** 31 - 1)),
  ) {
    if (!(limits.maxGroups >= 1)) throw new Error(`max groups must be at least 1 (got ${limits.maxGroups})`);
    this.stride = limits.stride ?? 1;
    if (!(Number.isInteger(this.stride) && this.stride >= 1))
      throw new Error(`stride must be a whole number of at least 1 (got ${limits.stride})`);
    this.width = stepWidth(spec);
    this.groupMemory = new GroupMemory(key, Math.min(limits.featurizerCap ?? limits.maxGroups, 2 ** 31 - 1));
    if (!sameSpec(featurizer.spec, spec)) throw new Error("a shared featurizer must compute this view's feature spec");
    if (pools.rings.rows !== steps || pools.rings.width !== spec.packet.length)
      throw new Error(
        `the group pools hold windows of ${pools.rings.rows} × ${pools.rings.width}, not ${steps} × ${spec.packet.length}`,
      );
    this.table = new GroupTable(pools, key, onEvict);
    this.scratch = windowValueArrays(steps);
  }

  get groups(): number {
    return this.table.size;
  }

  get evicted(): number {
    return this.table.evicted;
  }

  /** Groups whose last packet time is remembered (flows and pairs are the featurizer's), bounded like the group table. */
  get remembered(): number {
    return this.groupMemory.size;
  }

  /**
   * Adds a batch of packets (time order) and returns the windows they complete. `perPacket`: the batch's rows
   * from the featurizer given to the constructor, when its owner has run it once for several views (their
   * group features are written here); by default this windower runs it.
   */
  push(c: PacketColumns, perPacket: Float32Array = this.featurizer.run(c)): WindowBatch {
    const rows = c.rows;
    const P = this.spec.packet.length;
    const N = this.steps;
    this.groupMemory.write(c, perPacket, P);
    const t = this.table;
    this.startBatch();
    // First pass: into the rings, noting which packets complete a window (their slot and packet count).
    const ends = new Int32Array(rows);
    const endPackets = new Float64Array(rows);
    const groups: string[] = [];
    let n = 0;
    for (let r = 0; r < rows; r++) {
      const s = t.add(c, r, perPacket, r * P);
      if (s === NONE) continue;
      const packets = t.packetsOf(s);
      this.written(s, packets);
      if (packets < N || (packets - N) % this.stride !== 0) continue;
      ends[n] = r;
      endPackets[n] = packets;
      groups.push(t.groupOf(s));
      n++;
      // A later packet of this batch may evict the slot or overwrite its ring: write the window now.
      this.pending(n, rows - r);
      this.writeWindow(s, n - 1);
    }
    const endUs = new Float64Array(n);
    for (let j = 0; j < n; j++) endUs[j] = c.timeUs[ends[j]];
    return {
      n,
      inputs: this.takeInputs(n),
      groups,
      endRows: ends.slice(0, n),
      endUs,
      groupPackets: endPackets.slice(0, n),
    };
  }

  /** Drops groups (of every view on its pools) and featurizer memory with no packet since `nowUs - idleUs`; returns how many groups went. */
  evictIdle(nowUs: number): number {
    const before = nowUs - this.limits.idleUs;
    const dropped = evictIdle(this.pools, before);
    this.groupMemory.forgetBefore(before);
    this.featurizer.forgetBefore(before);
    return dropped;
  }

  /** A new batch: every row number handed out so far is stale. */
  private startBatch(): void {
    this.rowBase += this.rowCount + 1;
    this.rowCount = 0;
    this.rowOfRoom(0);
    if (this.rowBase > ROW_NUMBERS) {
      this.rowOf.fill(-1);
      this.rowBase = 0;
    }
  }

  /** Slot s's ring was just written (its packets-th packet): the rows this batch took from it are stale there. */
  private written(s: number, packets: number): void {
    const N = this.steps;
    this.rowOfRoom((s + 1) * N);
    // A fresh ring (this group's, or a slot another group had earlier in the batch): every position.
    if (packets <= 2) this.rowOf.fill(-1, s * N, s * N + N);
    else this.rowOf[s * N + this.table.position(s, N - 1)] = -1;
  }

  /** Room in rowOf for every slot the pools have (they grow, mid-batch too), and at least `entries`. */
  private rowOfRoom(entries: number): void {
    const want = Math.max(entries, this.pools.rings.lastUs.length * this.steps);
    if (this.rowOf.length < want) this.rowOf = widen(this.rowOf, new Int32Array(want).fill(-1));
  }

  /**
   * Room for window n, with `left` packets of the batch still to come (this one included): sized for a window
   * per stride-th packet of them (up to BATCH_WINDOWS), what a busy group or a flood on one host completes,
   * so the buffers are usually filled about exactly and handed over without a copy. Rows: at most N per window.
   */
  private pending(n: number, left: number): void {
    const N = this.steps;
    if (this.rowIndex.length >= n * N) return;
    const more = Math.max(1, Math.ceil(Math.min(left, BATCH_WINDOWS) / this.stride));
    const room = Math.max(n - 1 + more, 2 * (n - 1));
    this.rowIndex = widen(this.rowIndex, new Int32Array(room * N));
    this.tails = widen(this.tails, new Float32Array(room * this.spec.perWindow.length));
  }

  /** Room for one more row. */
  private rowRoom(): void {
    const P = this.spec.packet.length;
    if (this.rows.length >= (this.rowCount + 1) * P) return;
    this.rows = widen(this.rows, new Float32Array(Math.max(2 * this.rows.length, this.steps * 64 * P)));
  }

  /** Slot s's last N packets, oldest first, as window j: its rows (each taken once a batch) and its tail. */
  private writeWindow(s: number, j: number): void {
    const N = this.steps;
    const P = this.spec.packet.length;
    const t = this.table;
    const page = t.page(s);
    const sc = this.scratch;
    for (let k = 0; k < N; k++) {
      const pos = t.position(s, k);
      const row = t.rowAt(s, pos);
      copyWindowValues(page.vals, row, sc, k);
      const at = s * N + pos;
      let r = this.rowOf[at] - this.rowBase;
      if (r < 0) {
        this.rowRoom();
        r = this.rowCount++;
        copyFloats(page.feats, row * P, this.rows, r * P, P);
        this.rowOf[at] = this.rowBase + r;
      }
      this.rowIndex[j * N + k] = r;
    }
    windowFeaturesOf(sc, N, this.tails, j * this.spec.perWindow.length);
  }

  /** This batch's inputs, normalised, handed over (the next batch starts new buffers). */
  private takeInputs(n: number): WindowInputs {
    const P = this.spec.packet.length;
    const Q = this.spec.perWindow.length;
    const { rows, rowIndex, tails, rowCount } = this;
    normaliseColumns(rows, rowCount, P, this.norm, 0);
    normaliseColumns(tails, n, Q, this.norm, P);
    this.rows = EMPTY_F32;
    this.rowIndex = EMPTY_I32;
    this.tails = EMPTY_F32;
    // rowCount stays until the next batch starts: its rows' numbers are stale from then on.
    return { n, steps: this.steps, rowWidth: P, tailWidth: Q, rows, rowCount, rowIndex, tails };
  }
}

const EMPTY_F32 = new Float32Array(0);
const EMPTY_I32 = new Int32Array(0);
