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
import { normaliseInPlace, type Normaliser } from '../features/samples.ts';
import { copyWindowValues, windowFeaturesOf, windowValueArrays, WINDOW_WIDTH, type WindowValueArrays } from '../features/window-features.ts';
import { copyFloats, evictIdle, GroupTable, groupPools, NONE, type GroupPools } from './group-table.ts';
import { GroupMemory, StreamFeaturizer } from './stream-featurizer.ts';

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
   * n × steps × width, normalised; from the start of a buffer the windower keeps no hold on, so a classifier
   * may take the buffer (a thread: by transfer, the tail past n windows unused).
   */
  readonly x: Float32Array;
  readonly groups: readonly string[];
  /** The batch row of each window's last packet. */
  readonly endRows: Int32Array;
  readonly endUs: Float64Array;
  /** Packets the group has had so far, at each window's last packet. */
  readonly groupPackets: Float64Array;
}

const EMPTY = new Float32Array(0);
/** Windows allocated at once for a batch: larger batches grow by doubling. */
const BATCH_WINDOWS = 8192;

export class StreamWindower {
  readonly width: number;
  private readonly groupMemory: GroupMemory;
  private readonly table: GroupTable;
  private readonly stride: number;
  private readonly scratch: WindowValueArrays;
  private readonly winBuf = new Float32Array(WINDOW_WIDTH);

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
    if (!(Number.isInteger(this.stride) && this.stride >= 1)) throw new Error(`stride must be a whole number of at least 1 (got ${limits.stride})`);
    this.width = stepWidth(spec);
    this.groupMemory = new GroupMemory(key, Math.min(limits.featurizerCap ?? limits.maxGroups, 2 ** 31 - 1));
    if (!sameSpec(featurizer.spec, spec)) throw new Error('a shared featurizer must compute this view\'s feature spec');
    if (pools.rings.rows !== steps || pools.rings.width !== spec.packet.length) throw new Error(`the group pools hold windows of ${pools.rings.rows} × ${pools.rings.width}, not ${steps} × ${spec.packet.length}`);
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
    // First pass: into the rings, noting which packets complete a window (their slot and packet count).
    const ends = new Int32Array(rows);
    const endPackets = new Float64Array(rows);
    const groups: string[] = [];
    let n = 0;
    for (let r = 0; r < rows; r++) {
      const s = t.add(c, r, perPacket, r * P);
      if (s === NONE) continue;
      const packets = t.packetsOf(s);
      if (packets < N || (packets - N) % this.stride !== 0) continue;
      ends[n] = r;
      endPackets[n] = packets;
      groups.push(t.groupOf(s));
      n++;
      // A later packet of this batch may evict the slot or overwrite its ring: write the window now.
      this.pending(n, rows - r);
      this.writeWindow(s, n - 1);
    }
    // Handed over, not copied, when mostly full (a classifier thread takes the whole buffer, its tail unused);
    // the next batch starts a new one.
    const used = n * N * this.width;
    const x = used >= this.x.length / 2 ? this.x.subarray(0, used) : this.x.slice(0, used);
    this.x = EMPTY;
    normaliseInPlace(x, this.norm, n * N);
    const endUs = new Float64Array(n);
    for (let j = 0; j < n; j++) endUs[j] = c.timeUs[ends[j]];
    const out: WindowBatch = { n, x, groups, endRows: ends.slice(0, n), endUs, groupPackets: endPackets.slice(0, n) };
    return out;
  }

  /** Drops groups (of every view on its pools) and featurizer memory with no packet since `nowUs - idleUs`; returns how many groups went. */
  evictIdle(nowUs: number): number {
    const before = nowUs - this.limits.idleUs;
    const dropped = evictIdle(this.pools, before);
    this.groupMemory.forgetBefore(before);
    this.featurizer.forgetBefore(before);
    return dropped;
  }

  /** Window inputs of this batch, allocated at its first window. */
  private x = EMPTY;

  /**
   * Room for window n, with `left` packets of the batch still to come (this one included): sized for a window
   * per stride-th packet of them (up to BATCH_WINDOWS), what a busy group or a flood on one host completes,
   * so the buffer is usually filled about exactly and handed over without a copy.
   */
  private pending(n: number, left: number): void {
    const per = this.steps * this.width;
    if (this.x.length >= n * per) return;
    const more = Math.max(1, Math.ceil(Math.min(left, BATCH_WINDOWS) / this.stride));
    const room = Math.max(n - 1 + more, 2 * (n - 1));
    const grown = new Float32Array(room * per);
    grown.set(this.x);
    this.x = grown;
  }

  /** Slot s's last N packets, oldest first, as window j of this.x (not yet normalised). */
  private writeWindow(s: number, j: number): void {
    const N = this.steps;
    const P = this.spec.packet.length;
    const W = this.width;
    const t = this.table;
    const page = t.page(s);
    const x = this.x;
    const sc = this.scratch;
    for (let k = 0; k < N; k++) {
      const row = t.oldestFirst(s, k);
      copyWindowValues(page.vals, row, sc, k);
      copyFloats(page.feats, row * P, x, (j * N + k) * W, P);
    }
    windowFeaturesOf(sc, N, this.winBuf, 0);
    for (let k = 0; k < N; k++) copyFloats(this.winBuf, 0, x, (j * N + k) * W + P, this.winBuf.length);
  }
}
