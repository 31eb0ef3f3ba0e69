/**
 * The closed-port variant of a lab's SYN floods, made inside training from the table's own rows: a SYN flood
 * at a port nobody listens on is answered by the victim's kernel with RST-ACK, not SYN-ACK, and the attacker
 * then has nothing to reset. Lab floods hit open services; users' floods hit any port, and a model that saw only
 * SYN / SYN-ACK floods called one at a closed port (SYN / RST-ACK, like a scan's) a brute force or a scan. Each
 * training SYN flood is copied with every SYN-ACK turned into the RST-ACK the kernel sends (54 bytes, window 0)
 * and the attacker's resets dropped; same times, hosts and class, for training only (appendCopies).
 */
import { isPresent, type PacketTable } from '../table/packet-table.ts';
import {
  appendCopies,
  DEFAULT_RAND_SOURCE_ROWS,
  intColumn,
  trainingFloods,
  type RandSourceRowsOptions,
  type VariantRows,
} from './rand-source-rows.ts';

const SYN = 0x02;
const RST = 0x04;
const ACK = 0x10;
/** A closed port's answer as tshark exports it: RST-ACK, relative seq and ack 1, window 0, no options. */
const REPLY: ReadonlyMap<string, number> = new Map([
  ['tcp.flags', RST | ACK],
  ['tcp.flags.syn', 0],
  ['tcp.flags.ack', 1],
  ['tcp.flags.reset', 1],
  ['tcp.flags.fin', 0],
  ['tcp.seq', 1],
  ['tcp.ack', 1],
  ['tcp.window_size', 0],
  ['tcp.window_size_value', 0],
  ['tcp.len', 0],
  ['frame.len', 54],
  ['ip.len', 40],
]);

export function withClosedPortFloods(
  table: PacketTable,
  rowLabels: Uint8Array,
  rowParts: Uint8Array,
  opts: RandSourceRowsOptions = DEFAULT_RAND_SOURCE_ROWS,
): VariantRows {
  const none: VariantRows = { table, rowLabels, rowParts, floods: [] };
  const src = intColumn(table, 'ip.src');
  const flags = intColumn(table, 'tcp.flags');
  if (!src || !flags) return none;
  const flagsOf = (r: number): number => (isPresent(flags.present, r) ? flags.values[r] : -1);
  const picked: number[] = [];
  const reply: boolean[] = [];
  const floods: { cls: number; rows: number }[] = [];
  for (const f of trainingFloods(table, rowLabels, rowParts, opts.packetsPerFlood)) {
    const sent = f.rows.filter((r) => src.values[r] === f.attacker);
    const syns = sent.filter((r) => (flagsOf(r) & (SYN | ACK | RST)) === SYN && flagsOf(r) >= 0).length;
    const synAcks = f.rows.filter(
      (r) => src.values[r] !== f.attacker && (flagsOf(r) & (SYN | ACK)) === (SYN | ACK),
    ).length;
    // A SYN flood answered by an open port: most of what it sends are bare SYNs, and SYN-ACKs come back.
    if (syns * 2 <= sent.length || synAcks === 0) continue;
    let added = 0;
    for (const r of f.rows) {
      const fl = flagsOf(r);
      const fromAttacker = src.values[r] === f.attacker;
      if (fromAttacker ? (fl & RST) !== 0 && (fl & SYN) === 0 : (fl & (SYN | ACK)) !== (SYN | ACK)) continue;
      picked.push(r);
      reply.push(!fromAttacker);
      added++;
    }
    floods.push({ cls: f.cls, rows: added });
  }
  if (picked.length === 0) return none;
  const overrides = new Map<string, (i: number) => number | null | undefined>();
  for (const [name, v] of REPLY) overrides.set(name, (i) => (reply[i] ? v : undefined));
  return { ...appendCopies(table, rowLabels, rowParts, picked, floods, overrides), floods };
}
