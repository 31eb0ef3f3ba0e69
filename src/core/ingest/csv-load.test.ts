import { describe, expect, it } from 'vitest';
import { CsvLoad, LoadError, type LoadResult } from './csv-load.ts';
import { findColumn, isPresent, type PacketTable } from '../table/packet-table.ts';

const HEADER =
  'frame.number,frame.len,frame.time,frame.time_epoch,frame.protocols,eth.src,ip.src,ip.ttl,tcp.dstport,tcp.flags,tcp.flags.syn,http.user_agent,attack,extra';
const ROW =
  '"1","60","Nov 22, 2026 15:12:33.000000001 EST","1795378353.000000001","eth:ethertype:ip:tcp","02:4c:0a:14:1e:67","10.20.30.103","64","80","0x0002","1",,"benign","x"';

/** Loads text as the workers would: cut into pieces of `piece` bytes, spread over `parsers` partial tables. */
function load(text: string, parsers = 1, piece = 1 << 20): LoadResult {
  const bytes = new TextEncoder().encode(text);
  const l = new CsvLoad({ fileName: 't.csv', fileBytes: bytes.length, compressed: false, parsers });
  for (let at = 0; at < bytes.length; at += piece) l.push(bytes.slice(at, at + piece));
  return l.finish();
}

function loadError(text: string | Uint8Array): LoadError {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  const l = new CsvLoad({ fileName: 't.csv', fileBytes: bytes.length, compressed: false });
  try {
    for (let at = 0; at < bytes.length; at += 1 << 20) l.push(bytes.slice(at, at + (1 << 20))); // pieces, as files are read
    l.finish();
  } catch (e) {
    if (e instanceof LoadError) return e;
    throw e;
  }
  throw new Error('loaded without error');
}

function ints(t: PacketTable, name: string): (number | null)[] {
  const c = findColumn(t, name);
  if (c?.kind !== 'int') throw new Error(`${name} is not an int column`);
  return Array.from({ length: t.rowCount }, (_, i) => (isPresent(c.present, i) ? c.values[i] : null));
}

function strings(t: PacketTable, name: string): string[] {
  const c = findColumn(t, name);
  if (c?.kind !== 'string') throw new Error(`${name} is not a string column`);
  return Array.from(c.codes.subarray(0, t.rowCount), (k) => c.dict[k]);
}

// Three rows out of time order, with the quirks real exports have.
const QUIRKY = [
  `\ufeff${HEADER}`,
  `"3","60","Nov 22, 2026 15:12:35.500000000 EST","1795378355.500000000","eth:ethertype:ip:tcp","02:4c:0a:14:1e:67","10.20.30.103","64","80.0","0x0012","1","Mozilla "quoted" agent","hping3","a"`,
  `"1","60","Nov 22, 2026 15:12:33.952647464 EST","1795378353.952647464","eth:ethertype:ip:tcp","02:4c:0a:14:1e:67","10.20.30.103","64",,"0x0002","1",,"benign","b"`,
  HEADER,
  `"2","60","Nov 22, 2026 15:12:34.000000000 EST","1795378354.000000000","eth:ethertype:ip:udp","02:4c:0a:14:1e:65","10.20.30.101","abc","22","0x0010","0","curl/7.88.1","benign","c"`,
  `"4","60","Nov 22, 2026 15:12:36.000000000 EST","1795378356.000000000","eth:ethertype:ip:tcp"`,
  `"5","60","Nov 22, 2026 15:12:37.000000000 EST",,"eth:ethertype:arp","02:4c:0a:14:1e:65",,,,,,,"benign","d"`,
  `"6","60","not a time","bad","eth:ethertype:arp","02:4c:0a:14:1e:65",,,,,,,"benign","e"`,
  `"7","60","Nov 22, 2026 15:12:38.000000000 EST","1795378358.000000000","eth`,
].join('\r\n');

describe('CsvLoad on a quirky export', () => {
  const { table, summary } = load(QUIRKY);

  it('keeps good rows, sorted by time, with the original frame.number', () => {
    expect(table.rowCount).toBe(4);
    expect(ints(table, 'frame.number')).toEqual([1, 2, 3, 5]);
    expect(Array.from(table.timeUs)).toEqual([1795378353952647, 1795378354000000, 1795378355500000, 1795378357000000]);
    expect(table.timeNs[0]).toBe(464);
  });

  it('takes the time from frame.time when frame.time_epoch is empty', () => {
    expect(table.timeUs[3]).toBe(1795378357000000);
  });

  it('parses 80.0, hex flags, booleans, addresses; marks empty cells missing, not 0', () => {
    expect(ints(table, 'tcp.dstport')).toEqual([null, 22, 80, null]);
    expect(ints(table, 'tcp.flags')).toEqual([2, 0x10, 0x12, null]);
    expect(ints(table, 'tcp.flags.syn')).toEqual([1, 0, 1, null]);
    expect(ints(table, 'ip.src')).toEqual([0x0a141e67, 0x0a141e65, 0x0a141e67, null]);
    expect(ints(table, 'ip.ttl')).toEqual([64, null, 64, null]);
  });

  it('keeps quotes inside tshark values and unknown columns as strings', () => {
    expect(strings(table, 'http.user_agent')).toEqual(['', 'curl/7.88.1', 'Mozilla "quoted" agent', '']);
    expect(strings(table, 'extra')).toEqual(['b', 'c', 'a', 'd']);
    expect(summary.columns.find((c) => c.name === 'extra')).toMatchObject({ known: false, type: 'string' });
  });

  it('counts every skipped line by reason with its line number', () => {
    expect(summary.skipped).toEqual({
      'repeated-header': 1,
      'wrong-field-count': 1,
      'truncated-last-line': 1,
      'no-time': 1,
      'nul-bytes': 0,
      'blank-line': 0,
    });
    expect(summary.badValues).toBe(3); // ip.ttl "abc", frame.time_epoch "bad", frame.time "not a time"
    const lines = summary.issues.map((i) => [i.line, i.kind, i.field ?? '']);
    expect(lines).toEqual([
      [4, 'repeated-header', ''],
      [5, 'bad-value', 'ip.ttl'],
      [6, 'wrong-field-count', ''],
      [8, 'bad-value', 'frame.time_epoch'],
      [8, 'bad-value', 'frame.time'],
      [8, 'no-time', ''],
      [9, 'truncated-last-line', ''],
    ]);
    expect(summary.lines).toBe(9);
  });

  it('summarises protocols, hosts and label columns', () => {
    expect(summary.protocols.find((p) => p.value === 'tcp')?.count).toBe(2);
    expect(summary.protocols.find((p) => p.value === 'eth')?.count).toBe(4);
    expect(summary.hostCount).toBe(2);
    expect(summary.topHosts[0]).toEqual({ value: '10.20.30.103', count: 2 });
    expect(summary.labelColumns).toEqual([
      {
        name: 'attack',
        values: [
          { value: 'benign', count: 3 },
          { value: 'hping3', count: 1 },
        ],
      },
    ]);
    expect(summary.firstTimeUs).toBe(1795378353952647);
  });
});

describe('CsvLoad spread over parsers and pieces', () => {
  const lines = [HEADER];
  for (let i = 0; i < 3000; i++) {
    const sec = 1795378353 + ((i * 7919) % 3000) / 10;
    lines.push(
      `"${i + 1}","60","x","${sec.toFixed(9)}","eth:ethertype:ip:tcp:p${i % 7}","02:4c:0a:14:1e:67","10.20.30.${i % 250}","64","${i % 65536}","0x0002","1","ua${i % 13}","c${i % 3}","e"`,
    );
    if (i === 1500) lines.push(HEADER);
    if (i === 2000) lines.push('"short","row"');
  }
  const text = `${lines.join('\n')}\n`;

  it('gives the same table and line numbers with 1 parser or 3, whole or in 997-byte pieces', () => {
    const a = load(text, 1);
    const b = load(text, 3, 997);
    expect(b.table.rowCount).toBe(3000);
    for (const name of ['frame.number', 'ip.src', 'tcp.dstport'])
      expect(ints(b.table, name)).toEqual(ints(a.table, name));
    for (const name of ['frame.protocols', 'http.user_agent', 'attack'])
      expect(strings(b.table, name)).toEqual(strings(a.table, name));
    expect(Array.from(b.table.timeUs)).toEqual(Array.from(a.table.timeUs));
    expect(b.summary.issues).toEqual(a.summary.issues);
    expect(a.summary.issues.map((i) => [i.line, i.kind])).toEqual([
      [1503, 'repeated-header'],
      [2004, 'wrong-field-count'],
    ]);
    const t = a.table.timeUs;
    for (let i = 1; i < t.length; i++) expect(t[i] >= t[i - 1]).toBe(true);
  });
});

describe('CsvLoad refuses what is not a packet CSV', () => {
  it.each([
    ['', /empty/],
    [
      '"No.","Time","Source","Destination","Protocol","Length","Info"\n"1","0.0","a","b","TCP","60","x"\n',
      /no known tshark field/,
    ],
    ['frame.number,ip.src\n"1","10.0.0.1"\n', /no time column/],
    [HEADER, /no packet rows/],
    [`${HEADER}\n`, /no packet rows/],
  ])('%j', (text, message) => {
    expect(loadError(text).message).toMatch(message);
  });

  it('says a pcap is a pcap', () => {
    expect(loadError(Uint8Array.from([0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0])).message).toMatch(
      /looks like a pcap capture/,
    );
    expect(loadError(Uint8Array.from([0x0a, 0x0d, 0x0d, 0x0a, 0x1c, 0, 0, 0])).message).toMatch(
      /looks like a pcapng capture/,
    );
  });

  it('refuses a line of many megabytes, saying which line', () => {
    const big = `${HEADER}\n${ROW}\n${'x'.repeat(5 * 1024 * 1024)}\n`;
    const e = loadError(big);
    expect(e.message).toMatch(/^Line 3 is longer than 4 MiB/);
    expect(e.where).toMatch(/^byte /);
    expect(loadError('y'.repeat(5 * 1024 * 1024)).message).toMatch(/^The first line is longer than/);
  });
});
