import { describe, expect, it } from 'vitest';
import { tableFromCsv } from '../labels/test-tables.ts';
import { packetColumns } from '../features/packet-columns.ts';
import { PairCounter } from './pair-counter.ts';

const A = '02:00:00:00:00:0a';
const B = '02:00:00:00:00:0b';
const ALL = 'ff:ff:ff:ff:ff:ff';

describe('PairCounter', () => {
  it('counts a unicast ARP between two hosts that talk IP with their conversation; a broadcast stays a pair of its own', () => {
    const rows = [
      ['10.0.0.1', '10.0.0.2', A, B, 'eth:ethertype:ip:icmp'],
      ['10.0.0.2', '10.0.0.1', B, A, 'eth:ethertype:ip:icmp'],
      ['', '', A, B, 'eth:ethertype:arp'], // A refreshes B's entry
      ['', '', B, A, 'eth:ethertype:arp'],
      ['', '', A, ALL, 'eth:ethertype:arp'], // A asks everyone (a sweep's question)
      ['', '', A, ALL, 'eth:ethertype:arp'],
      ['10.0.0.1', '10.0.0.2', A, B, 'eth:ethertype:ip:icmp'],
    ];
    const csv = `${[
      'frame.time_epoch,ip.src,ip.dst,eth.src,eth.dst,frame.protocols',
      ...rows.map((r, i) => `"${1000 + i}",${r.map((v) => (v ? `"${v}"` : '')).join(',')}`),
    ].join('\n')}\n`;
    const c = packetColumns(tableFromCsv(csv));
    expect([...new PairCounter(100).run(c).subarray(0, c.rows)]).toEqual([1, 2, 3, 4, 1, 2, 5]);
  });

  it('keys frames by MAC where no IP was ever seen with it, and forgets what is idle', () => {
    const csv = `frame.time_epoch,eth.src,eth.dst,frame.protocols\n"1000","${A}","${B}","eth:ethertype:arp"\n"1001","${B}","${A}","eth:ethertype:arp"\n`;
    const counter = new PairCounter(100);
    const c = packetColumns(tableFromCsv(csv));
    expect([...counter.run(c).subarray(0, 2)]).toEqual([1, 2]);
    counter.forgetBefore(2000e6);
    expect(counter.remembered).toBe(0);
  });
});
