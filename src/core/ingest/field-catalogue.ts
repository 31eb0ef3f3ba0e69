/**
 * What each tshark field of the users' layout holds and how its text is read.
 *
 * The layout is the header of lab-a's CSV (`tshark -T fields -e ...`). Columns may arrive in any order and
 * any subset; a column not listed here is kept as a dictionary-coded string.
 */

/**
 * How a field's text is parsed and stored:
 * - u8/u16/u32: decimal integers (`80`, also `80.0` as pandas writes them) into Uint8/16/32 arrays;
 * - hex8/hex16/hex32: `0x0002` as tshark writes flags and checksums (plain decimal accepted too);
 * - bool: `1`/`0`/`True`/`False` into a Uint8 array of 1/0;
 * - f64: any decimal number;
 * - ipv4: dotted quad into a uint32; ipv6, mac: validated text, dictionary-coded;
 * - epoch: `1795378353.952647464` seconds; timetext: `Nov 22, 2026 15:12:33.952647464 EST`;
 * - string: anything, dictionary-coded.
 */
export const FIELD_TYPES = [
  'u8',
  'u16',
  'u32',
  'hex8',
  'hex16',
  'hex32',
  'bool',
  'f64',
  'ipv4',
  'ipv6',
  'mac',
  'epoch',
  'timetext',
  'string',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export interface FieldSpec {
  readonly name: string;
  readonly type: FieldType;
  readonly description: string;
}

const f = (name: string, type: FieldType, description: string): FieldSpec => ({ name, type, description });

export const FIELD_CATALOGUE: readonly FieldSpec[] = [
  f('frame.number', 'u32', 'Frame number in the original capture'),
  f('frame.len', 'u32', 'Frame length on the wire (bytes)'),
  f('frame.time', 'timetext', 'Arrival time as local text with a zone abbreviation'),
  f('frame.time_epoch', 'epoch', 'Arrival time, seconds since the Unix epoch'),
  f('frame.time_relative', 'f64', 'Seconds since the first frame'),
  f('frame.time_delta', 'f64', 'Seconds since the previous captured frame'),
  f('frame.cap_len', 'u32', 'Captured length (bytes)'),
  f('frame.protocols', 'string', 'Protocol stack, e.g. eth:ethertype:ip:tcp:http'),
  f('eth.src', 'mac', 'Ethernet source address'),
  f('eth.dst', 'mac', 'Ethernet destination address'),
  f('eth.type', 'hex16', 'Ethertype'),
  f('arp.opcode', 'u16', 'ARP opcode'),
  f('arp.src.proto_ipv4', 'ipv4', 'ARP sender IPv4 address'),
  f('arp.dst.proto_ipv4', 'ipv4', 'ARP target IPv4 address'),
  f('ip.src', 'ipv4', 'IPv4 source address'),
  f('ip.dst', 'ipv4', 'IPv4 destination address'),
  f('ip.len', 'u16', 'IPv4 total length'),
  f('ip.ttl', 'u8', 'IPv4 time to live'),
  f('ip.flags', 'hex8', 'IPv4 flags'),
  f('ip.frag_offset', 'u16', 'IPv4 fragment offset'),
  f('ip.proto', 'u8', 'IPv4 protocol number'),
  f('ip.version', 'u8', 'IP version'),
  f('ip.dsfield', 'hex8', 'IPv4 differentiated services field'),
  f('ip.checksum', 'hex16', 'IPv4 header checksum'),
  f('ip.id', 'hex16', 'IPv4 identification'),
  f('ipv6.src', 'ipv6', 'IPv6 source address'),
  f('ipv6.dst', 'ipv6', 'IPv6 destination address'),
  f('ipv6.plen', 'u16', 'IPv6 payload length'),
  f('ipv6.nxt', 'u8', 'IPv6 next header'),
  f('ipv6.hlim', 'u8', 'IPv6 hop limit'),
  f('tcp.srcport', 'u16', 'TCP source port'),
  f('tcp.dstport', 'u16', 'TCP destination port'),
  f('tcp.len', 'u32', 'TCP payload length'),
  f('tcp.seq', 'u32', 'TCP sequence number (relative)'),
  f('tcp.ack', 'u32', 'TCP acknowledgement number (relative)'),
  f('tcp.seq_raw', 'u32', 'TCP sequence number (absolute)'),
  f('tcp.ack_raw', 'u32', 'TCP acknowledgement number (absolute)'),
  f('tcp.flags', 'hex16', 'TCP flags'),
  f('tcp.flags.syn', 'bool', 'TCP SYN flag'),
  f('tcp.flags.ack', 'bool', 'TCP ACK flag'),
  f('tcp.flags.fin', 'bool', 'TCP FIN flag'),
  f('tcp.flags.reset', 'bool', 'TCP RST flag'),
  f('tcp.flags.push', 'bool', 'TCP PSH flag'),
  f('tcp.flags.urg', 'bool', 'TCP URG flag'),
  f('tcp.window_size', 'u32', 'TCP window size (scaled)'),
  f('tcp.window_size_value', 'u16', 'TCP window size field'),
  f('tcp.checksum', 'hex16', 'TCP checksum'),
  f('tcp.stream', 'u32', 'TCP stream index (tshark numbering)'),
  f('tcp.hdr_len', 'u8', 'TCP header length'),
  f('udp.srcport', 'u16', 'UDP source port'),
  f('udp.dstport', 'u16', 'UDP destination port'),
  f('udp.length', 'u16', 'UDP length'),
  f('udp.checksum', 'hex16', 'UDP checksum'),
  f('udp.stream', 'u32', 'UDP stream index (tshark numbering)'),
  f('icmp.type', 'u8', 'ICMP type'),
  f('icmp.code', 'u8', 'ICMP code'),
  f('icmp.checksum', 'hex16', 'ICMP checksum'),
  f('http.request.method', 'string', 'HTTP request method'),
  f('http.request.uri', 'string', 'HTTP request URI'),
  f('http.request.version', 'string', 'HTTP request version'),
  f('http.request.full_uri', 'string', 'HTTP full request URI'),
  f('http.response.code', 'u16', 'HTTP response status code'),
  f('http.user_agent', 'string', 'HTTP User-Agent header'),
  f(
    'http.content_length_header',
    'string',
    'HTTP Content-Length header (text in Wireshark: compared as text, as tshark does)',
  ),
  f('http.content_type', 'string', 'HTTP Content-Type header'),
  f('http.cookie', 'string', 'HTTP Cookie header'),
  f('http.host', 'string', 'HTTP Host header'),
  f('http.referer', 'string', 'HTTP Referer header'),
  f('http.location', 'string', 'HTTP Location header'),
  f('http.authorization', 'string', 'HTTP Authorization header'),
  f('http.connection', 'string', 'HTTP Connection header'),
  f('dns.qry.name', 'string', 'DNS query name'),
  f('dns.qry.type', 'u16', 'DNS query type'),
  f('dns.qry.class', 'hex16', 'DNS query class'),
  f('dns.flags.response', 'bool', 'DNS message is a response'),
  f('dns.a', 'ipv4', 'DNS A record address'),
  f('dns.aaaa', 'ipv6', 'DNS AAAA record address'),
];

const BY_NAME = new Map(FIELD_CATALOGUE.map((s) => [s.name, s]));

/** The spec of a known field, or undefined for a column this catalogue does not know. */
export function knownField(name: string): FieldSpec | undefined {
  return BY_NAME.get(name);
}

/** Columns that carry ground truth or a user's labels rather than packet data. */
export const LABEL_LIKE_COLUMNS: readonly string[] = ['alert', 'attack', 'label', 'class', 'category', 'tool'];

/** The fields that can give a row its time, best first. */
export const TIME_FIELDS: readonly string[] = ['frame.time_epoch', 'frame.time'];
