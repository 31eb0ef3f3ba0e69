import { describe, expect, it } from 'vitest';
import { CsvLoad } from '../../core/ingest/csv-load.ts';
import { countMatches, evaluateFilter } from '../../core/query/filter-eval.ts';
import { filterSchema } from '../../core/query/filter-fields.ts';
import { parseFilter } from '../../core/query/filter-parser.ts';
import { filterClause, filterString, type ClauseTarget } from './breakdown-clauses.ts';

const cases: readonly [ClauseTarget, string | null][] = [
  [{ kind: 'protocol', layer: 'frame' }, null],
  [{ kind: 'protocol', layer: 'tcp' }, 'tcp'],
  [{ kind: 'protocol', layer: 'http' }, 'http'],
  [{ kind: 'protocol', layer: 'ftp-data' }, 'ftp-data'],
  [{ kind: 'protocol', layer: 'data-text-lines' }, 'data-text-lines'],
  [{ kind: 'protocol', layer: 'ethertype' }, 'frame.protocols matches "(^|:)ethertype(:|$)"'],
  [{ kind: 'protocol', layer: 'data' }, 'frame.protocols matches "(^|:)data(:|$)"'],
  [{ kind: 'protocol', layer: 'Odd.Name' }, 'frame.protocols matches "(^|:)Odd[.]Name(:|$)"'],
  [{ kind: 'protocol', layer: 'we"ird\\x' }, 'frame.protocols contains "we\\"ird\\\\x"'],
  [{ kind: 'host', side: 'either', address: '10.0.0.1' }, 'ip.addr == 10.0.0.1'],
  [{ kind: 'host', side: 'src', address: '10.20.30.103' }, 'ip.src == 10.20.30.103'],
  [{ kind: 'host', side: 'dst', address: '192.168.1.255' }, 'ip.dst == 192.168.1.255'],
  [{ kind: 'host', side: 'either', address: 'fe80::1' }, 'ipv6.addr == fe80::1'],
  [{ kind: 'host', side: 'src', address: '2001:db8::10' }, 'ipv6.src == 2001:db8::10'],
  [{ kind: 'host', side: 'dst', address: '::ffff:10.0.0.1' }, 'ipv6.dst == ::ffff:10.0.0.1'],
  [{ kind: 'host', side: 'either', address: '10.0.0.256' }, null],
  [{ kind: 'host', side: 'either', address: '"><img>' }, null],
  [{ kind: 'host', side: 'either', address: '' }, null],
  [{ kind: 'port', proto: 'tcp', port: 80 }, 'tcp.dstport == 80'],
  [{ kind: 'port', proto: 'udp', port: 53 }, 'udp.dstport == 53'],
  [{ kind: 'port', proto: 'tcp', port: 65536 }, null],
  [{ kind: 'port', proto: 'udp', port: NaN }, null],
  [{ kind: 'pair', a: '10.0.0.1', b: '10.0.0.2' }, 'ip.addr == 10.0.0.1 && ip.addr == 10.0.0.2'],
  [{ kind: 'pair', a: '10.0.0.1', b: 'fe80::2' }, 'ip.addr == 10.0.0.1 && ipv6.addr == fe80::2'],
  [{ kind: 'pair', a: '10.0.0.1', b: '10.0.0.1' }, 'ip.src == 10.0.0.1 && ip.dst == 10.0.0.1'],
  [{ kind: 'pair', a: '10.0.0.1', b: 'nonsense' }, null],
  [{ kind: 'flags', flags: 0x012 }, 'tcp.flags == 0x012'],
  [{ kind: 'flags', flags: 0x002 }, 'tcp.flags == 0x002'],
  [{ kind: 'flags', flags: 0 }, 'tcp.flags == 0x000'],
  [{ kind: 'flags', flags: 0x1ff }, 'tcp.flags == 0x1ff'],
  [{ kind: 'flags', flags: -1 }, null],
  [{ kind: 'seq', seq: 0 }, 'tcp.seq == 0'],
  [{ kind: 'seq', seq: 4294967295 }, 'tcp.seq == 4294967295'],
  [{ kind: 'seq', seq: 1.5 }, null],
];

describe('filterClause', () => {
  it.each(cases)('%j → %s', (target, want) => {
    expect(filterClause(target)).toBe(want);
  });

  it('writes only clauses the filter parser accepts', () => {
    const schema = filterSchema();
    for (const [target] of cases) {
      const clause = filterClause(target);
      if (clause === null) continue;
      const parsed = parseFilter(clause, schema);
      expect(parsed.ok, `${clause}: ${parsed.ok ? '' : parsed.error.message}`).toBe(true);
    }
  });

  it('selects exactly the rows of the row it came from, on a small capture', () => {
    const csv = `${[
      'frame.number,frame.time_epoch,frame.len,frame.protocols,ip.src,ip.dst,tcp.dstport,udp.dstport,tcp.flags,tcp.seq',
      '1,1795378353.1,60,eth:ethertype:ip:tcp,10.0.0.1,10.0.0.2,80,,0x0002,0',
      '2,1795378353.2,60,eth:ethertype:ip:tcp,10.0.0.2,10.0.0.1,,,0x0012,0',
      '3,1795378353.3,90,eth:ethertype:ip:tcp:ftp-data,10.0.0.1,10.0.0.3,20,,0x0018,1',
      '4,1795378353.4,90,eth:ethertype:ip:icmp:data,10.0.0.3,10.0.0.1,,,,',
      '5,1795378353.5,90,eth:ethertype:ip:udp:dns,10.0.0.3,10.0.0.3,,53,,',
      '6,1795378353.6,42,eth:ethertype:arp,,,,,,',
    ].join('\n')}\n`;
    const bytes = new TextEncoder().encode(csv);
    const load = new CsvLoad({ fileName: 'small.csv', fileBytes: bytes.length, compressed: false });
    load.push(bytes);
    const table = load.finish().table;
    const schema = filterSchema(table);
    const count = (target: ClauseTarget): number => {
      const clause = filterClause(target);
      if (clause === null) throw new Error(`no clause for ${JSON.stringify(target)}`);
      const parsed = parseFilter(clause, schema);
      if (!parsed.ok) throw new Error(`${clause}: ${parsed.error.message}`);
      return countMatches(evaluateFilter(table, parsed.value));
    };
    expect(count({ kind: 'protocol', layer: 'data' })).toBe(1); // not ftp-data
    expect(count({ kind: 'protocol', layer: 'ethertype' })).toBe(6);
    expect(count({ kind: 'protocol', layer: 'tcp' })).toBe(3);
    expect(count({ kind: 'host', side: 'either', address: '10.0.0.1' })).toBe(4);
    expect(count({ kind: 'host', side: 'src', address: '10.0.0.3' })).toBe(2);
    expect(count({ kind: 'pair', a: '10.0.0.1', b: '10.0.0.2' })).toBe(2);
    expect(count({ kind: 'pair', a: '10.0.0.3', b: '10.0.0.3' })).toBe(1);
    expect(count({ kind: 'port', proto: 'udp', port: 53 })).toBe(1);
    expect(count({ kind: 'flags', flags: 0x012 })).toBe(1);
    expect(count({ kind: 'seq', seq: 0 })).toBe(2);
  });
});

describe('filterString', () => {
  it('escapes quotes, backslashes and control characters', () => {
    expect(filterString('a"b\\c\n\x01')).toBe('"a\\"b\\\\c\\x0a\\x01"');
  });

  it('reads back as the same text through the filter lexer', () => {
    const text = 'say "hi" \\ there\ttab\x7f';
    const parsed = parseFilter(`http.user_agent == ${filterString(text)}`);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(JSON.stringify(parsed.value)).toContain(JSON.stringify(text).slice(1, -1));
  });
});
