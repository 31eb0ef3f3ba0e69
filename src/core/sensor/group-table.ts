/**
 * The sensor's per-group memory, bounded: for each group, a ring of its last N packets (their per-packet
 * features and the plain values window features read), in slots of a few large typed arrays (SlotPool).
 *
 * Two tiers, because a random-source flood makes a new group for nearly every packet and most groups never
 * see a second packet: a group's first packet waits in a one-packet slot (~190 bytes), and only a group's
 * second packet gives it a ring of N (~1.9 KB at N = 10). Each tier holds at most `maxGroups` groups, least
 * recently seen evicted first, so memory is a fixed function of the cap whatever the traffic. (With an object
 * and eight typed arrays per group, a 1M-packet random-source flood peaked near 1 GB.)
 *
 * Only groups with a ring can have had windows, votes or alerts, so only their eviction is reported.
 *
 * The slots live in pools (GroupPools) that the tables of several views may share: one budget for all views,
 * with the least recently seen group of any view evicted first.
 */
import { copyWindowValues, gatherWindowValues } from '../features/window-features.ts';
import type { PacketColumns } from '../features/packet-columns.ts';
import { NONE, SlotPool, widen, type Page } from './slot-pool.ts';

export { NONE };

/** Where group tables keep their packets: rings of N, and one-packet slots (none when N = 1). */
export interface GroupPools {
  readonly rings: SlotPool;
  readonly young: SlotPool | null;
}

/** Pools for tables with windows of `steps` packets of `packetWidth` features, at most `maxGroups` groups per tier. */
export function groupPools(steps: number, packetWidth: number, maxGroups: number): GroupPools {
  if (!(Number.isInteger(steps) && steps >= 1 && steps <= 255)) throw new Error(`windows of 1 to 255 packets (got ${steps})`);
  // With windows of one packet, every packet is a window: no group waits.
  return { rings: new SlotPool(steps, packetWidth, maxGroups), young: steps > 1 ? new SlotPool(1, packetWidth, maxGroups) : null };
}

/** Drops the groups (of every table on these pools) with no packet since `beforeUs`; returns how many. */
export function evictIdle(pools: GroupPools, beforeUs: number): number {
  let n = 0;
  for (const pool of [pools.young, pools.rings]) {
    if (!pool) continue;
    while (pool.head !== NONE && pool.lastUs[pool.head] < beforeUs) { pool.evictHead(); n++; }
  }
  return n;
}

export class GroupTable {
  /** Group -> ring slot (>= 0) or one-packet slot y (as -1 - y). */
  private readonly ids = new Map<string, number>();
  private readonly rings: SlotPool;
  private readonly young: SlotPool | null;
  private readonly ringOwner: number;
  private readonly youngOwner: number;
  /** Per ring slot: the next position to write, and packets seen (slots of other tables on the pool unused). */
  private next = new Uint8Array(0);
  private packets = new Float64Array(0);
  private evictedCount = 0;
  readonly steps: number;
  readonly packetWidth: number;

  constructor(
    pools: GroupPools,
    /** Told of every group with a ring dropped (least recently seen, or idle), so votes and alerts let go too. */
    private readonly onEvict: (group: string) => void = () => {},
  ) {
    this.rings = pools.rings;
    this.young = pools.young;
    this.steps = pools.rings.rows;
    this.packetWidth = pools.rings.width;
    this.ringOwner = this.rings.join((s) => this.dropRing(s));
    this.youngOwner = this.young ? this.young.join((y) => this.dropYoung(y)) : -1;
  }

  /** Groups remembered (with a ring or waiting for their second packet). */
  get size(): number {
    return this.ids.size;
  }

  get withRing(): number {
    return this.rings.size;
  }

  get evicted(): number {
    return this.evictedCount;
  }

  /**
   * Adds row r of `c` (its per-packet features at feats[fo .. fo + P)) to `group`. Returns the group's ring
   * slot, or NONE while the group has had only this one packet.
   */
  add(group: string, feats: Float32Array, fo: number, c: PacketColumns, r: number): number {
    const t = c.timeUs[r];
    const id = this.ids.get(group);
    let s: number;
    if (id === undefined) {
      const young = this.young;
      if (young) {
        const y = young.alloc(group, t, this.youngOwner);
        const row = young.row(y, 0);
        const page = young.page(y);
        copyFloats(feats, fo, page.feats, row * this.packetWidth, this.packetWidth);
        gatherWindowValues(c, r, page.vals, row);
        this.ids.set(group, -1 - y);
        return NONE;
      }
      s = this.newRing(group, t);
    } else if (id < 0) {
      s = this.promote(group, -1 - id, t);
    } else {
      s = id;
      this.rings.seen(s, t);
    }
    const page = this.rings.page(s);
    const row = this.rings.row(s, this.next[s]);
    copyFloats(feats, fo, page.feats, row * this.packetWidth, this.packetWidth);
    gatherWindowValues(c, r, page.vals, row);
    const k = this.next[s] + 1;
    this.next[s] = k === this.steps ? 0 : k;
    this.packets[s]++;
    return s;
  }

  packetsOf(s: number): number {
    return this.packets[s];
  }

  /** The page holding ring slot s. */
  page(s: number): Page {
    return this.rings.page(s);
  }

  /** The row (in its page) of ring slot s's k-th packet of its last N, oldest first (k = 0 .. N-1). */
  oldestFirst(s: number, k: number): number {
    const j = this.next[s] + k;
    return this.rings.row(s, j >= this.steps ? j - this.steps : j);
  }

  private newRing(group: string, t: number): number {
    const s = this.rings.alloc(group, t, this.ringOwner);
    if (s >= this.next.length) {
      const n = this.rings.lastUs.length;
      this.next = widen(this.next, new Uint8Array(n));
      this.packets = widen(this.packets, new Float64Array(n));
    }
    this.next[s] = 0;
    this.packets[s] = 0;
    this.ids.set(group, s);
    return s;
  }

  /** A group's second packet: its first moves from the one-packet slot into a new ring. */
  private promote(group: string, y: number, t: number): number {
    const young = this.young as SlotPool;
    const s = this.newRing(group, t);
    const from = young.page(y);
    const fromRow = young.row(y, 0);
    const to = this.rings.page(s);
    const toRow = this.rings.row(s, 0);
    const P = this.packetWidth;
    copyFloats(from.feats, fromRow * P, to.feats, toRow * P, P);
    copyWindowValues(from.vals, fromRow, to.vals, toRow);
    young.release(y);
    this.next[s] = 1;
    this.packets[s] = 1;
    return s;
  }

  private dropYoung(y: number): void {
    const young = this.young as SlotPool;
    this.ids.delete(young.keys[y]);
    young.release(y);
    this.evictedCount++;
  }

  private dropRing(s: number): void {
    const g = this.rings.keys[s];
    this.ids.delete(g);
    this.rings.release(s);
    this.evictedCount++;
    this.onEvict(g);
  }
}

/** A loop, not set(subarray()): this runs per packet, and a subarray is an allocation. */
export function copyFloats(from: Float32Array, at: number, to: Float32Array, into: number, n: number): void {
  for (let i = 0; i < n; i++) to[into + i] = from[at + i];
}
