import { describe, expect, it } from 'vitest';
import { tableCsv } from './table-csv.ts';

describe('tableCsv', () => {
  it('writes a header and rows with CRLF line ends', () => {
    expect(
      tableCsv(
        ['Address', 'Packets'],
        [
          ['10.0.0.1', 1200],
          ['10.0.0.2', 3],
        ],
      ),
    ).toBe('Address,Packets\r\n10.0.0.1,1200\r\n10.0.0.2,3\r\n');
  });

  it('quotes fields holding commas, quotes or line breaks, doubling inner quotes', () => {
    const csv = tableCsv(
      ['Flags', 'Note'],
      [
        ['SYN,ACK', 'say "hi"'],
        ['a\nb', 'c\rd'],
        ['plain', ''],
      ],
    );
    expect(csv).toBe('Flags,Note\r\n"SYN,ACK","say ""hi"""\r\n"a\nb","c\rd"\r\nplain,\r\n');
  });

  it('quotes header fields too, and leaves other text as it is', () => {
    expect(tableCsv(['a,b', 'é → ü'], [])).toBe('"a,b",é → ü\r\n');
  });

  it('writes numbers plainly and non-finite numbers as empty fields', () => {
    expect(tableCsv(['n'], [[1234567.5], [-0.25], [NaN], [Infinity]])).toBe('n\r\n1234567.5\r\n-0.25\r\n\r\n\r\n');
  });

  it('round-trips through a strict RFC 4180 reader', () => {
    const rows = [
      ['x", y', 'line\r\nbreak', '""'],
      ['1', '2', '3'],
    ];
    expect(readCsv(tableCsv(['a', 'b', 'c'], rows))).toEqual([['a', 'b', 'c'], ...rows]);
  });
});

/** A small RFC 4180 reader for the round trip: quoted fields may hold anything, "" is a quote. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') {
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"') {
      quoted = true;
      i++;
      continue;
    }
    if (c === ',') {
      row.push(field);
      field = '';
      i++;
      continue;
    }
    if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
      continue;
    }
    field += c;
    i++;
  }
  return rows;
}
