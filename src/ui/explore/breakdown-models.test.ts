import { describe, expect, it } from 'vitest';
import type { ProtocolNode, TopValues } from '../../core/query/breakdown-tables.ts';
import {
  conversationsModel,
  flagsModel,
  protocolModel,
  seqFrequencyModel,
  talkersModel,
  tcpPortsSpec,
  sourcesSpec,
  topValuesModel,
} from './breakdown-models.ts';
import { cellCsv, cellText, modelCsv, type TableModel } from './breakdown-table-model.ts';

const shown = (m: TableModel): string[][] => m.rows.map((r) => r.cells.map((c, i) => cellText(m.columns[i].kind, c)));

function pnode(
  name: string,
  path: string,
  frames: number,
  endFrames: number,
  children: ProtocolNode[] = [],
): ProtocolNode {
  return { name, path, frames, bytes: frames * 100, endFrames, endBytes: endFrames * 100, children };
}

describe('protocolModel', () => {
  const root = pnode('frame', '', 2000, 0, [
    pnode('eth', 'eth', 2000, 0, [
      pnode('ethertype', 'eth:ethertype', 2000, 0, [
        pnode('ip', 'eth:ethertype:ip', 1500, 0, [pnode('tcp', 'eth:ethertype:ip:tcp', 1500, 1500)]),
        pnode('arp', 'eth:ethertype:arp', 500, 500),
      ]),
    ]),
  ]);
  const m = protocolModel(root);

  it('lists the tree depth-first with each node depth, share of frames and counts', () => {
    expect(m.rows.map((r) => [r.cells[0], r.depth])).toEqual([
      [{ text: 'frame', csv: 'frame' }, 0],
      [{ text: 'eth', csv: 'eth' }, 1],
      [{ text: 'ethertype', csv: 'eth:ethertype' }, 2],
      [{ text: 'ip', csv: 'eth:ethertype:ip' }, 3],
      [{ text: 'tcp', csv: 'eth:ethertype:ip:tcp' }, 4],
      [{ text: 'arp', csv: 'eth:ethertype:arp' }, 3],
    ]);
    expect(shown(m)[3]).toEqual(['ip', '75.0%', '1,500', '150,000', '0']);
    expect(shown(m)[5]).toEqual(['arp', '25.0%', '500', '50,000', '500']);
  });

  it('adds the layer name, nothing for the root, and matches layers that are no filter names', () => {
    expect(m.rows.map((r) => r.clause)).toEqual([
      null,
      'eth',
      'frame.protocols matches "(^|:)ethertype(:|$)"',
      'ip',
      'tcp',
      'arp',
    ]);
  });

  it('writes each node whole path to the CSV', () => {
    expect(modelCsv(m).split('\r\n').slice(0, 3)).toEqual([
      'Protocol path,% frames,Frames,Bytes,End frames',
      'frame,100,2000,200000,0',
      'eth,100,2000,200000,0',
    ]);
  });
});

const ports: TopValues = {
  field: 'tcp.dstport',
  rows: [
    { label: '80', value: 80, packets: 7000, bytes: 700_000 },
    { label: '22', value: 22, packets: 1000, bytes: 90_000 },
  ],
  total: { packets: 10_000, bytes: 1_000_000 },
  other: { packets: 500, bytes: 40_000, values: 12 },
  missing: { packets: 1500, bytes: 170_000 },
  distinct: 14,
};

describe('topValuesModel', () => {
  it('lists values with their share of the selected packets, then "other" and "(missing)" that add nothing', () => {
    const m = topValuesModel(ports, tcpPortsSpec);
    expect(m.label).toBe('TCP destination ports');
    expect(shown(m)).toEqual([
      ['80', '7,000', '70.0%', '700,000'],
      ['22', '1,000', '10.0%', '90,000'],
      ['other (12 values)', '500', '5.0%', '40,000'],
      ['(missing)', '1,500', '15.0%', '170,000'],
    ]);
    expect(m.rows.map((r) => [r.clause, r.summary ?? false])).toEqual([
      ['tcp.dstport == 80', false],
      ['tcp.dstport == 22', false],
      [null, true],
      [null, true],
    ]);
    expect(m.note).toBe('2 of 14 values of tcp.dstport');
  });

  it('leaves out empty "other" and "(missing)" rows', () => {
    const m = topValuesModel(
      {
        ...ports,
        rows: [{ label: '10.0.0.1', value: 167772161, packets: 3, bytes: 180 }],
        total: { packets: 3, bytes: 180 },
        other: { packets: 0, bytes: 0, values: 0 },
        missing: { packets: 0, bytes: 0 },
        distinct: 1,
        field: 'ip.src',
      },
      sourcesSpec,
    );
    expect(m.rows.map((r) => r.clause)).toEqual(['ip.src == 10.0.0.1']);
  });
});

describe('talkersModel', () => {
  it('shares are of the selected packets; a click adds either end', () => {
    const m = talkersModel(
      [{ address: 'fe80::1', packets: 30, bytes: 3000, txPackets: 10, txBytes: 1000, rxPackets: 20, rxBytes: 2000 }],
      60,
    );
    expect(shown(m)).toEqual([['fe80::1', '30', '50.0%', '3,000', '10', '20']]);
    expect(m.rows[0].clause).toBe('ipv6.addr == fe80::1');
  });
});

describe('conversationsModel', () => {
  it('shows times in UTC and the duration, and writes seconds to the CSV', () => {
    const first = Date.UTC(2026, 10, 22, 20, 12, 33) * 1000 + 952_647;
    const m = conversationsModel([
      {
        a: '10.0.0.1',
        b: '10.0.0.2',
        packets: 1234,
        bytes: 99_000,
        packetsAToB: 1000,
        bytesAToB: 80_000,
        packetsBToA: 234,
        bytesBToA: 19_000,
        firstUs: first,
        lastUs: first + 90_500_000,
        durationUs: 90_500_000,
      },
    ]);
    expect(shown(m)[0]).toEqual([
      '10.0.0.1',
      '10.0.0.2',
      '1,234',
      '99,000',
      '1,000',
      '234',
      '2026-11-22T20:12:33.952647Z',
      '2026-11-22T20:14:04.452647Z',
      '90.5 s (1.5 min)',
    ]);
    expect(m.rows[0].clause).toBe('ip.addr == 10.0.0.1 && ip.addr == 10.0.0.2');
    expect(modelCsv(m).split('\r\n')[1]).toBe(
      '10.0.0.1,10.0.0.2,1234,99000,1000,234,2026-11-22T20:12:33.952647Z,2026-11-22T20:14:04.452647Z,90.5',
    );
  });
});

describe('flagsModel', () => {
  it('names each combination, its hex value and its share of the TCP packets', () => {
    const m = flagsModel([
      { flags: 0x002, name: 'SYN', packets: 300, bytes: 18_000 },
      { flags: 0x012, name: 'SYN,ACK', packets: 100, bytes: 6000 },
    ]);
    expect(shown(m)).toEqual([
      ['0x002', 'SYN', '300', '75.0%', '18,000'],
      ['0x012', 'SYN,ACK', '100', '25.0%', '6,000'],
    ]);
    expect(m.rows.map((r) => r.clause)).toEqual(['tcp.flags == 0x002', 'tcp.flags == 0x012']);
    expect(modelCsv(m)).toBe(
      'tcp.flags,Flags,Packets,% of TCP,Bytes\r\n0x002,SYN,300,75,18000\r\n0x012,"SYN,ACK",100,25,6000\r\n',
    );
  });
});

describe('seqFrequencyModel', () => {
  it('lists values, then the other values of packets with a tcp.seq', () => {
    const m = seqFrequencyModel({
      values: [
        { seq: 0, packets: 600 },
        { seq: 3_000_000_000, packets: 300 },
      ],
      distinct: 50,
      packets: 1000,
    });
    expect(shown(m)).toEqual([
      ['0', '600', '60.0%'],
      ['3000000000', '300', '30.0%'],
      ['other (48 values)', '100', '10.0%'],
    ]);
    expect(m.rows.map((r) => r.clause)).toEqual(['tcp.seq == 0', 'tcp.seq == 3000000000', null]);
  });
});

describe('cells', () => {
  it('formats numbers for the screen and leaves them plain in the CSV', () => {
    expect(cellText('count', 1234567)).toBe('1,234,567');
    expect(cellCsv('count', 1234567)).toBe(1234567);
    expect(cellText('percent', 12.345)).toBe('12.3%');
    expect(cellCsv('percent', 12.345)).toBe(12.3);
    expect(cellText('percent', NaN)).toBe('');
    expect(cellText('duration', 35_200)).toBe('35.2 ms');
    expect(cellCsv('duration', 35_200)).toBe(0.0352);
    expect(cellText('value', 80)).toBe('80');
  });
});
