/**
 * How packets are grouped before windows are cut: by host pair (default: a conversation, both directions),
 * by 5-tuple flow, by destination host, by source host, or not at all (capture order). Keys are strings so
 * the batch path (a table) and the streaming path (the sensor) build the same groups.
 */
import type { PacketColumns } from './packet-columns.ts';

export type GroupKey = 'pair' | 'flow' | 'dst' | 'src' | 'none';

export const GROUP_KEYS: readonly GroupKey[] = ['pair', 'flow', 'dst', 'src', 'none'];

const host = (v: number): string => (!Number.isNaN(v) ? String(v) : '-');

export function groupKeyOf(c: PacketColumns, r: number, key: GroupKey): string {
  switch (key) {
    case 'pair':
      return pairKey(c, r);
    case 'flow':
      return flowKey(c, r);
    case 'dst':
      return host(c.dst[r]);
    case 'src':
      return host(c.src[r]);
    case 'none':
      return '';
    default: {
      const never: never = key;
      throw new Error(`unknown group key ${String(never)}`);
    }
  }
}

/** The two hosts in a fixed order, so both directions share a key. */
export function pairKey(c: PacketColumns, r: number): string {
  const a = host(c.src[r]);
  const b = host(c.dst[r]);
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

/** Hosts, protocol and ports, direction-free: one TCP connection or UDP exchange. */
export function flowKey(c: PacketColumns, r: number): string {
  const a = `${host(c.src[r])}:${!Number.isNaN(c.srcPort[r]) ? c.srcPort[r] : '-'}`;
  const b = `${host(c.dst[r])}:${!Number.isNaN(c.dstPort[r]) ? c.dstPort[r] : '-'}`;
  const proto = c.isArp[r] ? 'arp' : !Number.isNaN(c.ipProto[r]) ? String(c.ipProto[r]) : '-';
  return a < b ? `${proto}|${a}|${b}` : `${proto}|${b}|${a}`;
}
