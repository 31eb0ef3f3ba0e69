/**
 * The sensor's windows: per group, a ring of its last N packets (their per-packet features and the plain
 * values window features read); every packet that completes N gives one window (stride 1, as evaluateOn
 * cuts them). Inputs are built by the same code as training's SampleBuilder (Featurizer, windowFeaturesOf,
 * normaliseInPlace), so a window seen here is the window the model was measured on.
 *
 * Bounded under attack: at most `maxGroups` groups (least recently seen evicted first) and none idle longer
 * than `idleUs`; the Featurizer's own memories are held to the same bounds.
 */
import { stepWidth, type FeatureSpec } from '../features/feature-spec.ts';
import { Featurizer } from '../features/featurizer.ts';
import type { GroupKey } from '../features/group-key.ts';
import type { PacketColumns } from '../features/packet-columns.ts';
import { normaliseInPlace, type Normaliser } from '../features/samples.ts';
import { copyWindowValues, gatherWindowValues, windowFeaturesOf, windowValueArrays, WINDOW_WIDTH, type WindowValueArrays } from '../features/window-features.ts';

export interface WindowerLimits {
  readonly maxGroups: number;
  readonly idleUs: number;
}

/** The windows one batch of packets completed, in packet order. */
export interface WindowBatch {
  readonly n: number;
  /** n × steps × width, normalised. */
  readonly x: Float32Array;
  readonly groups: readonly string[];
  /** The batch row of each window's last packet. */
  readonly endRows: Int32Array;
  readonly endUs: Float64Array;
  /** Packets the group has had so far, at each window's last packet. */
  readonly groupPackets: Float64Array;
}

interface Ring {
  readonly feats: Float32Array;
  readonly vals: WindowValueArrays;
  next: number;
  packets: number;
  lastUs: number;
}

export class StreamWindower {
  readonly width: number;
  private readonly featurizer: Featurizer;
  private readonly rings = new Map<string, Ring>();
  private readonly scratch: WindowValueArrays;
  private readonly winBuf = new Float32Array(WINDOW_WIDTH);
  private evictedCount = 0;

  constructor(
    private readonly spec: FeatureSpec,
    key: GroupKey,
    readonly steps: number,
    private readonly norm: Normaliser,
    private readonly limits: WindowerLimits,
    /** Told of every group dropped (idle or least recently seen), so votes and alerts can let go too. */
    private readonly onEvict: (group: string) => void = () => {},
  ) {
    if (!(limits.maxGroups >= 1)) throw new Error(`max groups must be at least 1 (got ${limits.maxGroups})`);
    this.width = stepWidth(spec);
    this.featurizer = new Featurizer(spec, key, true);
    this.scratch = windowValueArrays(steps);
  }

  get groups(): number {
    return this.rings.size;
  }

  get evicted(): number {
    return this.evictedCount;
  }

  /** Featurizer memories (groups, flows, pairs), bounded like the group table. */
  get remembered(): number {
    return this.featurizer.remembered;
  }

  /** Adds a batch of packets (time order) and returns the windows they complete. */
  push(c: PacketColumns): WindowBatch {
    const rows = c.rows;
    const P = this.spec.packet.length;
    const W = this.width;
    const N = this.steps;
    const perPacket = new Float32Array(rows * P);
    const keys = this.featurizer.run(c, 0, rows, perPacket);
    const x = new Float32Array(rows * N * W);
    const groups: string[] = [];
    const endRows = new Int32Array(rows);
    const endUs = new Float64Array(rows);
    const groupPackets = new Float64Array(rows);
    let n = 0;
    for (let r = 0; r < rows; r++) {
      const g = keys[r];
      const ring = this.touch(g);
      const slot = ring.next;
      ring.feats.set(perPacket.subarray(r * P, r * P + P), slot * P);
      gatherWindowValues(c, r, ring.vals, slot);
      ring.next = (slot + 1) % N;
      ring.packets++;
      ring.lastUs = c.timeUs[r];
      if (ring.packets < N) continue;
      this.writeWindow(ring, x, n);
      groups.push(g);
      endRows[n] = r;
      endUs[n] = c.timeUs[r];
      groupPackets[n] = ring.packets;
      n++;
    }
    this.featurizer.trim(this.limits.maxGroups);
    normaliseInPlace(x, this.norm, n * N);
    return { n, x: x.subarray(0, n * N * W), groups, endRows: endRows.subarray(0, n), endUs: endUs.subarray(0, n), groupPackets: groupPackets.subarray(0, n) };
  }

  /** Drops groups (and featurizer memory) with no packet since `nowUs - idleUs`; returns how many groups went. */
  evictIdle(nowUs: number): number {
    const before = nowUs - this.limits.idleUs;
    let dropped = 0;
    // The map is in least-recently-seen order, so the idle ones are at its front.
    for (const [g, ring] of this.rings) {
      if (ring.lastUs >= before) break;
      this.drop(g);
      dropped++;
    }
    this.featurizer.forgetBefore(before);
    return dropped;
  }

  private touch(g: string): Ring {
    let ring = this.rings.get(g);
    if (ring) {
      this.rings.delete(g);
    } else {
      if (this.rings.size >= this.limits.maxGroups) {
        const oldest = this.rings.keys().next().value;
        if (oldest !== undefined) this.drop(oldest);
      }
      ring = { feats: new Float32Array(this.steps * this.spec.packet.length), vals: windowValueArrays(this.steps), next: 0, packets: 0, lastUs: -Infinity };
    }
    this.rings.set(g, ring);
    return ring;
  }

  private drop(g: string): void {
    this.rings.delete(g);
    this.evictedCount++;
    this.onEvict(g);
  }

  /** The ring's N packets, oldest first, as window j of `x` (not yet normalised). */
  private writeWindow(ring: Ring, x: Float32Array, j: number): void {
    const N = this.steps;
    const P = this.spec.packet.length;
    const W = this.width;
    const v = ring.vals;
    const s = this.scratch;
    for (let k = 0; k < N; k++) {
      const slot = (ring.next + k) % N;
      copyWindowValues(v, slot, s, k);
      x.set(ring.feats.subarray(slot * P, slot * P + P), (j * N + k) * W);
    }
    windowFeaturesOf(s, N, this.winBuf, 0);
    for (let k = 0; k < N; k++) x.set(this.winBuf, (j * N + k) * W + P);
  }
}
