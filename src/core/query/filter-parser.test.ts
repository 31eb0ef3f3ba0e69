import { describe, expect, it } from 'vitest';
import { formatFilter } from './filter-ast.ts';
import { lexFilter } from './filter-lexer.ts';
import { parseFilter } from './filter-parser.ts';
import { filterSchema } from './filter-fields.ts';
import { normalizeMac, parseIpv4Cidr, parseIpv6, parseNumber } from './filter-literals.ts';
import type { PacketTable } from '../table/packet-table.ts';

function read(text: string): string {
  const r = parseFilter(text);
  if (!r.ok) throw new Error(`${text}: ${r.error.message} at ${r.error.position}`);
  return formatFilter(r.value);
}

describe('parseFilter reads', () => {
  it.each(
    [
      ['tcp.port == 80', '[tcp.port == 80]'],
      ['tcp.port==80', '[tcp.port == 80]'],
      ['tcp.port eq 80', '[tcp.port == 80]'],
      ['tcp.port EQ 80', '[tcp.port == 80]'],
      ['tcp.port ne 80', '[tcp.port != 80]'],
      ['frame.len lt 60', '[frame.len < 60]'],
      ['frame.len gt 60', '[frame.len > 60]'],
      ['frame.len le 60', '[frame.len <= 60]'],
      ['frame.len ge 0x100', '[frame.len >= 0x100]'],
      ['frame.len >= 1.5e3', '[frame.len >= 1.5e3]'],
      ['ip.addr === 10.0.0.1', '[ip.addr === 10.0.0.1]'],
      ['ip.addr !== 10.0.0.1', '[ip.addr !== 10.0.0.1]'],
      ['ip.addr ~= 10.0.0.1', '[ip.addr !== 10.0.0.1]'],
      ['ip.addr any_ne 10.0.0.1', '[ip.addr !== 10.0.0.1]'],
      ['ip.addr all_eq 10.0.0.1', '[ip.addr === 10.0.0.1]'],
      ['tcp', 'tcp'],
      ['http.request', 'http.request'],
      ['ip.src', 'ip.src'],
      ['TCP', 'tcp'],
      ['tcp && udp || arp', '((tcp && udp) || arp)'],
      ['tcp or udp and arp', '(tcp || (udp && arp))'],
      ['tcp AND udp Or arp', '((tcp && udp) || arp)'],
      ['a_or_b', ''],
      ['tcp && udp && arp', '(tcp && udp && arp)'],
      ['!tcp.port == 80', '![tcp.port == 80]'],
      ['not tcp', '!tcp'],
      ['!!tcp', '!!tcp'],
      ['!(tcp || udp) && ip', '(!(tcp || udp) && ip)'],
      ['((tcp))', 'tcp'],
      ['tcp.port in {80, 443, 8000..8100}', '[tcp.port in {80, 443, 8000..8100}]'],
      ['tcp.port in {80 443 8000 .. 8100}', '[tcp.port in {80, 443, 8000..8100}]'],
      ['tcp.port in {80,}', '[tcp.port in {80}]'],
      ['tcp.port not in {22}', '![tcp.port in {22}]'],
      ['ip.src in {10.0.0.1..10.0.0.9, 192.168.0.0/16}', '[ip.src in {10.0.0.1..10.0.0.9, 192.168.0.0/16}]'],
      ['http.request.method in {"GET" POST}', '[http.request.method in {"GET", "POST"}]'],
      ['http.user_agent contains "Hydra"', '[http.user_agent contains "Hydra"]'],
      ['http.host contains acme', '[http.host contains "acme"]'],
      ['http.user_agent matches "^curl/7\\\\."', '[http.user_agent matches "^curl/7\\\\."]'],
      ['http.user_agent matches r"^curl/7\\."', '[http.user_agent matches "^curl/7\\\\."]'],
      ['http.user_agent ~ "nikto"', '[http.user_agent matches "nikto"]'],
      ['http.user_agent matches "(?-i)Nikto"', '[http.user_agent matches "Nikto" (case-sensitive)]'],
      ['http.request.uri == "/a\\"b\\x41\\n"', '[http.request.uri == "/a\\"bA\\n"]'],
      ['ip.src == 10.0.0.0/8', '[ip.src == 10.0.0.0/8]'],
      ['ip.dst != 10.1.2.3/8', '[ip.dst != 10.1.2.3/8]'],
      ['eth.addr == FF-FF-FF-FF-FF-FF', '[eth.addr == ff:ff:ff:ff:ff:ff]'],
      ['eth.src == 024c.0a14.1e6e', '[eth.src == 02:4c:0a:14:1e:6e]'],
      ['ipv6.addr == fe80::1', '[ipv6.addr == fe80::1]'],
      ['ipv6.src == fe80::/10', '[ipv6.src == fe80::/10]'],
      ['tcp.flags.syn == 1', '[tcp.flags.syn == 1]'],
      ['tcp.flags.syn == True', '[tcp.flags.syn == True]'],
      ['tcp.flags.syn == false', '[tcp.flags.syn == false]'],
      ['tcp.flags & 0x12', '[tcp.flags & 0x12]'],
      ['tcp.port == "80"', '[tcp.port == 80]'],
      ['frame.time_epoch >= 1795378353.952647464', '[frame.time_epoch >= 1795378353.952647464]'],
    ].filter(([, want]) => want !== ''),
  )('%s', (text, want) => {
    expect(read(text)).toBe(want);
  });

  it('gives typed values and positions', () => {
    const r = parseFilter('ip.src == 10.1.2.3/8 && tcp.port in {1..2}');
    expect(r).toEqual({
      ok: true,
      value: {
        kind: 'and',
        terms: [
          {
            kind: 'compare',
            field: { name: 'ip.src', position: 0 },
            op: 'eq',
            value: { kind: 'ipv4', address: 0x0a000000, prefix: 8, text: '10.1.2.3/8', position: 10 },
          },
          {
            kind: 'in',
            field: { name: 'tcp.port', position: 24 },
            members: [
              {
                kind: 'range',
                low: { kind: 'number', value: 1, text: '1', position: 37 },
                high: { kind: 'number', value: 2, text: '2', position: 40 },
              },
            ],
          },
        ],
      },
    });
  });

  it("knows the open table's own columns and protocols", () => {
    const table: PacketTable = {
      rowCount: 1,
      timeUs: new Float64Array(1),
      timeNs: new Uint16Array(1),
      columns: [
        { kind: 'string', name: 'attack', type: 'string', codes: new Uint8Array([1]), dict: ['', 'hping3'] },
        {
          kind: 'string',
          name: 'frame.protocols',
          type: 'string',
          codes: new Uint8Array([1]),
          dict: ['', 'eth:ethertype:ip:tcp:gopher'],
        },
      ],
    };
    expect(parseFilter('attack == hping3').ok).toBe(false);
    const r = parseFilter('attack == hping3 && gopher', filterSchema(table));
    expect(r.ok && formatFilter(r.value)).toBe('([attack == "hping3"] && gopher)');
  });
});

describe('parseFilter refuses, saying where and what was expected', () => {
  it.each([
    ['', 0, 'the filter is empty', 'a field or protocol name'],
    ['   ', 0, 'the filter is empty', 'a field or protocol name'],
    ['tcp.port ==', 11, "expected a value after '=='", 'a value'],
    ['tcp.port == && udp', 12, "expected a value after '=='", 'a value'],
    ['tcp.dstprt == 80', 0, "unknown field 'tcp.dstprt' — did you mean 'tcp.dstport'?", 'a field or protocol name'],
    ['tcp && htp', 7, "unknown field 'htp' — did you mean 'http'?", 'a field or protocol name'],
    ['zzzzzzzz.qqqq', 0, "unknown field 'zzzzzzzz.qqqq'", 'a field or protocol name'],
    [
      'tcp.port == 80 || 443',
      18,
      "'443' is a value, not a field or protocol name; write the field before it, as in 'tcp.port == 443'",
      'a field or protocol name',
    ],
    ['(tcp', 4, "expected ')' to close the '(' at 0, got the end of the filter", "')'"],
    ['(tcp udp)', 5, "expected an operator such as '==' between 'tcp' and 'udp'", 'an operator'],
    ['tcp)', 3, "unexpected ')' with no '(' before it", undefined],
    ['tcp.port 80', 9, "expected an operator such as '==' between 'tcp.port' and '80'", 'an operator'],
    [
      'tcp &&',
      6,
      "expected a field or protocol name after '&&', got the end of the filter",
      'a field or protocol name',
    ],
    ['&& tcp', 0, "expected a field or protocol name, got '&&'", 'a field or protocol name'],
    ['!', 1, "expected a field or protocol name after '!', got the end of the filter", 'a field or protocol name'],
    ['()', 1, "expected a field or protocol name after '(', got ')'", 'a field or protocol name'],
    ['"GET"', 0, 'expected a field or protocol name, got the text "GET"', 'a field or protocol name'],
    ['tcp.port = 80', 9, "unexpected '='; use '==' to compare", "'=='"],
    ['tcp | udp', 4, "unexpected '|'; use '||' or 'or'", "'||'"],
    ['tcp.port == 80 $', 15, "unexpected character '$'", undefined],
    ["http.host == 'x'", 13, 'use double quotes for text: "..."', 'a double-quoted string'],
    ['http.host == "abc', 13, "unterminated string: missing the closing '\"'", "'\"'"],
    ['http.host == "a\\qb"', 15, "unknown escape '\\q' in a string (write '\\\\' for a backslash)", undefined],
    ['tcp.port == http', 12, "expected a number for tcp.port, got 'http'", 'a number'],
    [
      'ip.src == 10.0.0.256',
      10,
      "'10.0.0.256' is not an IPv4 address (like 10.0.0.1) or block (like 10.0.0.0/8)",
      'an IPv4 address',
    ],
    [
      'ip.src == 10.0.0.0/33',
      10,
      "'10.0.0.0/33' is not an IPv4 address (like 10.0.0.1) or block (like 10.0.0.0/8)",
      'an IPv4 address',
    ],
    ['ip.src > 10.0.0.0/8', 9, "an address block (10.0.0.0/8) can only be compared with '==' or '!='", undefined],
    ['eth.src == 02:4c:0a', 11, "'02:4c:0a' is not a MAC address (like 02:4c:0a:14:1e:6e)", 'a MAC address'],
    [
      'ipv6.src == fe80:::1',
      12,
      "'fe80:::1' is not an IPv6 address (like fe80::1) or block (like fe80::/10)",
      'an IPv6 address',
    ],
    [
      'tcp == 1',
      0,
      "'tcp' can only be tested alone (is it present?), not with '=='; compare one of its fields, such as 'tcp.srcport'",
      undefined,
    ],
    [
      'http.request == 1',
      0,
      "'http.request' can only be tested alone (is it present?), not with '==' ; compare one of its fields, such as 'http.request.method'".replace(
        ' ;',
        ';',
      ),
      undefined,
    ],
    ['tcp.port contains "8"', 9, "'contains' works on text fields; tcp.port is a number", undefined],
    ['ip.src matches "10"', 7, "'matches' works on text fields; ip.src is a IPv4 address", undefined],
    ['http.host contains', 18, "expected a quoted text after 'contains'", 'a quoted text'],
    [
      'http.host matches "("',
      18,
      'invalid regular expression: Invalid regular expression: /(/i: Unterminated group',
      undefined,
    ],
    ['tcp.port in 80', 12, "expected '{' after 'in', as in 'tcp.port in {80, 443}'", "'{'"],
    ['tcp.port in {}', 13, 'expected a value in the set', 'a value'],
    ['tcp.port in {80, 443', 20, "expected '}' to close the set opened at 12", "'}'"],
    ['tcp.port in {80..}', 17, "expected a value after '..'", 'a value'],
    ['http.host in {"a".."b"}', 14, 'a range needs numbers or single IPv4 addresses at both ends, not "a"', undefined],
    [
      'ip.src in {10.0.0.0/8..10.0.0.9}',
      11,
      "a range needs numbers or single IPv4 addresses at both ends, not '10.0.0.0/8'",
      undefined,
    ],
    [
      'frame.time == 1',
      0,
      'frame.time cannot be compared yet; compare frame.time_epoch (seconds since 1970) instead',
      undefined,
    ],
    ['http.host & 1', 10, "'&' works on integer fields; http.host is a string", undefined],
    ['tcp.flags & 1.5', 12, "expected a whole-number mask after '&'", 'a number'],
  ])('%j', (text, position, message, expected) => {
    const r = parseFilter(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toEqual(expected === undefined ? { message, position } : { message, position, expected });
  });
});

describe('filter literals', () => {
  it.each([
    ['80', 80],
    ['0x1a', 26],
    ['0X1A', 26],
    ['1.5', 1.5],
    ['-3', -3],
    ['True', 1],
    ['FALSE', 0],
    ['010', 10],
    ['abc', null],
    ['0x', null],
  ])('number %s', (text, want) => expect(parseNumber(text)).toBe(want));

  it.each([
    ['10.0.0.1', { address: 0x0a000001, prefix: 32 }],
    ['10.1.2.3/8', { address: 0x0a000000, prefix: 8 }],
    ['0.0.0.0/0', { address: 0, prefix: 0 }],
    ['255.255.255.255', { address: 0xffffffff, prefix: 32 }],
    ['1.2.3', null],
    ['1.2.3.4/', null],
    ['1.2.3.4.5', null],
  ])('ipv4 %s', (text, want) => expect(parseIpv4Cidr(text)).toEqual(want));

  it.each([
    ['::1', [0, 0, 0, 0, 0, 0, 0, 1]],
    ['fe80::1', [0xfe80, 0, 0, 0, 0, 0, 0, 1]],
    ['FE80:0:0:0:0:0:0:1', [0xfe80, 0, 0, 0, 0, 0, 0, 1]],
    ['::ffff:10.0.0.1', [0, 0, 0, 0, 0, 0xffff, 0x0a00, 1]],
    ['1::2::3', null],
    ['1:2:3:4:5:6:7', null],
    ['10.0.0.1', null],
  ])('ipv6 %s', (text, want) => expect(parseIpv6(text)).toEqual(want));

  it.each([
    ['FF-FF-FF-FF-FF-FF', 'ff:ff:ff:ff:ff:ff'],
    ['2:4c:a:14:1e:6e', '02:4c:0a:14:1e:6e'],
    ['024c.0a14.1e6e', '02:4c:0a:14:1e:6e'],
    ['02:4c:0a:14:1e', null],
  ])('mac %s', (text, want) => expect(normalizeMac(text)).toBe(want));

  it('lexes ranges without spaces and keeps positions', () => {
    const r = lexFilter('p in {1..2}');
    expect(r.ok && r.value.map((t) => [t.kind, t.text, t.start])).toEqual([
      ['word', 'p', 0],
      ['word', 'in', 2],
      ['punct', '{', 5],
      ['word', '1', 6],
      ['punct', '..', 7],
      ['word', '2', 9],
      ['punct', '}', 10],
      ['end', '', 11],
    ]);
  });
});
