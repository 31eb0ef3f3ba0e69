/**
 * What a bare name means in a filter: `tcp` is "the packet has a TCP layer", `tcp.srcport` is "the packet
 * has a tcp.srcport value", as in Wireshark. The CSV has no protocol tree, so a protocol's presence is read
 * from frame.protocols (`eth:ethertype:ip:tcp:http`), and a few names Wireshark users test that are not
 * exported columns stand for a column that is present exactly when they would be.
 */
import { findColumn, type Column, type PacketTable } from '../table/packet-table.ts';

/** Protocol names always known to the filter, whether or not the open table has them. */
export const PROTOCOL_NAMES: readonly string[] = [
  'frame',
  'eth',
  'ethertype',
  'vlan',
  'arp',
  'ip',
  'ipv6',
  'icmp',
  'icmpv6',
  'igmp',
  'tcp',
  'udp',
  'sctp',
  'dns',
  'mdns',
  'llmnr',
  'nbns',
  'http',
  'http2',
  'tls',
  'ssl',
  'quic',
  'ftp',
  'ftp-data',
  'ssh',
  'telnet',
  'smtp',
  'pop',
  'imap',
  'dhcp',
  'bootp',
  'ntp',
  'snmp',
  'sip',
  'rtp',
  'smb',
  'smb2',
  'nbss',
  'ldap',
  'kerberos',
  'rdp',
  'mysql',
  'pgsql',
  'ssdp',
  'syslog',
  'tftp',
  'data',
  'data-text-lines',
  'media',
  'json',
  'xml',
];

/**
 * Names Wireshark users test for presence that are not tshark columns here, and the column whose presence
 * stands for them: an HTTP request always has a method, a response always has a status code.
 */
export const PRESENCE_ALIASES: Readonly<Record<string, string>> = {
  'http.request': 'http.request.method',
  'http.response': 'http.response.code',
};

/** The protocol names that occur in the table's frame.protocols values. */
export function tableProtocols(table: PacketTable): string[] {
  const c = findColumn(table, 'frame.protocols');
  if (c?.kind !== 'string') return [];
  const seen = new Set<string>();
  for (let k = 1; k < c.dict.length; k++) for (const p of c.dict[k].split(':')) if (p) seen.add(p);
  return [...seen];
}

/** Rows where the column has a value. */
export function columnPresence(table: PacketTable, c: Column): Uint8Array {
  const n = table.rowCount;
  const out = new Uint8Array(n);
  switch (c.kind) {
    case 'int': {
      const p = c.present;
      const nb = (n + 7) >>> 3;
      for (let b = 0; b < nb; b++) {
        const bits = p[b];
        if (bits === 0) continue;
        const base = b << 3;
        const end = Math.min(base + 8, n);
        for (let i = base; i < end; i++) out[i] = (bits >>> (i - base)) & 1;
      }
      return out;
    }
    case 'float': {
      const v = c.values;
      for (let i = 0; i < n; i++) out[i] = !Number.isNaN(v[i]) ? 1 : 0; // NaN is the missing value
      return out;
    }
    case 'string': {
      const codes = c.codes;
      for (let i = 0; i < n; i++) out[i] = codes[i] === 0 ? 0 : 1;
      return out;
    }
    case 'time':
      // Rows without a time are dropped at load, so every row has one.
      return out.fill(1);
    default: {
      const never: never = c;
      return never;
    }
  }
}

/**
 * Rows whose frame.protocols lists `proto` as one of its ':'-separated layers. Without a frame.protocols
 * column, a row has the protocol when any of its `proto.*` columns has a value.
 */
export function protocolPresence(table: PacketTable, proto: string): Uint8Array {
  const n = table.rowCount;
  // tshark's frame.protocols starts at the link layer, but every packet is a frame.
  if (proto === 'frame') return new Uint8Array(n).fill(1);
  const c = findColumn(table, 'frame.protocols');
  if (c?.kind === 'string') {
    const hit = new Uint8Array(c.dict.length);
    for (let k = 1; k < c.dict.length; k++) hit[k] = c.dict[k].split(':').includes(proto) ? 1 : 0;
    const out = new Uint8Array(n);
    const codes = c.codes;
    for (let i = 0; i < n; i++) out[i] = hit[codes[i]];
    return out;
  }
  const out = new Uint8Array(n);
  for (const col of table.columns) {
    if (!col.name.startsWith(`${proto}.`)) continue;
    const p = columnPresence(table, col);
    for (let i = 0; i < n; i++) out[i] |= p[i];
  }
  return out;
}
