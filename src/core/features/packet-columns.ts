/**
 * The fields features read, lifted out of a PacketTable once into plain arrays (NaN = missing), so the
 * feature loops index arrays instead of switching on column kinds per row. Addresses become small keys for
 * grouping only; they never become features.
 */
import { findColumn, type Column, type PacketTable } from '../table/packet-table.ts';

export interface PacketColumns {
  readonly rows: number;
  readonly timeUs: Float64Array;
  readonly frameLen: Float64Array;
  readonly ipLen: Float64Array;
  readonly ttl: Float64Array;
  readonly ipProto: Float64Array;
  readonly tcpFlags: Float64Array;
  readonly tcpLen: Float64Array;
  readonly tcpWin: Float64Array;
  readonly tcpSeq: Float64Array;
  readonly tcpAck: Float64Array;
  readonly tcpStream: Float64Array;
  readonly srcPort: Float64Array;
  readonly dstPort: Float64Array;
  readonly icmpType: Float64Array;
  readonly isArp: Uint8Array;
  /** 1 when the frame went to a group address (broadcast, multicast: eth.dst's group bit), 0 unicast, NaN unknown. */
  readonly ethGroup: Float64Array;
  /** Host keys for grouping: IPv4 as its number, other addresses as a negative hash of their text; NaN when none. */
  readonly src: Float64Array;
  readonly dst: Float64Array;
  /** eth.src and eth.dst as host keys (NaN when missing); src/dst hold these where a frame has no IP address. */
  readonly srcMac: Float64Array;
  readonly dstMac: Float64Array;
}

/**
 * Every field packetColumns and the alert's addresses (sensor/endpoints.ts) read: a fleet's capture point
 * sends its workers these columns only (a tshark layout has dozens more).
 */
export const PACKET_FIELDS: ReadonlySet<string> = new Set([
  ...['frame.len', 'frame.protocols', 'eth.type', 'eth.src', 'eth.dst'],
  ...['ip.src', 'ip.dst', 'ip.len', 'ip.ttl', 'ip.proto'],
  ...['ipv6.src', 'ipv6.dst', 'ipv6.plen', 'ipv6.hlim', 'ipv6.nxt'],
  ...['arp.src.proto_ipv4', 'arp.dst.proto_ipv4', 'icmp.type', 'icmpv6.type'],
  ...['tcp.flags', 'tcp.flags.fin', 'tcp.flags.syn', 'tcp.flags.reset', 'tcp.flags.push', 'tcp.flags.ack'],
  ...['tcp.flags.urg', 'tcp.len', 'tcp.window_size', 'tcp.window_size_value', 'tcp.seq', 'tcp.ack'],
  ...['tcp.stream', 'tcp.srcport', 'tcp.dstport', 'udp.srcport', 'udp.dstport'],
]);

export function packetColumns(table: PacketTable): PacketColumns {
  const n = table.rowCount;
  const num = (...names: string[]): Float64Array => {
    const out = new Float64Array(n).fill(NaN);
    for (const name of names) fillNumbers(findColumn(table, name), out);
    return out;
  };
  const src = hostKeys(table, ['ip.src', 'ipv6.src', 'arp.src.proto_ipv4', 'eth.src']);
  const dst = hostKeys(table, ['ip.dst', 'ipv6.dst', 'arp.dst.proto_ipv4', 'eth.dst']);
  const isArp = new Uint8Array(n);
  const protocols = findColumn(table, 'frame.protocols');
  const ethType = findColumn(table, 'eth.type');
  if (protocols && protocols.kind === 'string') {
    const arpCodes = protocols.dict.map((s) => /(^|:)arp(:|$)/.test(s));
    for (let r = 0; r < n; r++) isArp[r] = arpCodes[protocols.codes[r]] ? 1 : 0;
  } else if (ethType && ethType.kind === 'int') {
    for (let r = 0; r < n; r++)
      isArp[r] = ethType.present[r >>> 3] & (1 << (r & 7)) && ethType.values[r] === 0x0806 ? 1 : 0;
  }
  return {
    rows: n,
    ethGroup: ethGroupOf(table),
    timeUs: table.timeUs,
    frameLen: num('frame.len'),
    ipLen: num('ip.len', 'ipv6.plen'),
    ttl: num('ip.ttl', 'ipv6.hlim'),
    ipProto: num('ip.proto', 'ipv6.nxt'),
    tcpFlags: flagsColumn(table),
    tcpLen: num('tcp.len'),
    tcpWin: num('tcp.window_size', 'tcp.window_size_value'),
    tcpSeq: num('tcp.seq'),
    tcpAck: num('tcp.ack'),
    tcpStream: num('tcp.stream'),
    srcPort: num('tcp.srcport', 'udp.srcport'),
    dstPort: num('tcp.dstport', 'udp.dstport'),
    icmpType: num('icmp.type', 'icmpv6.type'),
    isArp,
    src,
    dst,
    srcMac: hostKeys(table, ['eth.src']),
    dstMac: hostKeys(table, ['eth.dst']),
  };
}

/**
 * Layer-4 payload bytes of row r, whatever the protocol: tcp.len; UDP and ICMP beyond their 8-byte header
 * (IPv4: ip.len - 28; IPv6, whose ipLen is the payload length: - 8); ARP 0; NaN when unknown. A flood of
 * empty packets is one whether it is SYN, UDP or ICMP; a ping, a DNS query or an nmap UDP probe carries data.
 */
export function payloadOf(c: PacketColumns, r: number): number {
  if (c.isArp[r]) return 0;
  const p = c.ipProto[r];
  if (p === 6) return c.tcpLen[r];
  const len = c.ipLen[r];
  if (Number.isNaN(len) || !(p === 17 || p === 1 || p === 58)) return NaN;
  // IPv4 hosts key as their number (>= 0); IPv6 as a negative hash (hostKeys).
  const v4 = c.src[r] >= 0;
  return Math.max(0, len - (v4 ? 28 : 8));
}

/** eth.dst's group bit (the low bit of its first octet): an ARP sweep asks everyone; a cache refresh asks one host. */
function ethGroupOf(table: PacketTable): Float64Array {
  const out = new Float64Array(table.rowCount).fill(NaN);
  const c = findColumn(table, 'eth.dst');
  if (c?.kind !== 'string') return out;
  const bits = c.dict.map((mac) => (/^[0-9a-f]{2}[:-]/i.test(mac) ? parseInt(mac.slice(0, 2), 16) & 1 : NaN));
  for (let r = 0; r < out.length; r++) out[r] = c.codes[r] === 0 ? NaN : bits[c.codes[r]];
  return out;
}

/** Copies a numeric column into `out` where `out` is still missing (so a second name fills gaps). */
function fillNumbers(c: Column | undefined, out: Float64Array): void {
  if (!c) return;
  if (c.kind === 'int') {
    const { values, present } = c;
    for (let r = 0; r < out.length; r++)
      if (Number.isNaN(out[r]) && present[r >>> 3] & (1 << (r & 7))) out[r] = values[r];
  } else if (c.kind === 'float') {
    for (let r = 0; r < out.length; r++) if (Number.isNaN(out[r])) out[r] = c.values[r];
  }
}

/** tcp.flags, or rebuilt from the per-flag bool columns a layout may have instead. */
function flagsColumn(table: PacketTable): Float64Array {
  const out = new Float64Array(table.rowCount).fill(NaN);
  const flags = findColumn(table, 'tcp.flags');
  if (flags) {
    fillNumbers(flags, out);
    return out;
  }
  const bits: [string, number][] = [
    ['tcp.flags.fin', 1],
    ['tcp.flags.syn', 2],
    ['tcp.flags.reset', 4],
    ['tcp.flags.push', 8],
    ['tcp.flags.ack', 16],
    ['tcp.flags.urg', 32],
  ];
  for (const [name, bit] of bits) {
    const c = findColumn(table, name);
    if (c?.kind !== 'int') continue;
    for (let r = 0; r < out.length; r++) {
      if (!(c.present[r >>> 3] & (1 << (r & 7)))) continue;
      out[r] = (Number.isNaN(out[r]) ? 0 : out[r]) | (c.values[r] ? bit : 0);
    }
  }
  return out;
}

/**
 * First present address column per row: IPv4 as a number, any other (IPv6, MAC) as a negative 53-bit hash of
 * its text. A hash, not a dictionary code, so the same address has the same key on either side, in any table
 * and in every batch of a stream (the sensor featurizes batch by batch and must group as training did).
 */
function hostKeys(table: PacketTable, names: readonly string[]): Float64Array {
  const out = new Float64Array(table.rowCount).fill(NaN);
  for (const name of names) {
    const c = findColumn(table, name);
    if (!c) continue;
    if (c.kind === 'int') fillNumbers(c, out);
    else if (c.kind === 'string') {
      const keys = c.dict.map(textHostKey);
      for (let r = 0; r < out.length; r++) if (Number.isNaN(out[r]) && c.codes[r] !== 0) out[r] = keys[c.codes[r]];
    }
  }
  return out;
}

/** A negative key in [-2^53, -1] from an address's text (two 32-bit FNV-1a lanes); never an IPv4 number. */
export function textHostKey(text: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    a = Math.imul(a ^ ch, 0x01000193);
    b = Math.imul(b ^ ch, 0x5bd1e995) ^ (b >>> 15);
  }
  return -((a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff) + 1);
}
