/**
 * Dissecting a capture in shards (as the workers do) gives the very table one dissector gives: every cell
 * of every row, tcp.stream included, and the same capture report, on real captures and on traffic built to
 * cross shards (FTP and TFTP announcing connections on other ports, ICMP errors quoting other datagrams,
 * fragments).
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { PacketTable } from '../../table/packet-table.ts';
import { shardedLoad } from '../../test-support/sharded-load.ts';
import { tableCells } from '../../test-support/table-cells.ts';
import { CaptureLoad } from './capture-load.ts';
import { streamRenumbering } from './frame-shards.ts';
import { ethernet, ipv4Header, MAC_A, MAC_B, pcapFile, tcp, udp, type SynthFrame } from './synthetic-captures.ts';

const ZONE = 'America/New_York';

function single(bytes: Uint8Array): { table: PacketTable; issues: unknown } {
  const l = new CaptureLoad({ fileName: 'x', fileBytes: bytes.length, compressed: false, timeZone: ZONE });
  l.push(bytes);
  const r = l.finish();
  return { table: r.table, issues: r.capture.issues };
}

function sharded(bytes: Uint8Array, shards: number): { table: PacketTable; issues: unknown; perShard: number[] } {
  // Small segments, so that shards hand on several, as they do with a big capture.
  const r = shardedLoad(bytes, shards, ZONE, 512);
  return { table: r.table, issues: r.capture.issues, perShard: r.perShard };
}

function expectSame(bytes: Uint8Array, shards: number): number[] {
  const a = single(bytes);
  const b = sharded(bytes, shards);
  expect(b.table.rowCount).toBe(a.table.rowCount);
  const ca = tableCells(a.table);
  const cb = tableCells(b.table);
  for (let r = 0; r < ca.length; r++) if (ca[r].join('|') !== cb[r].join('|')) expect(cb[r], `row ${r}`).toEqual(ca[r]);
  expect(b.issues).toEqual(a.issues);
  return b.perShard;
}

const IP_C = [10, 0, 0, 3];
const IP_S = [10, 0, 0, 9];
const IP_R = [10, 0, 0, 254];

/** Frame i at its own instant, or with `sameInstant` every few at one (microsecond captures of a flood). */
function frame(i: number, l3: number[], sameInstant = false): SynthFrame {
  const t = sameInstant ? Math.floor(i / 7) : i;
  return { sec: 1795378353 + Math.floor(t / 1000), frac: (t % 1000) * 1000, data: ethernet(MAC_B, MAC_A, 0x0800, l3) };
}

function ip(
  src: number[],
  dst: number[],
  proto: number,
  l4: number[],
  opts: Parameters<typeof ipv4Header>[4] = {},
): number[] {
  return [...ipv4Header(src, dst, proto, l4.length, opts), ...l4];
}

const text = (s: string): number[] => [...new TextEncoder().encode(s)];

/** Traffic whose conversations reach across shards: FTP passive data, TFTP, ICMP errors, fragments, a flood. */
function crossingCapture(sameInstant = false): Uint8Array {
  const f: number[][] = [];
  for (let k = 0; k < 40; k++) f.push(ip(IP_C, IP_S, 6, tcp(40000 + k, 80, 1000 * k, 0, 0x02)));
  f.push(ip(IP_C, IP_S, 6, tcp(50000, 21, 1, 0, 0x02)));
  f.push(ip(IP_S, IP_C, 6, tcp(21, 50000, 7, 2, 0x12)));
  f.push(ip(IP_S, IP_C, 6, tcp(21, 50000, 8, 2, 0x18, text('227 Entering Passive Mode (10,0,0,9,117,48).\r\n'))));
  f.push(ip(IP_C, IP_S, 6, tcp(50001, 30000, 100, 0, 0x02)));
  f.push(ip(IP_S, IP_C, 6, tcp(30000, 50001, 500, 101, 0x12)));
  f.push(ip(IP_S, IP_C, 6, tcp(30000, 50001, 501, 101, 0x18, text('hello over ftp-data\r\n'))));
  f.push(ip(IP_C, IP_S, 6, tcp(50000, 21, 2, 50, 0x18, text('EPSV\r\n'))));
  f.push(ip(IP_S, IP_C, 6, tcp(21, 50000, 50, 8, 0x18, text('229 Entering Extended Passive Mode (|||30001|)\r\n'))));
  f.push(ip(IP_C, IP_S, 6, tcp(50002, 30001, 100, 0, 0x02)));
  f.push(ip(IP_S, IP_C, 6, tcp(30001, 50002, 900, 101, 0x18, [0, 1, 2, 3, 250, 251])));
  f.push(ip(IP_C, IP_S, 17, udp(41000, 69, [0, 1, ...text('file.bin'), 0, ...text('octet'), 0])));
  for (let k = 0; k < 6; k++) f.push(ip(IP_S, IP_C, 17, udp(33000, 41000, [0, 3, 0, k + 1, 9, 9, 9])));
  // A router's ICMP error quoting a TCP segment (its whole header): the quoted connection's shard.
  const quoted = ip(IP_C, IP_S, 6, tcp(40003, 80, 3000, 0, 0x02));
  f.push(ip(IP_R, IP_C, 1, [11, 0, 0, 0, 0, 0, 0, 0, ...quoted]));
  // Errors quoting the transfers an announcement pinned: an FTP data segment, a TFTP datagram.
  f.push(
    ip(IP_R, IP_S, 1, [
      3,
      4,
      0,
      0,
      0,
      0,
      5,
      0x78,
      ...ip(IP_S, IP_C, 6, tcp(30000, 50001, 502, 101, 0x18, text('more'))),
    ]),
  );
  f.push(ip(IP_C, IP_S, 1, [3, 3, 0, 0, 0, 0, 0, 0, ...ip(IP_S, IP_C, 17, udp(33000, 41000, [0, 3, 0, 9, 1]))]));
  // A datagram in two fragments (the second has no ports).
  const payload = udp(5353, 5000, new Array(24).fill(7));
  f.push(ip(IP_C, IP_S, 17, payload.slice(0, 16), { id: 77, flags: 1, fragOffset: 0 }));
  f.push(ip(IP_C, IP_S, 17, payload.slice(16), { id: 77, flags: 0, fragOffset: 16 }));
  for (let k = 0; k < 40; k++) f.push(ip(IP_S, IP_C, 6, tcp(80, 40000 + k, 77, 1000 * k + 1, 0x12)));
  return pcapFile(f.map((l3, i) => frame(i, l3, sameInstant)));
}

describe('dissecting in shards', () => {
  it("gives one dissector's table, tcp.stream and all, on traffic that reaches across shards", () => {
    const bytes = crossingCapture();
    for (const shards of [2, 3, 5]) {
      const per = expectSame(bytes, shards);
      expect(per.filter((n) => n > 0).length).toBe(shards);
    }
    // Rows of one instant from different shards keep their frame order.
    expectSame(crossingCapture(true), 3);
    const t = single(bytes).table;
    const protocols = t.columns[4];
    if (protocols.kind !== 'string') throw new Error('frame.protocols is not text');
    const stacks = Array.from({ length: t.rowCount }, (_, r) => protocols.dict[protocols.codes[r]]);
    expect(stacks.filter((s) => s.endsWith('ftp-data:data-text-lines'))).toHaveLength(1);
    expect(stacks.filter((s) => s.endsWith(':ftp-data'))).toHaveLength(1);
    expect(stacks.filter((s) => s.endsWith(':tftp'))).toHaveLength(8);
  });

  it("gives one dissector's table on the lab-a slice, real loopback captures and a random-source flood", () => {
    const files = [
      'fixtures/capture/lab-a-slice.pcapng',
      'fixtures/pcap/any.pcap',
      'fixtures/pcap/lo.pcapng',
      'fixtures/pcap/lo-snaplen60.pcap',
    ];
    for (const file of files) expectSame(new Uint8Array(readFileSync(file)), 2);
    const flood = new Uint8Array(gunzipSync(readFileSync('fixtures/rand-source/lab-a-syn-rand-source.pcapng.gz')));
    const per = expectSame(flood, 3);
    // A flood from random ports spreads over every shard.
    expect(Math.min(...per)).toBeGreaterThan(Math.max(...per) / 2);
  });

  it('numbers each stream by how many streams, in every shard, began before it', () => {
    const a = Uint32Array.of(1, 5, 9);
    const b = Uint32Array.of(2, 3, 10);
    const c = Uint32Array.of(4);
    expect([...streamRenumbering(a, [b, c])]).toEqual([0, 4, 5]);
    expect([...streamRenumbering(b, [a, c])]).toEqual([1, 2, 6]);
    expect([...streamRenumbering(c, [a, b])]).toEqual([3]);
  });
});
