/**
 * Fixed-size records in a few large typed arrays, for the group tables: each slot holds `rows` packets (their
 * per-packet features and window values), slots are reused through a free list, and the slots in use are kept
 * in least-recently-seen order by an intrusive linked list (prev/after arrays), so a touch or an eviction is
 * O(1) and allocates nothing. Pages of slots are allocated as the pool fills, up to its cap.
 *
 * Several group tables (one per view of the traffic) may share one pool: that is the sensor's single memory
 * budget, and its least recently seen group is evicted whichever view it belongs to (through the owner's
 * evictor, so the owning table forgets it too).
 */
import { windowValueArrays, type WindowValueArrays } from '../features/window-features.ts';

/** Slots per page (a power of two: slot to page and row by shift and mask): a quiet network never pays for the cap. */
const PAGE_SHIFT = 11;
export const PAGE_SLOTS = 1 << PAGE_SHIFT;
const PAGE_MASK = PAGE_SLOTS - 1;
export const NONE = -1;

export interface Page {
  /** Slot s's packet k's features at ((s % PAGE_SLOTS) · rows + k) · P. */
  readonly feats: Float32Array;
  /** Slot s's packet k's window values at (s % PAGE_SLOTS) · rows + k. */
  readonly vals: WindowValueArrays;
}

export class SlotPool {
  readonly keys: string[] = [];
  lastUs = new Float64Array(0);
  private pages: Page[] = [];
  private prev = new Int32Array(0);
  private after = new Int32Array(0);
  /** Least recently seen slot, of any owner (the eviction candidate); NONE when empty. */
  head = NONE;
  private tail = NONE;
  private free: number[] = [];
  private allocated = 0;
  private owner = new Uint8Array(0);
  private readonly evictors: ((slot: number) => void)[] = [];
  size = 0;

  constructor(
    readonly rows: number,
    readonly width: number,
    readonly cap: number,
  ) {
    if (!(Number.isInteger(cap) && cap >= 1))
      throw new Error(`max groups must be a whole number of at least 1 (got ${cap})`);
  }

  /** Registers a table using this pool; its evictor is called with a slot of its own to drop. Returns its owner id. */
  join(evict: (slot: number) => void): number {
    if (this.evictors.length >= 255) throw new Error('at most 255 tables share a slot pool');
    return this.evictors.push(evict) - 1;
  }

  /** A free slot, most recently seen, for `key` of table `ownerId`; the least recently seen slot goes first when full. */
  alloc(key: string, timeUs: number, ownerId: number): number {
    if (this.size >= this.cap) this.evictHead();
    const s = this.free.pop() ?? this.grow();
    this.owner[s] = ownerId;
    this.keys[s] = key;
    this.lastUs[s] = timeUs;
    this.link(s);
    this.size++;
    return s;
  }

  release(s: number): void {
    this.unlink(s);
    this.keys[s] = '';
    this.free.push(s);
    this.size--;
  }

  /** Marks slot s seen at `timeUs`: it moves to the most recent end. */
  seen(s: number, timeUs: number): void {
    this.lastUs[s] = timeUs;
    if (s === this.tail) return;
    this.unlink(s);
    this.link(s);
  }

  /** Evicts the least recently seen slot, through its owner. */
  evictHead(): void {
    this.evictors[this.owner[this.head]](this.head);
  }

  page(s: number): Page {
    return this.pages[s >> PAGE_SHIFT];
  }

  /** Row of slot s's packet k within its page: (s % PAGE_SLOTS) · rows + k, in integer arithmetic (per packet of every window). */
  row(s: number, k: number): number {
    return (s & PAGE_MASK) * this.rows + k;
  }

  private grow(): number {
    const s = this.allocated++;
    if (s % PAGE_SLOTS === 0) {
      const slots = Math.min(PAGE_SLOTS, this.cap - s);
      this.pages.push({
        feats: new Float32Array(slots * this.rows * this.width),
        vals: windowValueArrays(slots * this.rows),
      });
      const n = s + slots;
      this.lastUs = widen(this.lastUs, new Float64Array(n));
      this.owner = widen(this.owner, new Uint8Array(n));
      this.prev = widen(this.prev, new Int32Array(n));
      this.after = widen(this.after, new Int32Array(n));
    }
    return s;
  }

  private link(s: number): void {
    this.prev[s] = this.tail;
    this.after[s] = NONE;
    if (this.tail !== NONE) this.after[this.tail] = s;
    else this.head = s;
    this.tail = s;
  }

  private unlink(s: number): void {
    const p = this.prev[s];
    const a = this.after[s];
    if (p !== NONE) this.after[p] = a;
    else this.head = a;
    if (a !== NONE) this.prev[a] = p;
    else this.tail = p;
  }
}

export function widen<T extends Uint8Array | Int32Array | Float32Array | Float64Array>(a: T, into: T): T {
  into.set(a);
  return into;
}
