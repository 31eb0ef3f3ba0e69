import { describe, expect, it } from 'vitest';
import { CsvLoad } from '../ingest/csv-load.ts';
import type { PacketTable } from '../table/packet-table.ts';
import {
  conversations,
  protocolHierarchy,
  tcpFlagMix,
  tcpFlagName,
  tcpSeqFrequency,
  tcpSeqPerStream,
  topTalkers,
  topValues,
  type ProtocolNode,
} from './breakdown-tables.ts';

const HEADER = [
  'frame.time_epoch',
  'frame.len',
  'frame.protocols',
  'ip.src',
  'ip.dst',
  'ipv6.src',
  'ipv6.dst',
  'tcp.srcport',
  'tcp.dstport',
  'tcp.flags',
  'tcp.seq',
  'tcp.stream',
  'attack',
] as const;

function table(rows: readonly (readonly string[])[], header: readonly string[] = HEADER): PacketTable {
  const text = `${[header.join(','), ...rows.map((r) => r.map((c) => (c ? `"${c}"` : '')).join(','))].join('\n')}\n`;
  const bytes = new TextEncoder().encode(text);
  const l = new CsvLoad({ fileName: 't.csv', fileBytes: bytes.length, compressed: false });
  l.push(bytes);
  return l.finish().table;
}

const T0 = 1795378320;
const A = '10.0.0.1';
const B = '10.0.0.2';
const C = '10.0.0.3';
const V6 = 'fe80::1';
const W6 = 'fe80::2';
const TCP = 'eth:ethertype:ip:tcp';
// time, len, protocols, ip.src, ip.dst, ipv6.src, ipv6.dst, sport, dport, flags, seq, stream, attack
const t = table([
  [`${T0}.000001`, '60', TCP, A, B, '', '', '40000', '80', '0x0002', '0', '0', 'benign'],
  [`${T0}.000002`, '60', TCP, B, A, '', '', '80', '40000', '0x0012', '0', '0', 'benign'],
  [`${T0}.000003`, '54', TCP, A, B, '', '', '40000', '80', '0x0010', '1', '0', 'benign'],
  [`${T0}.000004`, '500', `${TCP}:http`, A, B, '', '', '40000', '80', '0x0018', '1', '0', 'benign'],
  [`${T0}.000005`, '54', TCP, C, B, '', '', '1234', '22', '0x0002', '0', '1', 'nmap'],
  [`${T0}.000006`, '54', TCP, B, C, '', '', '22', '1234', '0x0014', '1', '1', 'nmap'],
  [`${T0}.000007`, '90', 'eth:ethertype:ipv6:udp:dns', '', '', V6, W6, '', '', '', '', '', 'benign'],
  [`${T0}.000008`, '42', 'eth:ethertype:arp', '', '', '', '', '', '', '', '', '', ''],
  [`${T0}.000009`, '100', 'eth:ethertype:ip:icmp:ip:udp', C, C, '', '', '', '', '', '', '', 'nmap'],
  [`${T0 + 1}.000000`, '54', TCP, A, B, '', '', '40000', '80', '0x0011', '2', '0', 'benign'],
]);
const ALL = 10;

function shape(n: ProtocolNode): unknown {
  return [n.path, n.frames, n.bytes, n.endFrames, ...(n.children.length ? [n.children.map(shape)] : [])];
}

describe('protocolHierarchy', () => {
  it('builds the tree of stacks with frames, bytes and end frames', () => {
    expect(shape(protocolHierarchy(t, null, null))).toEqual([
      '',
      ALL,
      1068,
      0,
      [
        [
          'eth',
          ALL,
          1068,
          0,
          [
            [
              'eth:ethertype',
              ALL,
              1068,
              0,
              [
                [
                  'eth:ethertype:ip',
                  8,
                  936,
                  0,
                  [
                    ['eth:ethertype:ip:tcp', 7, 836, 6, [['eth:ethertype:ip:tcp:http', 1, 500, 1]]],
                    [
                      'eth:ethertype:ip:icmp',
                      1,
                      100,
                      0,
                      [['eth:ethertype:ip:icmp:ip', 1, 100, 0, [['eth:ethertype:ip:icmp:ip:udp', 1, 100, 1]]]],
                    ],
                  ],
                ],
                ['eth:ethertype:arp', 1, 42, 1],
                [
                  'eth:ethertype:ipv6',
                  1,
                  90,
                  0,
                  [['eth:ethertype:ipv6:udp', 1, 90, 0, [['eth:ethertype:ipv6:udp:dns', 1, 90, 1]]]],
                ],
              ],
            ],
          ],
        ],
      ],
    ]);
  });

  it.each<[string, Uint8Array | null, { fromUs: number; toUs: number } | null, number]>([
    ['all rows filtered out', new Uint8Array(ALL), null, 0],
    ['a range outside the data', null, { fromUs: 0, toUs: 1 }, 0],
    ['a range of the last second', null, { fromUs: (T0 + 1) * 1e6, toUs: (T0 + 2) * 1e6 }, 1],
  ])('%s', (_name, mask, range, frames) => {
    const root = protocolHierarchy(t, mask, range);
    expect(root.frames).toBe(frames);
    expect(root.children.length).toBe(frames > 0 ? 1 : 0);
  });
});

describe('topValues', () => {
  it.each<[string, number, [string, number, number][], number, number, number]>([
    // field, n, rows [label, packets, bytes], other packets, missing packets, distinct
    [
      'ip.src',
      2,
      [
        [A, 4, 668],
        [C, 2, 154],
      ],
      2,
      2,
      3,
    ], // B and C tie on packets: more bytes first
    [
      'tcp.dstport',
      8,
      [
        ['80', 4, 668],
        ['40000', 1, 60],
        ['22', 1, 54],
        ['1234', 1, 54],
      ],
      0,
      3,
      4,
    ],
    ['attack', 1, [['benign', 6, 818]], 3, 1, 2],
    ['frame.len', 1, [['54', 4, 216]], 6, 0, 6],
    ['nope', 5, [], 0, ALL, 0],
  ])('%s top %d', (field, n, rows, other, missing, distinct) => {
    const r = topValues(t, null, null, field, n);
    expect(r.rows.map((x) => [x.label, x.packets, x.bytes])).toEqual(rows);
    expect([r.other.packets, r.missing.packets, r.distinct, r.total.packets]).toEqual([other, missing, distinct, ALL]);
    expect(r.other.values).toBe(distinct - rows.length);
  });

  it('gives numbers for int values and IPv4 as uint32', () => {
    expect(topValues(t, null, null, 'ip.dst', 1).rows[0].value).toBe(0x0a000002);
    expect(
      topValues(t, Uint8Array.from([0, 0, 0, 0, 1, 0, 0, 0, 0, 0]), null, 'tcp.dstport', 3).rows.map((x) => x.value),
    ).toEqual([22]);
  });
});

describe('topTalkers', () => {
  it('counts each address as source or destination, once when both, IPv6 included', () => {
    const r = topTalkers(t, null, null, 10);
    expect(r.map((x) => [x.address, x.packets, x.bytes, x.txPackets, x.rxPackets])).toEqual([
      [B, 7, 836, 2, 5],
      [A, 5, 728, 4, 1],
      [C, 3, 208, 2, 2],
      [V6, 1, 90, 1, 0],
      [W6, 1, 90, 0, 1],
    ]);
    expect(topTalkers(t, null, null, 1).map((x) => x.address)).toEqual([B]);
    expect(topTalkers(t, new Uint8Array(ALL), null, 5)).toEqual([]);
  });
});

describe('conversations', () => {
  it('pairs hosts regardless of direction, A being the first sender', () => {
    const r = conversations(t, null, null, 10);
    expect(
      r.map((x) => [x.a, x.b, x.packets, x.bytes, x.packetsAToB, x.packetsBToA, x.bytesAToB, x.bytesBToA]),
    ).toEqual([
      [A, B, 5, 728, 4, 1, 668, 60],
      [C, B, 2, 108, 1, 1, 54, 54],
      [C, C, 1, 100, 1, 0, 100, 0],
      [V6, W6, 1, 90, 1, 0, 90, 0],
    ]);
    expect([r[0].firstUs, r[0].lastUs, r[0].durationUs]).toEqual([T0 * 1e6 + 1, (T0 + 1) * 1e6, 1e6 - 1]);
  });

  it('keeps to the range and mask', () => {
    const r = conversations(t, Uint8Array.from([0, 1, 1, 1, 1, 1, 1, 1, 1, 1]), { fromUs: 0, toUs: (T0 + 1) * 1e6 }, 1);
    expect(r.map((x) => [x.a, x.b, x.packets, x.packetsAToB])).toEqual([[B, A, 3, 1]]);
  });
});

describe('tcp tables', () => {
  it.each([
    [0x002, 'SYN'],
    [0x012, 'SYN,ACK'],
    [0x014, 'RST,ACK'],
    [0x011, 'FIN,ACK'],
    [0x018, 'PSH,ACK'],
    [0x010, 'ACK'],
    [0x019, 'FIN,PSH,ACK'],
    [0, '<None>'],
    [0x1c2, 'SYN,ECE,CWR,AE'],
  ])('flags %i is %s', (v, name) => {
    expect(tcpFlagName(v)).toBe(name);
  });

  it('counts flag combinations, most first', () => {
    expect(tcpFlagMix(t, null, null).map((x) => [x.name, x.flags, x.packets, x.bytes])).toEqual([
      ['SYN', 2, 2, 114],
      ['PSH,ACK', 0x18, 1, 500],
      ['SYN,ACK', 0x12, 1, 60],
      ['ACK', 0x10, 1, 54],
      ['FIN,ACK', 0x11, 1, 54],
      ['RST,ACK', 0x14, 1, 54],
    ]);
  });

  it('rebuilds flags from the tcp.flags.* columns when tcp.flags is absent', () => {
    const u = table(
      [
        ['1', '1', '1', '0'],
        ['2', '1', '1', '1'],
        ['3', '', '', ''],
        ['4', '0', '0', '1'],
      ],
      ['frame.time_epoch', 'tcp.flags.syn', 'tcp.flags.ack', 'tcp.flags.reset'],
    );
    expect(tcpFlagMix(u, null, null).map((x) => [x.name, x.packets])).toEqual([
      ['RST', 1],
      ['SYN,ACK', 1],
      ['SYN,RST,ACK', 1],
    ]); // ties: lower value first
  });

  it('finds the most frequent tcp.seq values', () => {
    const r = tcpSeqFrequency(t, null, null, 2);
    expect(r.values).toEqual([
      { seq: 1, packets: 3 },
      { seq: 0, packets: 3 },
    ]); // a tie: more bytes first
    expect([r.distinct, r.packets]).toEqual([3, 7]);
  });

  it('gives (time, seq) per stream, biggest first, capped', () => {
    const r = tcpSeqPerStream(t, null, null, 1);
    expect(r.streamCount).toBe(2);
    expect(r.streams.map((s) => [s.stream, s.packets, s.label, Array.from(s.seq)])).toEqual([
      [0, 5, `${A}:40000 → ${B}:80`, [0, 0, 1, 1, 2]],
    ]);
    expect(Array.from(r.streams[0].timeUs)).toEqual([1, 2, 3, 4, 1e6].map((d) => T0 * 1e6 + d));
    expect(tcpSeqPerStream(t, null, { fromUs: 0, toUs: 1 }, 5)).toEqual({ streams: [], streamCount: 0 });
  });
});
