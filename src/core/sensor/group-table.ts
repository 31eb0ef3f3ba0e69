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
 * Only groups with a ring can have had windows, votes or alerts, so only their eviction is reported, and only
 * they are named (group-key.ts's string, what votes and alerts are keyed by): groups are found by their tuple
 * of numbers (group-tuple.ts, TupleTable), so a packet of a group that never gets a ring makes no string.
 *
 * The slots live in pools (GroupPools) that the tables of several views may share: one budget for all views,
 * with the least recently seen group of any view evicted first.
 */
import { copyWindowValues, gatherWindowValues } from '../features/window-features.ts';
import { groupKeyOf, type GroupKey } from '../features/group-key.ts';
import type { PacketColumns } from '../features/packet-columns.ts';
import { GROUP_WIDTH, groupTuple } from './group-tuple.ts';
import { NONE, SlotPool, widen, type Page } from './slot-pool.ts';
import { TupleTable } from './tuple-table.ts';

export { NONE };

/** Where group tables keep their packets: rings of N, and one-packet slots (none when N = 1). */
export interface GroupPools {
  readonly rings: SlotPool;
  readonly young: SlotPool | null;
}

/** Pools for tables with windows of `steps` packets of `packetWidth` features, at most `maxGroups` groups per tier. */
export function groupPools(steps: number, packetWidth: number, maxGroups: number): GroupPools {
  if (!(Number.isInteger(steps) && steps >= 1 && steps <= 255))
    throw new Error(`windows of 1 to 255 packets (got ${steps})`);
  // With windows of one packet, every packet is a window: no group waits.
  return {
    rings: new SlotPool(steps, packetWidth, maxGroups),
    young: steps > 1 ? new SlotPool(1, packetWidth, maxGroups) : null,
  };
}

/** Drops the groups (of every table on these pools) with no packet since `beforeUs`; returns how many. */
export function evictIdle(pools: GroupPools, beforeUs: number): number {
  let n = 0;
  for (const pool of [pools.young, pools.rings]) {
    if (!pool) continue;
    while (pool.head !== NONE && pool.lastUs[pool.head] < beforeUs) {
      pool.evictHead();
      n++;
    }
  }
  return n;
}

export class GroupTable {
  /** Group (as its tuple) -> ring slot (>= 0) or one-packet slot y (as -1 - y), in vals. */
  private readonly ids: TupleTable;
  private readonly rings: SlotPool;
  private readonly young: SlotPool | null;
  private readonly ringOwner: number;
  private readonly youngOwner: number;
  /** Per ring slot: the next position to write, and packets seen (slots of other tables on the pool unused). */
  private next = new Uint8Array(0);
  private packets = new Float64Array(0);
  /** Per slot of each pool: its entry in ids. */
  private ringEntry = new Int32Array(0);
  private youngEntry = new Int32Array(0);
  private evictedCount = 0;
  readonly steps: number;
  readonly packetWidth: number;

  constructor(
    pools: GroupPools,
    /** How packets are grouped. */
    readonly key: GroupKey,
    /** Told of every group with a ring dropped (least recently seen, or idle), so votes and alerts let go too. */
    private readonly onEvict: (group: string) => void = () => {},
  ) {
    this.rings = pools.rings;
    this.young = pools.young;
    this.steps = pools.rings.rows;
    this.packetWidth = pools.rings.width;
    // Never full before the pools are: they evict first.
    this.ids = new TupleTable(GROUP_WIDTH[key], 1, pools.rings.cap + (pools.young?.cap ?? 0));
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
   * Adds row r of `c` (its per-packet features at feats[fo .. fo + P)) to its group. Returns the group's ring
   * slot, or NONE while the group has had only this one packet.
   */
  add(c: PacketColumns, r: number, feats: Float32Array, fo: number): number {
    const t = c.timeUs[r];
    const ids = this.ids;
    groupTuple(c, r, this.key, ids.key);
    const e = ids.find();
    let s: number;
    if (e === NONE) {
      const young = this.young;
      if (young) {
        const y = young.alloc('', t, this.youngOwner);
        const row = young.row(y, 0);
        const page = young.page(y);
        copyFloats(feats, fo, page.feats, row * this.packetWidth, this.packetWidth);
        gatherWindowValues(c, r, page.vals, row);
        if (y >= this.youngEntry.length) this.youngEntry = widen(this.youngEntry, new Int32Array(young.lastUs.length));
        const ne = ids.insert(t);
        ids.vals[ne] = -1 - y;
        this.youngEntry[y] = ne;
        return NONE;
      }
      s = this.newRing(c, r, t);
      const ne = ids.insert(t);
      ids.vals[ne] = s;
      this.ringEntry[s] = ne;
    } else {
      // As an int: slot numbers index typed arrays per packet, and a double slot makes `%` a float modulo.
      const id = ids.vals[e] | 0;
      if (id < 0) s = this.promote(c, r, e, -1 - id, t);
      else {
        s = id;
        this.rings.seen(s, t);
      }
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

  /** Ring slot s's group, as group-key.ts names it (what votes and alerts are keyed by). */
  groupOf(s: number): string {
    return this.rings.keys[s];
  }

  /** The page holding ring slot s. */
  page(s: number): Page {
    return this.rings.page(s);
  }

  /** The row (in its page) of ring slot s's k-th packet of its last N, oldest first (k = 0 .. N-1). */
  oldestFirst(s: number, k: number): number {
    return this.rings.row(s, this.position(s, k));
  }

  /** The row (in its page) of ring slot s's packet at ring position pos. */
  rowAt(s: number, pos: number): number {
    return this.rings.row(s, pos);
  }

  /** The ring position (0 .. N-1) of ring slot s's k-th packet of its last N, oldest first. */
  position(s: number, k: number): number {
    const j = this.next[s] + k;
    return j >= this.steps ? j - this.steps : j;
  }

  /** A ring for row r's group (named only now: most groups of a flood never get one). */
  private newRing(c: PacketColumns, r: number, t: number): number {
    const s = this.rings.alloc(groupKeyOf(c, r, this.key), t, this.ringOwner);
    if (s >= this.next.length) {
      const n = this.rings.lastUs.length;
      this.next = widen(this.next, new Uint8Array(n));
      this.packets = widen(this.packets, new Float64Array(n));
      this.ringEntry = widen(this.ringEntry, new Int32Array(n));
    }
    this.next[s] = 0;
    this.packets[s] = 0;
    return s;
  }

  /** A group's second packet: its first moves from the one-packet slot (entry e's) into a new ring. */
  private promote(c: PacketColumns, r: number, e: number, y: number, t: number): number {
    const young = this.young as SlotPool;
    const s = this.newRing(c, r, t);
    const from = young.page(y);
    const fromRow = young.row(y, 0);
    const to = this.rings.page(s);
    const toRow = this.rings.row(s, 0);
    const P = this.packetWidth;
    copyFloats(from.feats, fromRow * P, to.feats, toRow * P, P);
    copyWindowValues(from.vals, fromRow, to.vals, toRow);
    young.release(y);
    this.ids.vals[e] = s;
    this.ringEntry[s] = e;
    this.next[s] = 1;
    this.packets[s] = 1;
    return s;
  }

  private dropYoung(y: number): void {
    const young = this.young as SlotPool;
    this.ids.remove(this.youngEntry[y]);
    young.release(y);
    this.evictedCount++;
  }

  private dropRing(s: number): void {
    const g = this.rings.keys[s];
    this.ids.remove(this.ringEntry[s]);
    this.rings.release(s);
    this.evictedCount++;
    this.onEvict(g);
  }
}

/**
 * A loop, not set(subarray()): this runs per packet, and a subarray is an allocation. Four values a step:
 * about a third faster than one for a packet's ~35 features.
 */
export function copyFloats(from: Float32Array, at: number, to: Float32Array, into: number, n: number): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const a = from[at + i],
      b = from[at + i + 1],
      c = from[at + i + 2],
      d = from[at + i + 3];
    to[into + i] = a;
    to[into + i + 1] = b;
    to[into + i + 2] = c;
    to[into + i + 3] = d;
  }
  for (; i < n; i++) to[into + i] = from[at + i];
}
