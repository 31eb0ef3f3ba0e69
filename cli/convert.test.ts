/**
 * `npm run convert` and the capture loader against tshark 4.0 itself:
 * (a) the committed slice of lab-a (fixtures/capture: the pcapng and tshark's CSV export of it) converted
 *     and compared cell by cell, agreement printed per field;
 * (b) small real captures made with dumpcap on loopback (fixtures/pcap, with their tshark CSVs), and small
 *     captures built in the test (each link type, IPv6, pcap and pcapng) exported by tshark in the same run
 *     (skipped where tshark is missing), compared the same way;
 * (c) the loader: a capture, plain or gzip, loads into the same table as tshark's CSV of it, so display
 *     filters count the same frames.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { describeWith, toolGate } from './test-support/needs-tools.ts';
import { countMatches, evaluateFilter } from '../src/core/query/filter-eval.ts';
import { filterSchema } from '../src/core/query/filter-fields.ts';
import { parseFilter } from '../src/core/query/filter-parser.ts';
import type { PacketTable } from '../src/core/table/packet-table.ts';
import { USERS_FIELDS } from '../src/core/ingest/pcap/users-layout.ts';
import {
  epb,
  ethernet,
  icmpEcho,
  idb,
  ipv4Packet,
  ipv6Header,
  IP6_A,
  IP6_B,
  MAC_A,
  MAC_B,
  nullLoopback,
  pcapFile,
  pcapngFile,
  shb,
  sll,
  sll2,
  tcp,
  udp,
} from '../src/core/ingest/pcap/synthetic-captures.ts';
import { compareCsvText, describeComparison, type CsvComparison } from './lib/convert-compare.ts';
import { runConvert } from './lib/convert-capture.ts';
import { loadCsvFile } from './lib/load-csv-file.ts';
import { tableCells } from '../src/core/test-support/table-cells.ts';

const ROOT = join(import.meta.dirname, '..');
const SLICE_CSV = join(ROOT, 'fixtures', 'capture', 'lab-a-slice.csv');
const SLICE_PCAP = join(ROOT, 'fixtures', 'capture', 'lab-a-slice.pcapng');
const TZ = 'America/New_York';
const TSHARK = toolGate(['tshark']);
const run = promisify(execFile);

const tmp = mkdtempSync(join(tmpdir(), 'convert-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function convertTo(data: string, out: string): Promise<Awaited<ReturnType<typeof runConvert>>> {
  return runConvert(['--data', data, '--out', out, '--tz', TZ]);
}

function expectAllAgree(c: CsvComparison, what: string): void {
  const text = describeComparison(c);
  console.log(`${what}\n  ${text.join('\n  ')}`);
  expect(c.missingFields).toEqual([]);
  expect(c.rowsActual).toBe(c.rowsExpected);
  expect(c.fields.filter((f) => f.differ > 0).map((f) => `${f.field}: ${f.differ}`)).toEqual([]);
  expect(c.cellsAgree).toBe(c.cells);
}

describe("convert: the lab-a slice against tshark's export of it", () => {
  it('writes every cell of every field as tshark did (frame.time as the same instant)', async () => {
    const out = join(tmp, 'slice.csv');
    const r = await convertTo(SLICE_PCAP, out);
    expect(r.exitCode).toBe(0);
    expect(r.errors[0]).toBe('pcapng: 3,570 frames');
    const expected = readFileSync(SLICE_CSV, 'utf8');
    const actual = readFileSync(out, 'utf8');
    const c = compareCsvText(expected, actual);
    expect(c.rowsExpected).toBe(3570);
    expect(c.fields).toHaveLength(57);
    expectAllAgree(c, 'lab-a slice, agreement per field (ours vs tshark 4.0.17):');
    // With the zone's abbreviation the same as strftime's, the text is byte for byte tshark's.
    expect(actual).toBe(expected);
  });

  it('reads a gzip capture by content, and writes to stdout with -', async () => {
    const gz = join(tmp, 'slice-capture.bin');
    writeFileSync(gz, gzipSync(readFileSync(SLICE_PCAP)));
    const out = join(tmp, 'slice-gz.csv');
    expect((await convertTo(gz, out)).exitCode).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(SLICE_CSV, 'utf8'));
  });

  it('writes what is complete of a cut capture, says where it was cut, and exits 1', async () => {
    const cut = join(tmp, 'cut.pcapng');
    const whole = readFileSync(SLICE_PCAP);
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length / 2)));
    const out = join(tmp, 'cut.csv');
    const r = await convertTo(cut, out);
    expect(r.exitCode).toBe(1);
    expect(r.errors.join('\n')).toMatch(
      /truncated at byte [\d,]+: the last block says it is \d+ bytes but the file ends after/,
    );
    const rows =
      readFileSync(out, 'utf8')
        .split('\n')
        .filter((l) => l !== '').length - 1;
    expect(rows).toBe(r.report?.frames);
    expect(rows).toBeGreaterThan(1000);
    expect(readFileSync(SLICE_CSV, 'utf8').startsWith(readFileSync(out, 'utf8'))).toBe(true);
  });

  it('refuses a CSV or an empty file with a message, and a wrong command line with usage (exit 2)', async () => {
    const csv = await convertTo(SLICE_CSV, join(tmp, 'x.csv'));
    expect(csv.exitCode).toBe(1);
    expect(csv.errors.join('\n')).toMatch(/lab-a-slice\.csv: Not a pcap or pcapng capture/);
    const empty = join(tmp, 'empty.pcap');
    writeFileSync(empty, '');
    expect((await convertTo(empty, join(tmp, 'y.csv'))).errors.join('\n')).toMatch(/empty/);
    expect((await runConvert(['--data', SLICE_PCAP])).exitCode).toBe(2);
    expect((await runConvert(['--data', SLICE_PCAP, '--out', 'x', '--tz', 'Mars/Olympus'])).errors[0]).toMatch(
      /unknown time zone/,
    );
    expect((await runConvert(['--help'])).exitCode).toBe(0);
  });
});

describe('convert: real captures made with dumpcap (fixtures/pcap/make-*.sh) against their tshark CSVs', () => {
  it.each([
    ['lo.pcapng', 30, 'dumpcap on loopback: HTTP by heuristic over IPv4 and IPv6, ICMP and ICMPv6 errors'],
    ['any.pcap', 30, 'dumpcap on loopback: the same, Linux cooked capture'],
    ['mcast.pcapng', 15, "between namespaces: mDNS, LLMNR, IGMPv3 and v2, nmap's ONC-RPC probe and its ICMP error"],
  ])('%s', async (name, rows, what) => {
    const out = join(tmp, `${name}.csv`);
    expect((await convertTo(join(ROOT, 'fixtures', 'pcap', name), out)).exitCode).toBe(0);
    const c = compareCsvText(
      readFileSync(join(ROOT, 'fixtures', 'pcap', `${name}.csv`), 'utf8'),
      readFileSync(out, 'utf8'),
    );
    expect(c.rowsExpected).toBeGreaterThan(rows);
    expectAllAgree(c, `${name} (${what})`);
  });

  it('mcast.pcapng holds what it is there for: mDNS with dns fields, LLMNR, IGMP, ONC-RPC', () => {
    const text = readFileSync(join(ROOT, 'fixtures', 'pcap', 'mcast.pcapng.csv'), 'utf8');
    for (const stack of ['ip:udp:mdns"', 'ip:udp:llmnr"', 'ip:igmp:igmp"', 'ip:udp:rpc"', 'ip:icmp:ip:udp:rpc"'])
      expect(text).toContain(stack);
    expect(text).toMatch(/"printer\.local","1","0x0001","0"/);
    expect(text).toMatch(/"scanner\.local","1","0x0001","0"/);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Small captures built here, exported by tshark in the same run.

const UDP4 = ipv4Packet(17, udp(40000, 9999, [1, 2, 3, 4]));
const V6_UDP = [...ipv6Header(IP6_A, IP6_B, 17, 12), ...udp(40000, 9999, [9, 9, 9, 9])];
const V6_TCP = [...ipv6Header(IP6_A, IP6_B, 6, 20), ...tcp(40002, 8080, 7, 0, 0x02)];
const HTTP_GET = [
  ...new TextEncoder().encode('GET /a?b=1 HTTP/1.1\r\nHost: example.test\r\nUser-Agent: t/1\r\nCookie: k=v\r\n\r\n'),
];
const DNS_Q = [
  0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 3, 0x77, 0x77, 0x77, 4, 0x74, 0x65, 0x73, 0x74, 0, 0, 1, 0, 1,
];

/** A little TCP conversation with an HTTP request, a DNS query, ICMP, all on Ethernet. */
function ethernetFrames(): number[][] {
  const e = (p: number[], type = 0x0800) => ethernet(MAC_B, MAC_A, type, p);
  const eBack = (p: number[]) => ethernet(MAC_A, MAC_B, 0x0800, p);
  const back = (proto: number, t: number[]) => {
    const p = ipv4Packet(proto, t);
    // swap addresses (bytes 12-15 and 16-19 of the IPv4 header); the checksum is unchanged by the swap
    return [...p.slice(0, 12), ...p.slice(16, 20), ...p.slice(12, 16), ...p.slice(20)];
  };
  return [
    e(ipv4Packet(6, tcp(40001, 80, 1000, 0, 0x02, [], { options: [2, 4, 5, 0xb4, 1, 3, 3, 7] }))),
    eBack(back(6, tcp(80, 40001, 5000, 1001, 0x12, [], { options: [2, 4, 5, 0xb4, 1, 3, 3, 2] }))),
    e(ipv4Packet(6, tcp(40001, 80, 1001, 5001, 0x10, [], { window: 502 }))),
    e(ipv4Packet(6, tcp(40001, 80, 1001, 5001, 0x18, HTTP_GET, { window: 502 }))),
    e(ipv4Packet(17, udp(53000, 53, DNS_Q))),
    e(ipv4Packet(1, icmpEcho(8, 7, 1, [1, 2, 3, 4, 5, 6, 7, 8]))),
    e(V6_UDP, 0x86dd),
    e(V6_TCP, 0x86dd),
  ];
}

/** A UDP datagram in two IPv4 fragments (reassembled on the second), and IPv6 with a hop-by-hop header. */
function fragmentsAndExtensions(): number[][] {
  const whole = udp(
    40000,
    9999,
    Array.from({ length: 40 }, (_, i) => i),
  );
  const e = (p: number[], type = 0x0800) => ethernet(MAC_B, MAC_A, type, p);
  const hop = [17, 0, 1, 4, 0, 0, 0, 0];
  const dgram = udp(40000, 9999, [7, 7, 7, 7]);
  return [
    e(ipv4Packet(17, whole.slice(0, 24), { id: 77, flags: 1, fragOffset: 0 })),
    e(ipv4Packet(17, whole.slice(24), { id: 77, flags: 0, fragOffset: 24 })),
    e([...ipv6Header(IP6_A, IP6_B, 0, hop.length + dgram.length), ...hop, ...dgram], 0x86dd),
  ];
}

/**
 * One TCP connection to port 80 with the given segments (0 = client to server, 1 = back), after a
 * handshake and before the closing FINs, with sequence and acknowledgement numbers kept right.
 */
function httpConnection(
  clientPort: number,
  segments: readonly (readonly [0 | 1, string])[],
  finFromServer = false,
): number[][] {
  const enc = new TextEncoder();
  const seq = [1000, 50000];
  const out: number[][] = [];
  const v4 = (dir: number, t: number[]) => {
    const p = ipv4Packet(6, t);
    return dir === 0 ? p : [...p.slice(0, 12), ...p.slice(16, 20), ...p.slice(12, 16), ...p.slice(20)];
  };
  const send = (dir: 0 | 1, flags: number, payload: number[] = []) => {
    const [sp, dp] = dir === 0 ? [clientPort, 80] : [80, clientPort];
    const t = tcp(sp, dp, seq[dir], flags & 0x10 ? seq[1 - dir] : 0, flags, payload, { window: 501 });
    out.push(ethernet(dir === 0 ? MAC_B : MAC_A, dir === 0 ? MAC_A : MAC_B, 0x0800, v4(dir, t)));
    seq[dir] = (seq[dir] + payload.length + (flags & 0x03 ? 1 : 0)) >>> 0;
  };
  send(0, 0x02);
  send(1, 0x12);
  send(0, 0x10);
  for (const [dir, text] of segments) send(dir, 0x18, [...enc.encode(text)]);
  if (finFromServer) send(1, 0x11);
  send(0, 0x11);
  return out;
}

const HTTP_CASES = (): number[][] => [
  // a GET and its response split over three segments (headers split too), Content-Length body
  ...httpConnection(41001, [
    [
      0,
      'GET /index.html?q=a%20b HTTP/1.1\r\nHost: www.example.test\r\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64)\r\nReferer: http://www.example.test/\r\nConnection: keep-alive\r\n\r\n',
    ],
    [1, 'HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=UTF-8\r\nCont'],
    [1, 'ent-Length: 23\r\nConnection: keep-alive\r\n\r\n<html>0123456'],
    [1, '789</html>'],
    // two pipelined requests in one segment; a HEAD and a conditional GET
    [
      0,
      'HEAD /a HTTP/1.1\r\nHost: www.example.test\r\n\r\nGET /b HTTP/1.1\r\nHost: www.example.test\r\nIf-None-Match: "x"\r\nCookie: s=1; t=2\r\n\r\n',
    ],
    [
      1,
      'HTTP/1.1 200 OK\r\nContent-Length: 1234\r\nContent-Type: image/png\r\n\r\nHTTP/1.1 304 Not Modified\r\nETag: "x"\r\n\r\n',
    ],
    // a POST with a form body, then a chunked JSON response
    [
      0,
      'POST /login HTTP/1.1\r\nHost: www.example.test\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 17\r\nAuthorization: Basic dXNlcjpwYXNz\r\n\r\nuser=a&pass=b%21x',
    ],
    [
      1,
      'HTTP/1.1 302 Found\r\nLocation: /home\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n7\r\n{"a":1}\r\n',
    ],
    [1, '0\r\n\r\n'],
  ]),
  // an HTTP/1.0 response without a length, ended by the server's FIN
  ...httpConnection(
    41002,
    [
      [0, 'GET / HTTP/1.0\r\n\r\n'],
      [1, 'HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nhello'],
      [1, ' world'],
    ],
    true,
  ),
];

/** DNS names, compression, CNAME before A, AAAA only, DNS over TCP; IPv4 options; 802.1Q; ICMP quoting TCP. */
function assorted(): number[][] {
  const e = (p: number[], type = 0x0800) => ethernet(MAC_B, MAC_A, type, p);
  const name = (n: string) => [...n.split('.').flatMap((l) => [l.length, ...new TextEncoder().encode(l)]), 0];
  const q = (id: number, n: string, type: number) => [
    id >> 8,
    id & 255,
    0x01,
    0x00,
    0,
    1,
    0,
    0,
    0,
    0,
    0,
    0,
    ...name(n),
    0,
    type,
    0,
    1,
  ];
  // a response: the question, a CNAME to another name, then its A record (compressed names)
  const resp = [
    0x12,
    0x34,
    0x81,
    0x80,
    0,
    1,
    0,
    2,
    0,
    0,
    0,
    0,
    ...name('www.example.test'),
    0,
    1,
    0,
    1,
    0xc0,
    12,
    0,
    5,
    0,
    1,
    0,
    0,
    0,
    60,
    0,
    6,
    3,
    0x77,
    0x65,
    0x62,
    0xc0,
    16,
    0xc0,
    46,
    0,
    1,
    0,
    1,
    0,
    0,
    0,
    60,
    0,
    4,
    192,
    0,
    2,
    7,
  ];
  const aaaa = [
    0x22,
    0x22,
    0x81,
    0x80,
    0,
    1,
    0,
    1,
    0,
    0,
    0,
    0,
    ...name('v6.example.test'),
    0,
    28,
    0,
    1,
    0xc0,
    12,
    0,
    28,
    0,
    1,
    0,
    0,
    0,
    60,
    0,
    16,
    ...IP6_B,
  ];
  const tcpDns = q(0x4444, 'tcp.example.test', 15);
  const withOptions = (() => {
    const t = udp(40000, 9999, [5, 5]);
    const h = [0x46, 0, 0, 24 + t.length, 0, 9, 0x40, 0, 64, 17, 0, 0, ...[10, 0, 0, 1], ...[10, 0, 0, 2], 1, 1, 1, 0];
    return [...h, ...t];
  })();
  const quotedTcp = ipv4Packet(6, tcp(40005, 443, 777, 0, 0x02)).slice(0, 28);
  return [
    e(ipv4Packet(17, udp(53001, 53, q(0x1234, 'www.example.test', 1)))),
    e(
      [...ipv4Packet(17, udp(53, 53001, resp))].map((x, i) =>
        i >= 12 && i < 16 ? [10, 0, 0, 2][i - 12] : i >= 16 && i < 20 ? [10, 0, 0, 1][i - 16] : x,
      ),
    ),
    e(ipv4Packet(17, udp(53002, 53, aaaa))),
    e(ipv4Packet(6, tcp(40006, 53, 1, 0, 0x18, [0, tcpDns.length, ...tcpDns]))),
    e(withOptions),
    ethernet(MAC_B, MAC_A, 0x8100, [0x20, 7, 0x08, 0x00, ...ipv4Packet(6, tcp(40007, 22, 5, 0, 0x02))]),
    e(ipv4Packet(1, [3, 3, 0, 0, 0, 0, 0, 0, ...quotedTcp])),
  ];
}

const SYNTHETIC: readonly (readonly [string, () => Uint8Array])[] = [
  [
    'pcap, Ethernet, little-endian, microseconds',
    () => pcapFile(ethernetFrames().map((data, i) => ({ sec: 1795378353 + i, frac: 952647 + i, data }))),
  ],
  [
    'pcap, Ethernet, big-endian, nanoseconds',
    () =>
      pcapFile(
        ethernetFrames().map((data, i) => ({ sec: 1795378353, frac: 952647464 + i, data })),
        { le: false, nanos: true },
      ),
  ],
  [
    'pcap, IPv4 fragments and an IPv6 extension header',
    () => pcapFile(fragmentsAndExtensions().map((data, i) => ({ sec: 1, frac: i, data }))),
  ],
  [
    'pcap, HTTP: split headers, pipelining, HEAD, 304, POST, chunked, body to FIN',
    () => pcapFile(HTTP_CASES().map((data, i) => ({ sec: 1795378353, frac: i, data }))),
  ],
  [
    'pcap, DNS (CNAME, AAAA, over TCP), IPv4 options, 802.1Q, ICMP quoting TCP',
    () => pcapFile(assorted().map((data, i) => ({ sec: 1795378353, frac: i, data }))),
  ],
  [
    'pcap, Linux cooked (SLL)',
    () =>
      pcapFile(
        [
          { sec: 1, frac: 2, data: sll(0x0800, UDP4) },
          { sec: 1, frac: 3, data: sll(0x86dd, V6_UDP) },
        ],
        { linkType: 113 },
      ),
  ],
  [
    'pcap, Linux cooked v2 (SLL2)',
    () =>
      pcapFile(
        [
          { sec: 1, frac: 2, data: sll2(0x0800, UDP4) },
          { sec: 1, frac: 3, data: sll2(0x86dd, V6_TCP) },
        ],
        { linkType: 276 },
      ),
  ],
  [
    'pcap, raw IP (101)',
    () =>
      pcapFile(
        [
          { sec: 1, frac: 2, data: UDP4 },
          { sec: 1, frac: 3, data: V6_UDP },
        ],
        { linkType: 101 },
      ),
  ],
  [
    'pcap, IPv6 (229)',
    () =>
      pcapFile(
        [
          { sec: 1, frac: 2, data: V6_UDP },
          { sec: 1, frac: 3, data: V6_TCP },
        ],
        { linkType: 229 },
      ),
  ],
  [
    'pcap, BSD loopback (0)',
    () =>
      pcapFile(
        [
          { sec: 1, frac: 2, data: nullLoopback(2, UDP4) },
          { sec: 1, frac: 3, data: nullLoopback(30, V6_UDP) },
        ],
        { linkType: 0 },
      ),
  ],
  [
    'pcapng, nanosecond and microsecond interfaces, Ethernet and raw IPv4 (228)',
    () =>
      pcapngFile([
        shb(),
        idb(1, { tsresol: 9 }),
        idb(228),
        ...ethernetFrames().map((data, i) => epb(0, 1795378353_952647464n + BigInt(i), data)),
        epb(1, 1795378354_000001n, UDP4),
      ]),
  ],
];

describeWith(TSHARK, 'convert: small captures against tshark in the same run', () => {
  it.each(SYNTHETIC)('%s', async (name, make) => {
    const file = join(process.env.KEEP_CAPTURES ?? tmp, `${name.replace(/\W+/g, '-')}.cap`);
    writeFileSync(file, make());
    const args = [
      '-r',
      file,
      '-T',
      'fields',
      '-E',
      'header=y',
      '-E',
      'separator=,',
      '-E',
      'quote=d',
      '-E',
      'occurrence=f',
      ...USERS_FIELDS.flatMap((f) => ['-e', f]),
    ];
    const { stdout } = await run('tshark', args, { env: { ...process.env, TZ }, maxBuffer: 1 << 26 });
    const out = `${file}.csv`;
    expect((await convertTo(file, out)).exitCode).toBe(0);
    expectAllAgree(compareCsvText(stdout, readFileSync(out, 'utf8')), name);
  });
});

// ---------------------------------------------------------------------------------------------------------
// The loader behind query, train and evaluate.

function count(table: PacketTable, filter: string): number {
  const parsed = parseFilter(filter, filterSchema(table));
  if (!parsed.ok) throw new Error(`${filter}: ${parsed.error.message}`);
  return countMatches(evaluateFilter(table, parsed.value));
}

describe("loadCsvFile reads captures (by content) into the CSV path's table", () => {
  it('the slice pcapng and its tshark CSV load into the same table, so filters count the same', async () => {
    const fromCsv = await loadCsvFile(SLICE_CSV);
    const fromPcap = await loadCsvFile(SLICE_PCAP, 1, { timeZone: TZ, threads: 1 });
    const gz = join(tmp, 'slice.data');
    writeFileSync(gz, gzipSync(readFileSync(SLICE_PCAP)));
    // On three threads (frames dealt out by conversation), as the workbench's workers dissect it.
    const fromGz = await loadCsvFile(gz, 3, { timeZone: TZ, threads: 3 });
    expect(fromPcap.table.columns).toEqual(fromCsv.table.columns);
    for (const loaded of [fromPcap, fromGz]) {
      expect(loaded.table.rowCount).toBe(3570);
      expect(loaded.table.timeUs).toEqual(fromCsv.table.timeUs);
      expect(loaded.table.timeNs).toEqual(fromCsv.table.timeNs);
      expect(tableCells(loaded.table)).toEqual(tableCells(fromCsv.table));
      expect(loaded.summary.protocols).toEqual(fromCsv.summary.protocols);
      expect(loaded.summary.rows).toBe(fromCsv.summary.rows);
    }
    // A gzip that breaks off half way keeps the frames before the damage, and says so.
    const broken = join(tmp, 'broken.pcapng.gz');
    const bytes = gzipSync(readFileSync(SLICE_PCAP));
    bytes.fill(0x55, bytes.length >> 1, (bytes.length >> 1) + 64);
    writeFileSync(broken, bytes);
    for (const threads of [1, 2]) {
      const kept = await loadCsvFile(broken, 1, { timeZone: TZ, threads });
      expect(kept.table.rowCount).toBeGreaterThan(500);
      expect(kept.table.rowCount).toBeLessThan(3570);
      expect(
        kept.capture?.notes.some(
          (n) =>
            n.kind === 'corrupt' && /gzip data is corrupt or cut: .*; the frames before it are loaded$/.test(n.detail),
        ),
      ).toBe(true);
    }
    // Told by content, never by name: a capture named .csv loads as a capture, a PNG named .pcap is refused.
    const named = join(tmp, 'looks-like.csv');
    writeFileSync(named, readFileSync(join(ROOT, 'fixtures', 'pcap', 'any.pcap')));
    expect((await loadCsvFile(named)).table.rowCount).toBe(42);
    const png = join(tmp, 'picture.pcap');
    writeFileSync(png, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]));
    await expect(loadCsvFile(png)).rejects.toThrow(/PNG image/);
    const cut = join(tmp, 'cut-in-header.pcapng');
    writeFileSync(cut, readFileSync(SLICE_PCAP).subarray(0, 20));
    await expect(loadCsvFile(cut)).rejects.toThrow(/pcapng/);
    for (const f of [
      'tcp',
      'http.request.method == "GET"',
      'ip.addr == 10.20.30.96/28',
      'dns.a',
      'tcp.flags.syn == 1 && tcp.flags.ack == 0',
      'tcp.stream == 3',
      'icmp.type == 3',
      'frame.protocols contains "ftp-data"',
      'tcp.seq == 1',
    ]) {
      expect(count(fromPcap.table, f), f).toBe(count(fromCsv.table, f));
    }
  });

  it('a classic pcap of one ARP request loads as one row (the fixture the CSV path once refused)', async () => {
    const { table } = await loadCsvFile(join(ROOT, 'fixtures', 'bad', 'capture.pcap'));
    expect(table.rowCount).toBe(1);
    expect(count(table, 'arp')).toBe(1);
    expect(count(table, 'eth.dst == ff:ff:ff:ff:ff:ff')).toBe(1);
    expect(count(table, 'ip')).toBe(0);
  });
});
