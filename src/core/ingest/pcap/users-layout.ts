/**
 * The users' CSV layout: the 57 fields of lab-a's `packets.csv.gz` (without its appended alert,attack),
 * in their order. This is what `tshark -T fields -e ...` was asked for, so it is what a capture turns into.
 */
import { planFromHeader, type HeaderPlan } from '../csv-header.ts';

export const USERS_FIELDS = [
  'frame.number',
  'frame.len',
  'frame.time',
  'frame.time_epoch',
  'frame.protocols',
  'eth.src',
  'eth.dst',
  'eth.type',
  'ip.src',
  'ip.dst',
  'ip.len',
  'ip.ttl',
  'ip.flags',
  'ip.frag_offset',
  'ip.proto',
  'ip.version',
  'ip.dsfield',
  'ip.checksum',
  'tcp.srcport',
  'tcp.dstport',
  'tcp.len',
  'tcp.seq',
  'tcp.ack',
  'tcp.flags',
  'tcp.flags.syn',
  'tcp.flags.ack',
  'tcp.flags.fin',
  'tcp.flags.reset',
  'tcp.window_size',
  'tcp.checksum',
  'tcp.stream',
  'udp.srcport',
  'udp.dstport',
  'udp.length',
  'udp.checksum',
  'icmp.type',
  'icmp.code',
  'icmp.checksum',
  'http.request.method',
  'http.request.uri',
  'http.request.version',
  'http.request.full_uri',
  'http.response.code',
  'http.user_agent',
  'http.content_length_header',
  'http.content_type',
  'http.cookie',
  'http.host',
  'http.referer',
  'http.location',
  'http.authorization',
  'http.connection',
  'dns.qry.name',
  'dns.qry.type',
  'dns.qry.class',
  'dns.flags.response',
  'dns.a',
] as const;

export type UsersField = (typeof USERS_FIELDS)[number];

/** Column index of each field, for the dissectors' writes. */
export const COL: Readonly<Record<UsersField, number>> = Object.fromEntries(
  USERS_FIELDS.map((n, i) => [n, i]),
) as Record<UsersField, number>;

/** The column plan of the users' layout, as the CSV path plans it from the header line tshark writes. */
export function usersPlan(): HeaderPlan {
  const header = new TextEncoder().encode(USERS_FIELDS.join(','));
  const res = planFromHeader(header, 0, header.length);
  if (!res.ok) throw new Error(res.error);
  return res.plan;
}
