/**
 * Groups, flows and host pairs as tuples of numbers (host keys, ports, protocol) for the sensor's typed-array
 * tables (TupleTable): the same identities as the string keys of group-key.ts (a number's text is unique to
 * it, '-' stands for a missing value as NaN does here), without a string per packet.
 */
import type { GroupKey } from '../features/group-key.ts';
import type { PacketColumns } from '../features/packet-columns.ts';

/** Hosts before missing ones (NaN), else by value: a fixed order, so both directions share a key. */
const before = (a: number, b: number): boolean => a < b || (!Number.isNaN(a) && Number.isNaN(b));

/** Writes the host pair of row r (direction-free) at k[at], k[at + 1]. */
export function pairTuple(c: PacketColumns, r: number, k: Float64Array, at: number): void {
  const a = c.src[r];
  const b = c.dst[r];
  const swap = before(b, a);
  k[at] = swap ? b : a;
  k[at + 1] = swap ? a : b;
}

/** Protocol, then both ends (host, port) in a fixed order: one TCP connection or UDP exchange, as flowKey. */
export function flowTuple(c: PacketColumns, r: number, k: Float64Array, at: number): void {
  const ha = c.src[r],
    pa = c.srcPort[r],
    hb = c.dst[r],
    pb = c.dstPort[r];
  const swap = before(hb, ha) || ((hb === ha || (Number.isNaN(hb) && Number.isNaN(ha))) && before(pb, pa));
  // ARP and a missing protocol as values no IP protocol number takes.
  k[at] = c.isArp[r] ? -1 : !Number.isNaN(c.ipProto[r]) ? c.ipProto[r] : -2;
  k[at + 1] = swap ? hb : ha;
  k[at + 2] = swap ? pb : pa;
  k[at + 3] = swap ? ha : hb;
  k[at + 4] = swap ? pa : pb;
}

/** Numbers in a group's tuple. */
export const GROUP_WIDTH: Readonly<Record<GroupKey, number>> = { pair: 2, flow: 5, src: 1, dst: 1, none: 0 };

/** Writes row r's group under `key` as a tuple at k[0 ..]. */
export function groupTuple(c: PacketColumns, r: number, key: GroupKey, k: Float64Array): void {
  switch (key) {
    case 'pair':
      pairTuple(c, r, k, 0);
      return;
    case 'flow':
      flowTuple(c, r, k, 0);
      return;
    case 'src':
      k[0] = c.src[r];
      return;
    case 'dst':
      k[0] = c.dst[r];
      return;
    case 'none':
      return;
    default: {
      const never: never = key;
      throw new Error(`unknown group key ${String(never)}`);
    }
  }
}
