import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CsvLoad } from '../ingest/csv-load.ts';
import { knownField } from '../ingest/field-catalogue.ts';
import { findColumn, isPresent, type PacketTable } from '../table/packet-table.ts';
import type { FilterNode, FilterValue } from './filter-ast.ts';
import { countMatches, evaluateFilter } from './filter-eval.ts';
import { EITHER_END, filterSchema } from './filter-fields.ts';
import { parseFilter } from './filter-parser.ts';
import { PRESENCE_ALIASES } from './protocol-presence.ts';
import { referenceSplit } from '../test-support/reference-split.ts';

type Row = Record<string, string>;

function loadText(text: string): PacketTable {
  const bytes = new TextEncoder().encode(text);
  const l = new CsvLoad({ fileName: 't.csv', fileBytes: bytes.length, compressed: false });
  l.push(bytes);
  return l.finish().table;
}

function rowsOf(text: string): { header: string[]; rows: Row[] } {
  const lines = text.split('\n').filter((l) => l.length > 0);
  const header = referenceSplit(lines[0]);
  const rows = lines.slice(1).map((l) => {
    const cells = referenceSplit(l);
    return Object.fromEntries(header.map((h, k) => [h, cells[k] ?? '']));
  });
  return { header, rows };
}

// ---- A plain reference: the same semantics, one row object at a time, from the raw CSV text. ----

function ipNum(s: string): number | null {
  const p = s.split('.').map(Number);
  return p.length === 4 && p.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)
    ? ((p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3]) >>> 0
    : null;
}
function num(s: string): number {
  return /^0x/i.test(s) ? parseInt(s, 16) : s === 'True' ? 1 : s === 'False' ? 0 : Number(s);
}

function cellsOf(row: Row, name: string): string[] {
  return (EITHER_END[name]?.columns ?? [name]).map((c) => row[c] ?? '').filter((v) => v !== '');
}

/** -1/0/1 comparison of a raw cell with a value, or null when they cannot be compared. */
function cmp(cell: string, v: FilterValue): number | null {
  switch (v.kind) {
    case 'number': {
      const a = num(cell);
      return a < v.value ? -1 : a > v.value ? 1 : 0;
    }
    case 'ipv4': {
      const a = ipNum(cell);
      if (a === null) return null;
      if (v.prefix < 32)
        return Math.floor(a / 2 ** (32 - v.prefix)) === Math.floor(v.address / 2 ** (32 - v.prefix)) ? 0 : 1;
      return a < v.address ? -1 : a > v.address ? 1 : 0;
    }
    case 'mac':
      return cell.toLowerCase() === v.value ? 0 : cell.toLowerCase() < v.value ? -1 : 1;
    case 'ipv6':
      return cell === v.text ? 0 : 1;
    case 'string':
      return cell === v.value ? 0 : cell < v.value ? -1 : 1;
  }
}

function ref(n: FilterNode, row: Row): boolean {
  switch (n.kind) {
    case 'and':
      return n.terms.every((t) => ref(t, row));
    case 'or':
      return n.terms.some((t) => ref(t, row));
    case 'not':
      return !ref(n.operand, row);
    case 'present': {
      const name = n.field.name;
      const col = PRESENCE_ALIASES[name] ?? name;
      if (EITHER_END[name] || col in row || knownField(col)) return cellsOf(row, col).length > 0;
      return name === 'frame' || (row['frame.protocols'] ?? '').split(':').includes(name);
    }
    case 'compare': {
      const cells = cellsOf(row, n.field.name);
      if (cells.length === 0) return false;
      const c = cells.map((x) => cmp(x, n.value));
      switch (n.op) {
        case 'eq':
          return c.some((d) => d === 0);
        case 'ne':
          return c.every((d) => d !== 0);
        case 'all_eq':
          return c.every((d) => d === 0);
        case 'any_ne':
          return c.some((d) => d !== 0);
        case 'lt':
          return c.some((d) => d !== null && d < 0);
        case 'le':
          return c.some((d) => d !== null && d <= 0);
        case 'gt':
          return c.some((d) => d !== null && d > 0);
        case 'ge':
          return c.some((d) => d !== null && d >= 0);
      }
      return false;
    }
    case 'in':
      return cellsOf(row, n.field.name).some((cell) =>
        n.members.some((m) => {
          if (m.kind === 'one') return cmp(cell, m.value) === 0;
          const lo = cmp(cell, m.low);
          const hi = cmp(cell, m.high);
          return lo !== null && hi !== null && lo >= 0 && hi <= 0;
        }),
      );
    case 'contains':
      return cellsOf(row, n.field.name).some((cell) => cell.includes(n.value));
    case 'matches':
      return cellsOf(row, n.field.name).some((cell) => new RegExp(n.pattern, n.flags).test(cell));
    case 'bitand':
      return cellsOf(row, n.field.name).some((cell) => (num(cell) & n.mask) !== 0);
  }
}

function parsed(text: string, table: PacketTable): FilterNode {
  const r = parseFilter(text, filterSchema(table));
  if (!r.ok) throw new Error(`${text}: ${r.error.message}`);
  return r.value;
}

function matchedFrames(table: PacketTable, mask: Uint8Array): number[] {
  const c = findColumn(table, 'frame.number');
  if (c?.kind !== 'int') throw new Error('no frame.number');
  const out: number[] = [];
  for (let i = 0; i < table.rowCount; i++) if (mask[i]) out.push(isPresent(c.present, i) ? c.values[i] : -1);
  return out.sort((a, b) => a - b);
}

const HEADER =
  'frame.number,frame.len,frame.time_epoch,frame.protocols,eth.src,eth.dst,ip.src,ip.dst,ipv6.src,ipv6.dst,tcp.srcport,tcp.dstport,tcp.seq,tcp.flags,tcp.flags.syn,udp.srcport,udp.dstport,icmp.type,http.request.method,http.response.code,http.user_agent,http.content_length_header,dns.qry.name,attack';
const FIXTURE = `${[
  HEADER,
  '"1","42","1795378353.000000001","eth:ethertype:arp","02:4c:0a:14:1e:6e","ff:ff:ff:ff:ff:ff",,,,,,,,,,,,,,,,,,"benign"',
  '"2","106","1795378353.000000002","eth:ethertype:ip:udp:dns","02:4c:0a:14:1e:6e","02:4c:0a:14:1e:65","10.20.30.110","10.20.30.101",,,,,,,,"39722","53",,,,,,"intranet.acme-corp.test","benign"',
  '"3","110","1795378353.000000003","eth:ethertype:ip:udp:dns","02:4c:0a:14:1e:65","02:4c:0a:14:1e:6e","10.20.30.101","10.20.30.110",,,,,,,,"53","39722",,,,,,"intranet.acme-corp.test","benign"',
  '"4","74","1795378353.5","eth:ethertype:ip:tcp","02:4c:0a:14:1e:6f","02:4c:0a:14:1e:65","10.20.30.111","10.20.30.101",,,"38920","80","0","0x0002","1",,,,,,,,,"hydra"',
  '"5","74","1795378354","eth:ethertype:ip:tcp","02:4c:0a:14:1e:65","02:4c:0a:14:1e:6f","10.20.30.101","10.20.30.111",,,"80","38920","0","0x0012","1",,,,,,,,,"hydra"',
  '"6","357","1795378354.25","eth:ethertype:ip:tcp:http","02:4c:0a:14:1e:6f","02:4c:0a:14:1e:65","10.20.30.111","10.20.30.101",,,"38920","80","1","0x0018","0",,,,"GET",,"Mozilla/5.0 (Hydra, v9.4)",,,"hydra"',
  '"7","1460","1795378354.5","eth:ethertype:ip:tcp:http:data-text-lines","02:4c:0a:14:1e:65","02:4c:0a:14:1e:6f","10.20.30.101","10.20.30.111",,,"80","38920","1","0x0018","0",,,,,"200",,"2842.0",,"benign"',
  '"8","98","1795378355","eth:ethertype:ip:icmp:data","02:4c:0a:14:1e:70","02:4c:0a:14:1e:65","192.168.1.7","10.20.30.101",,,,,,,,,,"8",,,,,,"ping"',
  '"9","98","1795378356","eth:ethertype:ip:icmp:data","02:4c:0a:14:1e:65","02:4c:0a:14:1e:70","10.20.30.101","192.168.1.7",,,,,,,,,,"0",,,,,,"ping"',
  '"10","86","1795378357","eth:ethertype:ipv6:udp:ntp","02:4c:0a:14:1e:71","33:33:00:00:00:01",,,"fe80::1","ff02::1",,,,,,"123","123",,,,,,,"benign"',
  '"11","60","1795378358","eth:ethertype:ip:tcp","02:4c:0a:14:1e:6e","02:4c:0a:14:1e:6e","10.20.30.110","10.20.30.110",,,"8080","8080","5","0x0004","0",,,,,,,,,"benign"',
  '"12","200","1795378359","eth:ethertype:ip:tcp:http","02:4c:0a:14:1e:6f","02:4c:0a:14:1e:65","10.20.30.111","10.20.30.101",,,"38922","8000","1","0x0018","0",,,,"POST",,"curl/7.88.1",,,"benign"',
].join('\n')}\n`;

describe('evaluateFilter on a small fixture agrees with a row-at-a-time reference', () => {
  const table = loadText(FIXTURE);
  const { rows } = rowsOf(FIXTURE);

  it.each([
    'tcp',
    'udp',
    'arp',
    'http',
    'dns',
    'icmp',
    'ip',
    'ipv6',
    'data',
    'ntp',
    'frame',
    'ftp',
    '!tcp',
    'not ip',
    'http.request',
    'http.response',
    'tcp.srcport',
    'ip.addr',
    'tcp.port',
    'ipv6.addr',
    'http.user_agent',
    'dns.qry.name',
    'tcp.flags.syn',
    'tcp.port == 80',
    'tcp.port != 80',
    '!tcp.port == 80',
    '!(tcp.port != 80)',
    'tcp.port === 8080',
    'tcp.port !== 80',
    'tcp.port ~= 8080',
    'tcp.dstport == 80',
    'tcp.dstport > 1000',
    'tcp.dstport <= 80',
    'tcp.dstport lt 8000',
    'tcp.dstport ge 8000',
    'tcp.flags.syn == 1',
    'tcp.flags.syn == True',
    'tcp.flags.syn == False',
    'tcp.flags.syn == 1 && tcp.dstport == 80',
    'tcp.flags == 0x12',
    'tcp.flags & 0x02',
    'tcp.flags & 0x04 || icmp',
    'tcp.seq == 1',
    'tcp.seq >= 1 and tcp.seq < 5',
    'ip.src == 10.20.30.101',
    'ip.addr == 10.20.30.110',
    'ip.addr != 10.20.30.110',
    'ip.addr === 10.20.30.110',
    'ip.addr !== 10.20.30.110',
    'ip.src == 10.20.30.0/24',
    'ip.src != 10.20.30.0/24',
    'ip.addr == 192.168.0.0/16',
    'ip.src > 10.20.30.105',
    'ip.dst <= 10.20.30.101',
    'ip.src in {10.20.30.100..10.20.30.110}',
    'ip.addr in {192.168.0.0/16, 10.20.30.110}',
    'udp.port in {53, 123}',
    'udp.port in {53 123}',
    'tcp.port in {80, 8000..8100}',
    'tcp.port not in {80}',
    'udp.dstport in {1..100}',
    'eth.addr == ff:ff:ff:ff:ff:ff',
    'eth.dst == FF-FF-FF-FF-FF-FF',
    'eth.src == 02:4c:0a:14:1e:6e',
    'eth.addr != 02:4c:0a:14:1e:65',
    'eth.src contains "1e:6f"',
    'ipv6.src == fe80::1',
    'ipv6.addr == ff02::1',
    'http.user_agent contains "Hydra"',
    'http.user_agent contains "hydra"',
    'http.user_agent matches "hydra"',
    'http.user_agent matches "(?-i)hydra"',
    'http.user_agent matches "^curl/7\\\\."',
    'http.request.method == "GET"',
    'http.request.method == GET',
    'http.request.method in {GET POST}',
    'http.request.method != "GET"',
    'http.request.method > "GET"',
    'http.response.code == 200',
    'http.content_length_header > 1000',
    'http.content_length_header != 2842',
    'dns.qry.name contains "acme"',
    'icmp.type == 8',
    'icmp.type == 8 || icmp.type == 0',
    'frame.len > 1000',
    'frame.len < 100 && !arp',
    'frame.len in {42, 60..98}',
    'attack == hydra',
    'attack != "benign" && tcp',
    'attack matches "^(hydra|ping)$"',
    'attack in {"ping", hydra}',
    '(tcp || udp) && !(ip.addr == 10.20.30.110)',
    'tcp and not http or arp',
    'tcp.srcport == 80 || udp.srcport == 53',
  ])('%s', (text) => {
    const ast = parsed(text, table);
    const want = rows
      .filter((r) => ref(ast, r))
      .map((r) => Number(r['frame.number']))
      .sort((a, b) => a - b);
    expect(matchedFrames(table, evaluateFilter(table, ast))).toEqual(want);
  });

  it.each([
    ['frame.time_epoch == 1795378353.000000002', [2]],
    ['frame.time_epoch > 1795378353.000000002', [3, 4, 5, 6, 7, 8, 9, 10, 11, 12]],
    ['frame.time_epoch <= 1795378354', [1, 2, 3, 4, 5]],
    ['frame.time_epoch in {1795378354.25..1795378355}', [6, 7, 8]],
  ])('compares times exactly to the nanosecond: %s', (text, want) => {
    expect(matchedFrames(table, evaluateFilter(table, parsed(text, table)))).toEqual(want);
  });

  it('treats a catalogue field the table lacks as absent', () => {
    expect(countMatches(evaluateFilter(table, parsed('ip.ttl == 64', table)))).toBe(0);
    expect(countMatches(evaluateFilter(table, parsed('ip.ttl', table)))).toBe(0);
    expect(countMatches(evaluateFilter(table, parsed('!ip.ttl', table)))).toBe(12);
  });

  it('finds protocols from columns when there is no frame.protocols', () => {
    const t = loadText('frame.time_epoch,tcp.dstport,udp.dstport\n"1","80",\n"2",,"53"\n"3",,\n');
    expect(countMatches(evaluateFilter(t, parsed('tcp', t)))).toBe(1);
    expect(countMatches(evaluateFilter(t, parsed('udp || tcp', t)))).toBe(2);
  });
});

describe('evaluateFilter on the lab-a sample', () => {
  const gz = readFileSync(join(import.meta.dirname, '..', '..', '..', 'public', 'samples', 'lab-a', 'packets.csv.gz'));
  const text = gunzipSync(gz).toString('utf8');
  const table = loadText(text);
  const { rows } = rowsOf(text);
  const has = (r: Row, f: string): boolean => r[f] !== '';
  const n = (r: Row, f: string): number => num(r[f]);

  it('loads every row', () => expect(table.rowCount).toBe(rows.length));

  // Expected counts computed straight from the CSV cells, not through the reference evaluator.
  it.each<[string, (r: Row) => boolean]>([
    ['tcp.seq == 1', (r) => has(r, 'tcp.seq') && n(r, 'tcp.seq') === 1],
    ['tcp.flags.syn == 1 && tcp.dstport == 80', (r) => r['tcp.flags.syn'] === '1' && r['tcp.dstport'] === '80'],
    ['ip.addr == 10.20.30.110', (r) => r['ip.src'] === '10.20.30.110' || r['ip.dst'] === '10.20.30.110'],
    [
      'ip.addr != 10.20.30.110',
      (r) => has(r, 'ip.src') && r['ip.src'] !== '10.20.30.110' && r['ip.dst'] !== '10.20.30.110',
    ],
    [
      'udp.port in {53, 123}',
      (r) => ['53', '123'].includes(r['udp.srcport']) || ['53', '123'].includes(r['udp.dstport']),
    ],
    ['http.user_agent contains "Hydra"', (r) => r['http.user_agent'].includes('Hydra')],
    ['http.user_agent matches "WGET|^curl"', (r) => /wget|^curl/i.test(r['http.user_agent'])],
    ['!tcp', (r) => !r['frame.protocols'].split(':').includes('tcp')],
    ['icmp.type == 8', (r) => r['icmp.type'] === '8'],
    ['ip.src == 10.20.30.0/24', (r) => r['ip.src'].startsWith('10.20.30.')],
    [
      'eth.addr == ff:ff:ff:ff:ff:ff',
      (r) => r['eth.src'] === 'ff:ff:ff:ff:ff:ff' || r['eth.dst'] === 'ff:ff:ff:ff:ff:ff',
    ],
    ['frame.len > 1000', (r) => Number(r['frame.len']) > 1000],
    ['tcp.port != 80', (r) => has(r, 'tcp.srcport') && r['tcp.srcport'] !== '80' && r['tcp.dstport'] !== '80'],
    ['!(tcp.port == 80)', (r) => r['tcp.srcport'] !== '80' && r['tcp.dstport'] !== '80'],
    ['http.request', (r) => has(r, 'http.request.method')],
    [
      'dns && dns.flags.response == 0',
      (r) => r['frame.protocols'].split(':').includes('dns') && r['dns.flags.response'] === '0',
    ],
    ['tcp.flags & 0x04', (r) => has(r, 'tcp.flags') && (parseInt(r['tcp.flags'], 16) & 4) !== 0],
    ['attack != "benign"', (r) => r.attack !== '' && r.attack !== 'benign'],
  ])('%s', (filter, pred) => {
    const mask = evaluateFilter(table, parsed(filter, table));
    const want = rows
      .filter(pred)
      .map((r) => Number(r['frame.number']))
      .sort((a, b) => a - b);
    expect(want.length).toBeGreaterThan(0);
    expect(countMatches(mask)).toBe(want.length);
    expect(matchedFrames(table, mask)).toEqual(want);
  });

  it.each([
    'tcp.port in {21, 22, 80} && !http',
    'ip.src == 10.20.30.0/24 && frame.len >= 1000 || udp',
    'http.request.method in {"POST" PUT}',
    'dns.qry.name matches "acme"',
    'tcp.stream in {0..10}',
    'ip.ttl < 64',
    'eth.src != 02:4c:0a:14:1e:65',
  ])('agrees with the reference: %s', (filter) => {
    const ast = parsed(filter, table);
    const want = rows
      .filter((r) => ref(ast, r))
      .map((r) => Number(r['frame.number']))
      .sort((a, b) => a - b);
    expect(matchedFrames(table, evaluateFilter(table, ast))).toEqual(want);
  });
});
