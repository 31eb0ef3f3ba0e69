/**
 * The capture readers and the dissector on small captures built byte by byte (synthetic-captures.ts):
 * both pcap byte orders and resolutions, pcapng resolutions and interfaces, each link type, and what a
 * damaged file gives (what is complete loads; where it was cut, what was skipped, is said with offsets).
 * cli/convert.test.ts checks the same captures cell by cell against tshark itself.
 */
import { describe, expect, it } from 'vitest';
import { splitTsharkLine } from '../../../../cli/lib/convert-compare.ts';
import { CaptureToCsv } from './capture-to-csv.ts';
import type { CaptureReport } from './capture-columns.ts';
import { CaptureFormatError } from './captured-frame.ts';
import { CaptureLoad } from './capture-load.ts';
import { LoadError } from '../csv-load.ts';
import { splitTimestamp, resolutionFromOption } from './pcapng-time.ts';
import { formatFrameTime, zoneFormatter } from './frame-time.ts';
import { COL } from './users-layout.ts';
import {
  customBlock,
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
  spb,
  tcp,
  udp,
  type SynthFrame,
} from './synthetic-captures.ts';

type Row = Record<string, string>;

/** Converts a capture fed in pieces of `piece` bytes; returns the rows and the report. */
function convert(bytes: Uint8Array, piece = bytes.length): { rows: Row[]; report: CaptureReport } {
  let text = '';
  const dec = new TextDecoder();
  const c = new CaptureToCsv({ timeZone: 'UTC', pieceRows: 3 }, (t) => {
    text += dec.decode(t);
  });
  for (let i = 0; i < bytes.length; i += piece) c.push(bytes.subarray(i, i + piece));
  const report = c.end();
  const [head, ...lines] = text.split('\n').filter((l) => l !== '');
  const names = splitTsharkLine(head);
  const rows = lines.map((l) => {
    const cells = splitTsharkLine(l);
    return Object.fromEntries(names.map((n, i) => [n, cells[i] ?? '']));
  });
  return { rows, report };
}

const UDP_DNSLESS = ipv4Packet(17, udp(40000, 9999, [1, 2, 3, 4]));
const SYN = ipv4Packet(6, tcp(40001, 80, 1000, 0, 0x02, [], { options: [2, 4, 5, 0xb4, 1, 3, 3, 7] }));
const ETH_UDP = ethernet(MAC_B, MAC_A, 0x0800, UDP_DNSLESS);
const ETH_SYN = ethernet(MAC_B, MAC_A, 0x0800, SYN);

describe('pcap', () => {
  const frames: SynthFrame[] = [
    { sec: 1795378353, frac: 952647, data: ETH_UDP },
    { sec: 1795378354, frac: 5, data: ETH_SYN },
  ];

  it.each([[true], [false]])('reads either byte order (little-endian %s) in any pieces', (le) => {
    for (const piece of [1, 3, 17, 1 << 20]) {
      const { rows, report } = convert(pcapFile(frames, { le }), piece);
      expect(report.format).toBe('pcap');
      expect(report.frames).toBe(2);
      expect(rows.map((r) => r['frame.time_epoch'])).toEqual(['1795378353.952647000', '1795378354.000005000']);
      expect(rows[0]['frame.protocols']).toBe('eth:ethertype:ip:udp:data');
      expect(rows[0]['frame.len']).toBe('60');
      expect(rows[0]['ip.src']).toBe('10.0.0.1');
      expect(rows[0]['udp.dstport']).toBe('9999');
      expect(rows[1]['frame.protocols']).toBe('eth:ethertype:ip:tcp');
      expect(rows[1]['tcp.flags']).toBe('0x0002');
      expect(rows[1]['tcp.stream']).toBe('0');
      expect(rows[1]['frame.time']).toBe('Nov 22, 2026 20:12:34.000005000 UTC');
    }
  });

  it('reads nanosecond pcap exactly', () => {
    const { rows } = convert(
      pcapFile([{ sec: 1795378353, frac: 952647464, data: ETH_UDP }], { nanos: true, le: false }),
    );
    expect(rows[0]['frame.time_epoch']).toBe('1795378353.952647464');
  });

  it('loads what is complete from a file cut inside a record, and says where', () => {
    const whole = pcapFile(frames);
    const cut = whole.subarray(0, whole.length - 10);
    const { rows, report } = convert(cut, 7);
    expect(rows).toHaveLength(1);
    expect(report.noteCounts.truncated).toBe(1);
    expect(report.notes[0]).toMatchObject({ kind: 'truncated', offset: 24 + 16 + ETH_UDP.length });
  });

  it('stops at a record with an impossible length (pcap cannot resynchronise), keeping the frames before it', () => {
    const bytes = pcapFile(frames);
    const at = 24 + 16 + ETH_UDP.length;
    new DataView(bytes.buffer).setUint32(at + 8, 0x7fffffff, true);
    const { rows, report } = convert(bytes);
    expect(rows).toHaveLength(1);
    expect(report.notes[0]).toMatchObject({ kind: 'corrupt', offset: at });
  });

  it('dissects a snaplen-cut frame as far as it goes and counts it', () => {
    const cut = ETH_SYN.slice(0, 14 + 20 + 10); // Ethernet, IPv4, 10 of TCP's 28 header bytes
    const { rows, report } = convert(
      pcapFile([{ sec: 1, frac: 0, data: cut, origLen: ETH_SYN.length }], { snaplen: cut.length }),
    );
    expect(rows[0]['frame.len']).toBe(String(ETH_SYN.length));
    expect(rows[0]['ip.dst']).toBe('10.0.0.2');
    expect(rows[0]['tcp.srcport']).toBe('40001');
    expect(rows[0]['tcp.seq']).toBe('');
    expect(report.issueCounts['snaplen-cut']).toBe(1);
    expect(report.issues[0]).toMatchObject({ frame: 1, kind: 'snaplen-cut' });
  });
});

describe('pcapng', () => {
  it('reads if_tsresol (decimal and binary) and several interfaces with their own link types', () => {
    const bytes = pcapngFile([
      shb(),
      idb(1), // microseconds
      idb(101, { tsresol: 9 }), // raw IP, nanoseconds
      idb(1, { tsresol: 0x80 | 20 }), // 2^-20 s
      epb(0, 1795378353_952647n, ETH_UDP),
      epb(1, 1795378353_952647464n, UDP_DNSLESS),
      epb(2, (1795378353n << 20n) | (1n << 19n), ETH_SYN),
    ]);
    const { rows, report } = convert(bytes, 5);
    expect(report.format).toBe('pcapng');
    expect(rows.map((r) => r['frame.time_epoch'])).toEqual([
      '1795378353.952647000',
      '1795378353.952647464',
      '1795378353.500000000',
    ]);
    expect(rows[1]['frame.protocols']).toBe('raw:ip:udp:data');
    expect(rows[1]['eth.src']).toBe('');
    expect(rows[1]['frame.len']).toBe(String(UDP_DNSLESS.length));
  });

  it('splits 64-bit timestamps exactly', () => {
    const cases: [bigint, number, number, number][] = [
      [1795378353_952647464n, 9, 1795378353, 952647464],
      [9007199254740993_000n, 9, 9007199254, 740993000], // above 2^53 units
      [1795378353_952647n, 6, 1795378353, 952647000],
      [1795378353_9526n, 4, 1795378353, 952600000],
      [12345_952647464123n, 12, 12345, 952647464], // picoseconds (2^64 of them is 213 days)
    ];
    for (const [units, res, sec, nsec] of cases) {
      const t = splitTimestamp(Number(units >> 32n), Number(units & 0xffffffffn), resolutionFromOption(res));
      expect([t[0], t[1]]).toEqual([sec, nsec]);
    }
  });

  it('reads big-endian sections and simple packet blocks', () => {
    const bytes = pcapngFile([
      shb(false),
      idb(1, { le: false }),
      epb(0, 5_000_001n, ETH_UDP, { le: false }),
      spb(ETH_SYN, ETH_SYN.length, false),
    ]);
    const { rows, report } = convert(bytes);
    expect(rows.map((r) => r['frame.time_epoch'])).toEqual(['5.000001000', '0.000000000']);
    expect(rows[1]['tcp.srcport']).toBe('40001');
    expect(report.noteCounts['no-timestamp']).toBe(1);
  });

  it('skips and counts a block of unknown type, and skips known non-packet blocks silently', () => {
    const bytes = pcapngFile([
      shb(),
      idb(1),
      customBlock(0x7777, [1, 2, 3, 4]),
      customBlock(5, [0, 0, 0, 0]),
      epb(0, 1n, ETH_UDP),
    ]);
    const { rows, report } = convert(bytes, 3);
    expect(rows).toHaveLength(1);
    expect(report.noteCounts['unknown-block']).toBe(1);
    expect(report.notes[0]).toMatchObject({ kind: 'unknown-block', offset: 28 + 20 });
  });

  it('reports a block whose length runs past the end as where the file was cut, after loading the rest', () => {
    const whole = pcapngFile([shb(), idb(1), epb(0, 1n, ETH_UDP), epb(0, 2n, ETH_SYN)]);
    const cut = whole.subarray(0, whole.length - 8);
    const { rows, report } = convert(cut, 11);
    expect(rows).toHaveLength(1);
    expect(report.noteCounts.truncated).toBe(1);
    expect(report.notes[0].offset).toBe(28 + 20 + 32 + ETH_UDP.length);
    expect(report.notes[0].detail).toMatch(/says it is \d+ bytes but the file ends after/);
  });

  it('stops at a block with an impossible length, keeping the frames before it', () => {
    const bytes = pcapngFile([shb(), idb(1), epb(0, 1n, ETH_UDP), [6, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]]);
    const { rows, report } = convert(bytes);
    expect(rows).toHaveLength(1);
    expect(report.noteCounts.corrupt).toBe(1);
  });

  it('skips a block whose trailing length disagrees, says where, and reads on', () => {
    const bad = epb(0, 2n, ETH_SYN);
    bad[bad.length - 4] ^= 0x40; // the trailing copy of the length
    const bytes = pcapngFile([shb(), idb(1), epb(0, 1n, ETH_UDP), bad, epb(0, 3n, ETH_UDP)]);
    const { rows, report } = convert(bytes, 9);
    expect(rows.map((r) => r['frame.time_epoch'])).toEqual(['0.000001000', '0.000003000']);
    expect(report.noteCounts.corrupt).toBe(1);
    expect(report.notes[0]).toMatchObject({ kind: 'corrupt', offset: 28 + 20 + 32 + ETH_UDP.length });
  });

  it('refuses what is not a capture', () => {
    expect(() => convert(new TextEncoder().encode('frame.number,frame.len\n1,2\n'))).toThrow(/unknown magic/);
    expect(() => convert(new Uint8Array(0))).toThrow(/empty/);
  });
});

describe('link types', () => {
  const v6udp = [...ipv6Header(IP6_A, IP6_B, 17, 12), ...udp(5000, 6000, [9, 9, 9, 9])];
  const cases: [string, number, number[], string][] = [
    ['Linux cooked (SLL)', 113, sll(0x0800, UDP_DNSLESS), 'sll:ethertype:ip:udp:data'],
    ['Linux cooked v2 (SLL2)', 276, sll2(0x0800, UDP_DNSLESS), 'sll:ethertype:ip:udp:data'],
    ['raw IPv4', 101, UDP_DNSLESS, 'raw:ip:udp:data'],
    ['IPv6 (229, no raw layer)', 229, v6udp, 'ipv6:udp:data'],
    ['BSD loopback', 0, nullLoopback(2, UDP_DNSLESS), 'null:ip:udp:data'],
    ['Ethernet IPv6', 1, ethernet(MAC_B, MAC_A, 0x86dd, v6udp), 'eth:ethertype:ipv6:udp:data'],
    [
      'Ethernet 802.1Q',
      1,
      ethernet(MAC_B, MAC_A, 0x8100, [0, 5, 0x08, 0x00, ...UDP_DNSLESS]),
      'eth:ethertype:vlan:ethertype:ip:udp:data',
    ],
  ];
  it.each(cases)('%s', (_name, linkType, data, protocols) => {
    const { rows } = convert(pcapFile([{ sec: 1, frac: 0, data }], { linkType }));
    expect(rows[0]['frame.protocols']).toBe(protocols);
    expect(rows[0]['udp.length']).toBe('12');
    expect(rows[0]['ip.src'] || '2001:db8::1').toMatch(/^(10\.0\.0\.1|2001:db8::1)$/);
  });

  it('ICMP echo', () => {
    const { rows } = convert(
      pcapFile([
        { sec: 1, frac: 0, data: ethernet(MAC_B, MAC_A, 0x0800, ipv4Packet(1, icmpEcho(8, 1, 1, [1, 2, 3, 4]))) },
      ]),
    );
    expect(rows[0]['frame.protocols']).toBe('eth:ethertype:ip:icmp:data');
    expect(rows[0]['icmp.type']).toBe('8');
  });
});

describe('CaptureLoad', () => {
  it("loads a capture into the CSV path's table, with the capture report beside the summary", () => {
    const load = new CaptureLoad({ fileName: 'x.pcap', fileBytes: 100, compressed: false, timeZone: 'UTC' });
    load.push(
      pcapFile([
        { sec: 1, frac: 0, data: ETH_UDP },
        { sec: 2, frac: 0, data: ETH_SYN },
      ]),
    );
    const r = load.finish();
    expect(r.table.rowCount).toBe(2);
    expect(r.capture.frames).toBe(2);
  });

  it('says a capture without one complete frame is empty, where it was cut', () => {
    const load = new CaptureLoad({ fileName: 'x.pcap', fileBytes: 100, compressed: false, timeZone: 'UTC' });
    load.push(pcapFile([{ sec: 1, frac: 0, data: ETH_UDP }]).subarray(0, 40));
    expect(() => load.finish()).toThrow(LoadError);
  });
});

describe('frame.time', () => {
  // What glibc's strftime %Z (tshark's) prints for these zones, from tzdata.
  const cases: [string, number, string][] = [
    ['America/New_York', 1795378353, 'Nov 22, 2026 15:12:33.000000007 EST'],
    ['America/Los_Angeles', 1784000000, 'Jul 13, 2026 20:33:20.000000007 PDT'],
    ['Europe/Berlin', 1768435200, 'Jan 15, 2026 01:00:00.000000007 CET'],
    ['Europe/Berlin', 1784000000, 'Jul 14, 2026 05:33:20.000000007 CEST'],
    ['Europe/London', 1768435200, 'Jan 15, 2026 00:00:00.000000007 GMT'],
    ['Asia/Tokyo', 1768435200, 'Jan 15, 2026 09:00:00.000000007 JST'],
    ['Asia/Kolkata', 1768435200, 'Jan 15, 2026 05:30:00.000000007 IST'],
    ['Australia/Sydney', 1768435200, 'Jan 15, 2026 11:00:00.000000007 AEDT'],
    ['America/Sao_Paulo', 1768435200, 'Jan 14, 2026 21:00:00.000000007 -03'],
    ['UTC', 1768435200, 'Jan 15, 2026 00:00:00.000000007 UTC'],
  ];
  it.each(cases)('%s at %i', (zone, sec, text) => {
    expect(formatFrameTime(zoneFormatter(zone), sec, 7)).toBe(text);
  });
});

describe('damaged input', () => {
  it('never fails other than with a CaptureFormatError, whatever bytes are changed or cut', () => {
    let seed = 12345;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const frames = [
      ETH_UDP,
      ETH_SYN,
      ethernet(MAC_B, MAC_A, 0x0800, ipv4Packet(1, icmpEcho(3, 0, 0, [...UDP_DNSLESS]))),
    ];
    const bases = [
      pcapFile(frames.map((data, i) => ({ sec: 1795378353, frac: i, data }))),
      pcapngFile([
        shb(),
        idb(1, { tsresol: 9 }),
        idb(113),
        ...frames.map((data, i) => epb(0, BigInt(i), data)),
        epb(1, 9n, sll(0x0800, UDP_DNSLESS)),
      ]),
    ];
    for (let it = 0; it < 400; it++) {
      const b = bases[it % 2].slice(0, bases[it % 2].length - (rnd() < 0.3 ? Math.floor(rnd() * 40) : 0));
      for (let k = 1 + Math.floor(rnd() * 8); k > 0; k--) b[Math.floor(rnd() * b.length)] = Math.floor(rnd() * 256);
      try {
        convert(b, 1 + Math.floor(rnd() * 64));
      } catch (e) {
        expect(e).toBeInstanceOf(CaptureFormatError);
      }
    }
  });

  it('writes a timestamp beyond the calendar as tshark cannot either, without failing', () => {
    const { rows } = convert(pcapngFile([shb(), idb(1, { tsresol: 0 }), epb(0, 1n << 50n, ETH_UDP)]));
    expect(rows[0]['frame.time']).toBe('Not representable');
    expect(rows[0]['frame.time_epoch']).toBe(`${2 ** 50}.000000000`);
  });
});

describe('FrameFields', () => {
  it('stores whole numbers as the CSV parser stores their text; one beyond the column is a bad value', async () => {
    const { FrameFields } = await import('./frame-fields.ts');
    const f = new FrameFields();
    const values = [
      0, 7, 10, 99, 100, 9999, 10000, 10001, 65535, 99999999, 100000000, 123456789, 1795378353, 4294967295,
    ];
    for (const v of values) {
      f.reset();
      f.setUint(0, v);
      expect(f.value(0)).toBe(String(v));
    }
    f.reset();
    f.setUint(0, 2 ** 32);
    expect(f.value(0)).toBeNull();
    f.setTime(1795378353, 0, 'UTC');
    f.endRow();
    const { partial } = f.finish();
    expect(partial.stats.badValues[0]).toBe(1);
    expect(partial.stats.issues[0]).toMatchObject({ kind: 'bad-value', field: 'frame.number' });
  });

  it('keeps the first write to a column, an empty text included (tshark keeps the first occurrence)', async () => {
    const { FrameFields } = await import('./frame-fields.ts');
    const f = new FrameFields();
    f.reset();
    f.setText(COL['http.request.method'], '');
    f.setText(COL['http.request.method'], 'GET');
    f.setUint(COL['tcp.srcport'], 80);
    f.setUint(COL['tcp.srcport'], 81);
    expect(f.value(COL['http.request.method'])).toBe('');
    expect(f.value(COL['tcp.srcport'])).toBe('80');
  });
});
