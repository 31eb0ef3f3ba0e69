/**
 * The engine's breakdown answers as tables (breakdown-table-model.ts): which columns, which rows, what a
 * click on each row adds to the filter. Percentages are of the packets the filter selects in the range.
 */
import type {
  Conversation,
  ProtocolNode,
  TcpFlagCount,
  TcpSeqFrequency,
  Talker,
  TopValues,
} from '../../core/query/breakdown-tables.ts';
import { formatCount } from '../format.ts';
import { filterClause, type ClauseTarget } from './breakdown-clauses.ts';
import { percentOf, type ColumnSpec, type TableModel, type TableRow } from './breakdown-table-model.ts';

/** Wireshark's Protocol Hierarchy: the frame.protocols tree, a row per node, depth-first. */
export function protocolModel(root: ProtocolNode): TableModel {
  const rows: TableRow[] = [];
  const walk = (n: ProtocolNode, depth: number): void => {
    rows.push({
      key: n.path || n.name,
      depth,
      cells: [
        { text: n.name, csv: n.path || n.name },
        percentOf(n.frames, root.frames),
        n.frames,
        n.bytes,
        n.endFrames,
      ],
      clause: depth === 0 ? null : filterClause({ kind: 'protocol', layer: n.name }),
    });
    for (const c of n.children) walk(c, depth + 1);
  };
  walk(root, 0);
  return {
    label: 'Protocol hierarchy',
    note: 'from frame.protocols',
    columns: [
      { header: 'Protocol', kind: 'value', csvHeader: 'Protocol path' },
      { header: '% frames', kind: 'percent' },
      { header: 'Frames', kind: 'count' },
      { header: 'Bytes', kind: 'count' },
      { header: 'End frames', kind: 'count' },
    ],
    rows,
    file: 'protocol-hierarchy.csv',
  };
}

/** Hosts in most packets as either end; `total` is the selected packets (for the share). */
export function talkersModel(talkers: readonly Talker[], total: number): TableModel {
  return {
    label: 'Top talkers',
    note: `source or destination, ${countNoun(talkers.length, 'host')}`,
    columns: [
      { header: 'Address', kind: 'value' },
      { header: 'Packets', kind: 'count' },
      { header: '% packets', kind: 'percent' },
      { header: 'Bytes', kind: 'count' },
      { header: 'Sent', kind: 'count', csvHeader: 'Packets sent' },
      { header: 'Received', kind: 'count', csvHeader: 'Packets received' },
    ],
    rows: talkers.map((t) => ({
      key: t.address,
      cells: [t.address, t.packets, percentOf(t.packets, total), t.bytes, t.txPackets, t.rxPackets],
      clause: filterClause({ kind: 'host', side: 'either', address: t.address }),
    })),
    file: 'top-talkers.csv',
  };
}

interface TopValuesSpec {
  readonly label: string;
  readonly valueHeader: string;
  readonly file: string;
  /** What a click on a value adds; null for none. */
  readonly target: (label: string, value: number) => ClauseTarget | null;
}

/** The most frequent values of one field, then "other" and "(missing)" as the engine counted them. */
export function topValuesModel(t: TopValues, spec: TopValuesSpec): TableModel {
  const total = t.total.packets;
  const columns: ColumnSpec[] = [
    { header: spec.valueHeader, kind: 'value' },
    { header: 'Packets', kind: 'count' },
    { header: '% packets', kind: 'percent' },
    { header: 'Bytes', kind: 'count' },
  ];
  const rows: TableRow[] = t.rows.map((r) => {
    const target = spec.target(r.label, r.value);
    return {
      key: `v:${r.label}`,
      cells: [r.label, r.packets, percentOf(r.packets, total), r.bytes],
      clause: target && filterClause(target),
    };
  });
  if (t.other.packets > 0) {
    const label = `other (${countNoun(t.other.values, 'value')})`;
    rows.push({
      key: 'other',
      summary: true,
      cells: [label, t.other.packets, percentOf(t.other.packets, total), t.other.bytes],
      clause: null,
    });
  }
  if (t.missing.packets > 0) {
    rows.push({
      key: 'missing',
      summary: true,
      cells: ['(missing)', t.missing.packets, percentOf(t.missing.packets, total), t.missing.bytes],
      clause: null,
    });
  }
  return {
    label: spec.label,
    note: `${formatCount(t.rows.length)} of ${countNoun(t.distinct, 'value')} of ${t.field}`,
    columns,
    rows,
    file: spec.file,
  };
}

export const sourcesSpec: TopValuesSpec = {
  label: 'Top sources',
  valueHeader: 'ip.src',
  file: 'top-sources.csv',
  target: (address) => ({ kind: 'host', side: 'src', address }),
};
export const destinationsSpec: TopValuesSpec = {
  label: 'Top destinations',
  valueHeader: 'ip.dst',
  file: 'top-destinations.csv',
  target: (address) => ({ kind: 'host', side: 'dst', address }),
};
export const tcpPortsSpec: TopValuesSpec = {
  label: 'TCP destination ports',
  valueHeader: 'tcp.dstport',
  file: 'tcp-destination-ports.csv',
  target: (_, port) => ({ kind: 'port', proto: 'tcp', port }),
};
export const udpPortsSpec: TopValuesSpec = {
  label: 'UDP destination ports',
  valueHeader: 'udp.dstport',
  file: 'udp-destination-ports.csv',
  target: (_, port) => ({ kind: 'port', proto: 'udp', port }),
};

/** Host pairs (either direction) with most packets; A is the source of the pair's first packet. */
export function conversationsModel(rows: readonly Conversation[]): TableModel {
  return {
    label: 'Conversations',
    note: `host pairs, ${countNoun(rows.length, 'pair')}`,
    columns: [
      { header: 'Host A', kind: 'value' },
      { header: 'Host B', kind: 'value' },
      { header: 'Packets', kind: 'count' },
      { header: 'Bytes', kind: 'count' },
      { header: 'A → B', kind: 'count', csvHeader: 'Packets A to B' },
      { header: 'B → A', kind: 'count', csvHeader: 'Packets B to A' },
      { header: 'First (UTC)', kind: 'time' },
      { header: 'Last (UTC)', kind: 'time' },
      { header: 'Duration', kind: 'duration', csvHeader: 'Duration (s)' },
    ],
    rows: rows.map((c) => ({
      key: `${c.a} ${c.b}`,
      cells: [c.a, c.b, c.packets, c.bytes, c.packetsAToB, c.packetsBToA, c.firstUs, c.lastUs, c.durationUs],
      clause: filterClause({ kind: 'pair', a: c.a, b: c.b }),
    })),
    file: 'conversations.csv',
    labelRows: true,
  };
}

/** Packets per tcp.flags value: a SYN flood is nearly all `SYN`. Shares are of the TCP packets. */
export function flagsModel(rows: readonly TcpFlagCount[]): TableModel {
  const tcp = rows.reduce((s, r) => s + r.packets, 0);
  return {
    label: 'TCP flag mix',
    note: `${formatCount(tcp)} TCP packets`,
    columns: [
      { header: 'tcp.flags', kind: 'value' },
      { header: 'Flags', kind: 'text' },
      { header: 'Packets', kind: 'count' },
      { header: '% of TCP', kind: 'percent' },
      { header: 'Bytes', kind: 'count' },
    ],
    rows: rows.map((r) => ({
      key: String(r.flags),
      cells: [`0x${r.flags.toString(16).padStart(3, '0')}`, r.name, r.packets, percentOf(r.packets, tcp), r.bytes],
      clause: filterClause({ kind: 'flags', flags: r.flags }),
    })),
    file: 'tcp-flag-mix.csv',
  };
}

/** The tcp.seq values most packets carry (hping3 repeats them), then the rest as "other". */
export function seqFrequencyModel(f: TcpSeqFrequency): TableModel {
  const listed = f.values.reduce((s, v) => s + v.packets, 0);
  const rows: TableRow[] = f.values.map((v) => ({
    key: String(v.seq),
    cells: [v.seq, v.packets, percentOf(v.packets, f.packets)],
    clause: filterClause({ kind: 'seq', seq: v.seq }),
  }));
  if (f.packets > listed) {
    const label = `other (${countNoun(f.distinct - f.values.length, 'value')})`;
    rows.push({
      key: 'other',
      summary: true,
      cells: [label, f.packets - listed, percentOf(f.packets - listed, f.packets)],
      clause: null,
    });
  }
  return {
    label: 'Frequent tcp.seq values',
    note: `${formatCount(f.values.length)} of ${countNoun(f.distinct, 'value')}, ${formatCount(f.packets)} packets with tcp.seq`,
    columns: [
      { header: 'tcp.seq', kind: 'value' },
      { header: 'Packets', kind: 'count' },
      { header: '% of tcp.seq', kind: 'percent', csvHeader: '% of packets with tcp.seq' },
    ],
    rows,
    file: 'tcp-seq-values.csv',
  };
}

function countNoun(n: number, noun: string): string {
  return `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`;
}
