/**
 * TCP tables for the seed notebook's questions: which flag combinations dominate (a SYN flood is all `SYN`),
 * which sequence numbers repeat (hping3 reuses them), and whether a stream's tcp.seq jumps at some time.
 */
import { findColumn, type PacketTable } from '../table/packet-table.ts';
import { rowRange, type RowMask, type TimeRange } from './bins-range.ts';
import { cellText, frameBytes, groupRows, topIds } from './breakdown-groups.ts';
import { topValues } from './breakdown-values.ts';

/** Flag bits in the order Wireshark's Info column names them ([FIN, PSH, ACK]). */
const FLAG_BITS = [
  [0x001, 'FIN'],
  [0x002, 'SYN'],
  [0x004, 'RST'],
  [0x008, 'PSH'],
  [0x010, 'ACK'],
  [0x020, 'URG'],
  [0x040, 'ECE'],
  [0x080, 'CWR'],
  [0x100, 'AE'],
  [0xe00, 'RES'],
] as const;

/** `SYN,ACK` for 0x012; `<None>` for 0, as Wireshark shows it. */
export function tcpFlagName(flags: number): string {
  const names = FLAG_BITS.filter(([bit]) => (flags & bit) !== 0).map(([, name]) => name);
  return names.length > 0 ? names.join(',') : '<None>';
}

export interface TcpFlagCount {
  readonly flags: number;
  readonly name: string;
  readonly packets: number;
  readonly bytes: number;
}

/** The bool columns a table without tcp.flags may still have, with their bits. */
const FLAG_COLUMNS = [
  ['tcp.flags.fin', 0x001],
  ['tcp.flags.syn', 0x002],
  ['tcp.flags.reset', 0x004],
  ['tcp.flags.push', 0x008],
  ['tcp.flags.ack', 0x010],
  ['tcp.flags.urg', 0x020],
] as const;

/**
 * Packets per tcp.flags value, most first. Without a tcp.flags column the value is rebuilt from the
 * tcp.flags.* columns present (a row counts when any of them is present). O(m).
 */
export function tcpFlagMix(table: PacketTable, mask: RowMask, range: TimeRange | null): readonly TcpFlagCount[] {
  const span = rowRange(table, range);
  const bytesOf = frameBytes(table);
  const flagsCol = findColumn(table, 'tcp.flags');
  let flagsOf: (r: number) => number;
  if (flagsCol && flagsCol.kind === 'int') {
    const { values, present } = flagsCol;
    flagsOf = (r) => (present[r >>> 3] & (1 << (r & 7)) ? values[r] : -1);
  } else {
    const cols = FLAG_COLUMNS.flatMap(([name, bit]) => {
      const c = findColumn(table, name);
      return c && c.kind === 'int' ? [{ c, bit }] : [];
    });
    flagsOf = (r) => {
      let v = -1;
      for (const { c, bit } of cols)
        if (c.present[r >>> 3] & (1 << (r & 7))) v = Math.max(v, 0) | (c.values[r] ? bit : 0);
      return v;
    };
  }
  const packets = new Float64Array(0x10000);
  const bytes = new Float64Array(0x10000);
  for (let r = span.start; r < span.end; r++) {
    if (mask && mask[r] === 0) continue;
    const v = flagsOf(r);
    if (v < 0 || v > 0xffff) continue;
    packets[v]++;
    bytes[v] += bytesOf(r);
  }
  return topIds(packets, packets, bytes, 0x10000).map((v) => ({
    flags: v,
    name: tcpFlagName(v),
    packets: packets[v],
    bytes: bytes[v],
  }));
}

export interface TcpSeqCount {
  readonly seq: number;
  readonly packets: number;
}

export interface TcpSeqFrequency {
  /** Most packets first. */
  readonly values: readonly TcpSeqCount[];
  /** Distinct tcp.seq values and packets with a tcp.seq, among the selected rows. */
  readonly distinct: number;
  readonly packets: number;
}

/** The `n` most frequent tcp.seq values (relative numbers as the CSV has them). O(m log m). */
export function tcpSeqFrequency(
  table: PacketTable,
  mask: RowMask,
  range: TimeRange | null,
  n: number,
): TcpSeqFrequency {
  const t = topValues(table, mask, range, 'tcp.seq', n);
  return {
    values: t.rows.map((r) => ({ seq: r.value, packets: r.packets })),
    distinct: t.distinct,
    packets: t.total.packets - t.missing.packets,
  };
}

export interface TcpSeqStream {
  readonly stream: number;
  /** `ip.src:tcp.srcport → ip.dst:tcp.dstport` of the stream's first selected packet. */
  readonly label: string;
  readonly packets: number;
  /** The stream's points in time order. */
  readonly timeUs: Float64Array;
  readonly seq: Float64Array;
}

export interface TcpSeqStreams {
  /** Streams with most packets first, at most maxStreams. */
  readonly streams: readonly TcpSeqStream[];
  /** Streams with points among the selected rows (before the cap). */
  readonly streamCount: number;
}

/**
 * (time, tcp.seq) per tcp.stream for rows having both, for plotting seq against time and spotting a jump.
 * O(m log m) to number the streams, then O(m) to fill the arrays of the kept streams.
 */
export function tcpSeqPerStream(
  table: PacketTable,
  mask: RowMask,
  range: TimeRange | null,
  maxStreams: number,
): TcpSeqStreams {
  const span = rowRange(table, range);
  const seqCol = findColumn(table, 'tcp.seq');
  if (seqCol?.kind !== 'int') return { streams: [], streamCount: 0 };
  const { values: seq, present: seqPresent } = seqCol;
  const groups = groupRows(table, 'tcp.stream', span, mask);
  const { ids } = groups;
  const hasSeq = (r: number): boolean => (seqPresent[r >>> 3] & (1 << (r & 7))) !== 0;
  const packets = new Float64Array(groups.groupCount);
  for (let r = span.start; r < span.end; r++) {
    const g = ids[r - span.start];
    if (g >= 0 && hasSeq(r)) packets[g]++;
  }
  const streamCount = packets.reduce((s, p) => s + (p > 0 ? 1 : 0), 0);
  const top = topIds(packets, packets, packets, maxStreams);
  const slot = new Int32Array(groups.groupCount).fill(-1);
  top.forEach((g, i) => {
    slot[g] = i;
  });
  const out = top.map((g) => ({
    times: new Float64Array(packets[g]),
    seqs: new Float64Array(packets[g]),
    filled: 0,
    first: -1,
  }));
  for (let r = span.start; r < span.end; r++) {
    const g = ids[r - span.start];
    if (g < 0 || slot[g] < 0 || !hasSeq(r)) continue;
    const o = out[slot[g]];
    if (o.first < 0) o.first = r;
    o.times[o.filled] = table.timeUs[r];
    o.seqs[o.filled++] = seq[r];
  }
  const text = (field: string, r: number): string => {
    const c = findColumn(table, field);
    return c ? cellText(table, c, r) : '';
  };
  const endpoint = (addr: string, port: string, r: number): string => {
    const a = text(addr, r) || text(addr.replace('ip.', 'ipv6.'), r);
    return `${a}:${text(port, r)}`;
  };
  const streams = top.map((g, i) => {
    const r = out[i].first;
    return {
      stream: groups.value(g),
      label: `${endpoint('ip.src', 'tcp.srcport', r)} → ${endpoint('ip.dst', 'tcp.dstport', r)}`,
      packets: packets[g],
      timeUs: out[i].times,
      seq: out[i].seqs,
    };
  });
  return { streams, streamCount };
}
