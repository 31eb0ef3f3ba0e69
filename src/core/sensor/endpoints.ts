/**
 * The addresses, ports and protocol of one packet as text, for alert records: the same address columns, in
 * the same order of preference, as the host keys that grouped it (packetColumns).
 */
import type { PacketColumns } from '../features/packet-columns.ts';
import { formatIpv4 } from '../ingest/parse-bytes.ts';
import { findColumn, isPresent, type PacketTable } from '../table/packet-table.ts';

export interface Endpoints {
  readonly srcIp: string | null;
  readonly destIp: string | null;
  readonly srcPort: number | null;
  readonly destPort: number | null;
  /** Suricata's spelling: TCP, UDP, ICMP, IPv6-ICMP; else the protocol number, or ARP. */
  readonly proto: string | null;
}

const SRC_COLUMNS = ['ip.src', 'ipv6.src', 'arp.src.proto_ipv4', 'eth.src'];
const DST_COLUMNS = ['ip.dst', 'ipv6.dst', 'arp.dst.proto_ipv4', 'eth.dst'];
const PROTO_NAMES: Readonly<Record<number, string>> = {
  6: 'TCP',
  17: 'UDP',
  1: 'ICMP',
  58: 'IPv6-ICMP',
  132: 'SCTP',
  2: 'IGMP',
};

export function endpointsOf(table: PacketTable, c: PacketColumns, r: number): Endpoints {
  const port = (v: number): number | null => (!Number.isNaN(v) ? v : null);
  const p = c.ipProto[r];
  return {
    srcIp: addressText(table, SRC_COLUMNS, r),
    destIp: addressText(table, DST_COLUMNS, r),
    srcPort: port(c.srcPort[r]),
    destPort: port(c.dstPort[r]),
    proto: c.isArp[r] ? 'ARP' : !Number.isNaN(p) ? (PROTO_NAMES[p] ?? String(p)) : null,
  };
}

function addressText(table: PacketTable, names: readonly string[], r: number): string | null {
  for (const name of names) {
    const col = findColumn(table, name);
    if (!col) continue;
    if (col.kind === 'int' && isPresent(col.present, r)) return formatIpv4(col.values[r]);
    if (col.kind === 'string' && col.codes[r] !== 0) return col.dict[col.codes[r]];
  }
  return null;
}
