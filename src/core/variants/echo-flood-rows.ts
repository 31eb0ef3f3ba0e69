/**
 * The ICMP echo variant of a lab's floods, made inside training from the table's own rows: hping3 floods with
 * whatever protocol it is told (-S, --udp, --icmp), and what its floods share is the rate, the empty packets
 * and the replies, not the protocol. A model that saw only TCP and UDP floods, beside benign pings (monitoring
 * sends echo requests all day), called a held-out ICMP flood benign. So each training flood that is not
 * already ICMP is copied as hping3 --icmp would have sent it: every attacker packet an empty echo request
 * (42 bytes), every reply to it an echo reply, the attacker's own resets dropped; same times, hosts and
 * class, appended after the capture for training only (rand-source-rows.ts appendCopies).
 */
import { isPresent, type IntColumn, type PacketTable } from '../table/packet-table.ts';
import {
  appendCopies,
  DEFAULT_RAND_SOURCE_ROWS,
  intColumn,
  trainingFloods,
  type RandSourceRowsOptions,
  type VariantRows,
} from './rand-source-rows.ts';

const ICMP = 1;
const ECHO_REQUEST = 8;
const ECHO_REPLY = 0;
/** Ethernet + IPv4 + an ICMP header with no data, as hping3 --icmp sends it. */
const FRAME_LEN = 42;
const IP_LEN = 28;
const TCP_RST = 0x04;
const TCP_SYN = 0x02;

export function withEchoFloods(
  table: PacketTable,
  rowLabels: Uint8Array,
  rowParts: Uint8Array,
  opts: RandSourceRowsOptions = DEFAULT_RAND_SOURCE_ROWS,
): VariantRows {
  const none: VariantRows = { table, rowLabels, rowParts, floods: [] };
  const src = intColumn(table, 'ip.src');
  const proto = intColumn(table, 'ip.proto');
  if (!src || !proto) return none;
  const flags = intColumn(table, 'tcp.flags');
  const value = (c: IntColumn | undefined, r: number): number => (c && isPresent(c.present, r) ? c.values[r] : -1);
  const picked: number[] = [];
  const request: boolean[] = [];
  const floods: { cls: number; rows: number }[] = [];
  for (const f of trainingFloods(table, rowLabels, rowParts, opts.packetsPerFlood)) {
    const sent = f.rows.filter((r) => src.values[r] === f.attacker);
    if (sent.filter((r) => value(proto, r) === ICMP).length * 2 > sent.length) continue;
    let added = 0;
    for (const r of f.rows) {
      const fromAttacker = src.values[r] === f.attacker;
      const fl = value(flags, r);
      if (fromAttacker && fl >= 0 && (fl & TCP_RST) !== 0 && (fl & TCP_SYN) === 0) continue;
      picked.push(r);
      request.push(fromAttacker);
      added++;
    }
    floods.push({ cls: f.cls, rows: added });
  }
  if (picked.length === 0) return none;
  // Every column of layer 4 and above goes missing in the copies, but for what an echo carries.
  const overrides = new Map<string, (i: number) => number | null>();
  for (const c of table.columns) if (/^(tcp|udp|http|dns|icmp)\./.test(c.name)) overrides.set(c.name, () => null);
  overrides.set('ip.proto', () => ICMP);
  overrides.set('icmp.type', (i) => (request[i] ? ECHO_REQUEST : ECHO_REPLY));
  overrides.set('icmp.code', () => 0);
  overrides.set('frame.len', () => FRAME_LEN);
  overrides.set('ip.len', () => IP_LEN);
  const texts = new Map([['frame.protocols', 'eth:ethertype:ip:icmp']]);
  return { ...appendCopies(table, rowLabels, rowParts, picked, floods, overrides, texts), floods };
}
