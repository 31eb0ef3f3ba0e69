/**
 * How many packets each host pair has had so far: what the spread views' gate reads (detect/view-combine.ts).
 *
 * A frame with no IP address (ARP: the users' layout has no arp.* fields) is keyed by its MAC addresses. Two
 * hosts that talk IP refresh each other's ARP entries with unicast requests now and then; counted under their
 * MACs, that is a new pair of a few packets, and a monitoring host refreshing all its neighbours looked like
 * a sweep. So a MAC seen with an IP address stands for that address here, and such ARP counts with the
 * conversation it belongs to; a broadcast (a sweep's questions) has no address and stays a pair of its own.
 */
import type { PacketColumns } from '../features/packet-columns.ts';
import { NONE } from './slot-pool.ts';
import { TupleTable } from './tuple-table.ts';

const before = (a: number, b: number): boolean => a < b || (!Number.isNaN(a) && Number.isNaN(b));

export class PairCounter {
  /** MAC key → the IP host key last seen with it. */
  private readonly ips: TupleTable;
  /** Host pair → packets. */
  private readonly pairs: TupleTable;
  /** Per row of the last batch: its pair's packets so far, itself included (reused by the next batch). */
  counts = new Float64Array(0);

  constructor(cap: number) {
    this.ips = new TupleTable(1, 1, cap);
    this.pairs = new TupleTable(2, 1, cap);
  }

  get remembered(): number {
    return this.ips.size + this.pairs.size;
  }

  run(c: PacketColumns): Float64Array {
    if (this.counts.length < c.rows) this.counts = new Float64Array(c.rows);
    const pairs = this.pairs;
    for (let r = 0; r < c.rows; r++) {
      const t = c.timeUs[r];
      const a = this.host(c.src[r], c.srcMac[r], t);
      const b = this.host(c.dst[r], c.dstMac[r], t);
      const swap = before(b, a);
      pairs.key[0] = swap ? b : a;
      pairs.key[1] = swap ? a : b;
      let p = pairs.find();
      if (p === NONE) {
        p = pairs.insert(t);
        pairs.vals[p] = 0;
      } else pairs.touch(p, t);
      this.counts[r] = ++pairs.vals[p];
    }
    return this.counts;
  }

  forgetBefore(us: number): void {
    this.ips.forgetBefore(us);
    this.pairs.forgetBefore(us);
  }

  /** The host key a pair is counted under: a MAC-keyed end as the IP last seen with its MAC, if any. */
  private host(key: number, mac: number, t: number): number {
    if (Number.isNaN(mac)) return key;
    const ips = this.ips;
    ips.key[0] = mac;
    const e = ips.find();
    if (key !== mac) {
      // An IP packet: remember which address this MAC carries.
      const slot = e === NONE ? ips.insert(t) : e;
      if (e !== NONE) ips.touch(e, t);
      ips.vals[slot] = key;
      return key;
    }
    return e === NONE ? key : ips.vals[e];
  }
}
