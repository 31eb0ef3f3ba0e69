import { describe, expect, it } from 'vitest';
import { FIELD_ESCAPED, FIELD_UNTERMINATED, fieldText, makeFieldRanges, splitLine } from './csv-tokenizer.ts';

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
