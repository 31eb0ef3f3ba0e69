import { describe, expect, it } from 'vitest';
import {
  FIELD_ESCAPED,
  FIELD_UNTERMINATED,
  fieldText,
  makeFieldRanges,
  SEMICOLON,
  splitLine,
  TAB,
} from './csv-tokenizer.ts';
import { sniffSeparator } from './csv-header.ts';

function split(line: string, cap = 16): { n: number; fields: string[]; flags: number[] } {
  const b = new TextEncoder().encode(`xx${line}yy`);
  const r = makeFieldRanges(cap);
  const n = splitLine(b, 2, b.length - 2, r);
  const fields: string[] = [];
  const flags: number[] = [];
  for (let i = 0; i < Math.min(n, cap); i++) {
    fields.push(fieldText(b, r.starts[i], r.ends[i], r.flags[i]));
    flags.push(r.flags[i]);
  }
  return { n, fields, flags };
}

describe('splitLine', () => {
  it.each([
    ['a,b,c', ['a', 'b', 'c']],
    ['"1","42","Nov 22, 2026 15:12:33.952647464 EST"', ['1', '42', 'Nov 22, 2026 15:12:33.952647464 EST']],
    ['"1",,,"x"', ['1', '', '', 'x']],
    [',', ['', '']],
    ['', ['']],
    ['"a",', ['a', '']],
    [',"b"', ['', 'b']],
    ['"",x', ['', 'x']],
    ['"Mozilla "quoted" agent","next"', ['Mozilla "quoted" agent', 'next']],
    ['"say ""hi""",2', ['say "hi"', '2']],
    ['"a,b","c,d",e', ['a,b', 'c,d', 'e']],
  ])('%s', (line, expected) => {
    const { n, fields } = split(line);
    expect(n).toBe(expected.length);
    expect(fields).toEqual(expected);
  });

  it('flags escaped and unterminated fields', () => {
    expect(split('"a""b",c').flags).toEqual([FIELD_ESCAPED, 0]);
    const u = split('x,"never closed, at all');
    expect(u.n).toBe(2);
    expect(u.flags[1]).toBe(FIELD_UNTERMINATED);
    expect(u.fields[1]).toBe('never closed, at all');
  });

  it('reports more fields than capacity as capacity + 1', () => {
    expect(split('a,b,c,d', 3).n).toBe(4);
    expect(split('a,b,c', 3).n).toBe(3);
  });
});

function splitBy(line: string, sep: number): string[] {
  const b = new TextEncoder().encode(line);
  const r = makeFieldRanges(16);
  const n = splitLine(b, 0, b.length, r, sep);
  return Array.from({ length: n }, (_, i) => fieldText(b, r.starts[i], r.ends[i], r.flags[i]));
}

describe('splitLine with other separators', () => {
  it("tab (tshark's default output): commas are text, occurrences stay one field", () => {
    expect(splitBy('1\tNov 22, 2026 15:12:33 EST\t10.0.0.1,10.0.0.2\t\t', TAB)).toEqual([
      '1',
      'Nov 22, 2026 15:12:33 EST',
      '10.0.0.1,10.0.0.2',
      '',
      '',
    ]);
  });

  it('tab: a quoted value ends at its closing quote; an unquoted value starting with a quote stays text', () => {
    expect(splitBy('"a\tb"\t"c"', TAB)).toEqual(['a\tb', 'c']);
    expect(splitBy('x\t"quoted" agent\ty', TAB)).toEqual(['x', '"quoted" agent', 'y']);
    expect(splitBy('x\t"never closed', TAB)).toEqual(['x', '"never closed']);
  });

  it('semicolon (a spreadsheet): decimal commas are text, fields with a semicolon are quoted', () => {
    expect(splitBy('0,000123;"Mozilla/5.0 (X11; Linux)";"say ""hi"""', SEMICOLON)).toEqual([
      '0,000123',
      'Mozilla/5.0 (X11; Linux)',
      'say "hi"',
    ]);
  });
});

describe('sniffSeparator', () => {
  const of = (header: string): number => sniffSeparator(new TextEncoder().encode(header), 0, header.length);
  it("tells the header's separator", () => {
    expect(of('frame.number,frame.len')).toBe(0x2c);
    expect(of('frame.number\tframe.len')).toBe(TAB);
    expect(of('frame.number;frame.len')).toBe(SEMICOLON);
    expect(of('"frame.number";"frame.len"')).toBe(SEMICOLON);
    expect(of('frame.time_epoch')).toBe(0x2c);
  });
});
