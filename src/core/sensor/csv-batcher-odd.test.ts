/**
 * One packet path: the sensor's CsvBatcher reads the odd CSVs the loader reads (fixtures/csv/odd: tshark's
 * tab-separated default, a spreadsheet's semicolons, UTF-16 of either order, stray NULs) into the same rows,
 * however the stream is cut, and counts the damaged lines as malformed.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CsvBatcher } from './csv-batcher.ts';
import { CsvLoad } from '../ingest/csv-load.ts';
import { tableCells } from '../test-support/table-cells.ts';

const ODD = 'fixtures/csv/odd';

/** The batcher's tables' rows, the stream cut into `piece`-byte reads and a batch taken every `every` reads. */
interface Batched {
  readonly rows: string[][];
  readonly malformed: number;
  readonly problems: string[];
  readonly b: CsvBatcher;
}

function batched(bytes: Uint8Array, piece: number, every: number): Batched {
  const b = new CsvBatcher();
  const rows: string[][] = [];
  let malformed = 0;
  const problems: string[] = [];
  const take = (): void => {
    const batch = b.take();
    if (batch.table) rows.push(...tableCells(batch.table));
    malformed += batch.malformed;
    problems.push(...batch.problems);
  };
  let reads = 0;
  for (let at = 0; at < bytes.length; at += piece) {
    b.push(bytes.subarray(at, at + piece));
    if (++reads % every === 0) take();
  }
  b.end();
  take();
  return { rows, malformed, problems, b };
}

function loaded(bytes: Uint8Array): string[][] {
  const l = new CsvLoad({ fileName: 'x', fileBytes: bytes.length, compressed: false });
  l.push(bytes);
  return tableCells(l.finish().table);
}

describe('CsvBatcher on odd CSVs', () => {
  it("says how the input was written, in the workbench's words", () => {
    const said = (name: string): string[] => batched(readFileSync(`${ODD}/${name}`), 4099, 3).b.howWritten();
    expect(said('utf16be.tsv')).toEqual([
      'UTF-16BE text, converted to UTF-8',
      "Tab-separated (tshark's default -T fields output)",
    ]);
    expect(said('powershell-utf16le.csv')).toEqual([
      'UTF-16LE text, converted to UTF-8 (as a Windows PowerShell > redirect writes it)',
    ]);
    expect(said('spreadsheet-semicolon.csv')).toEqual([
      'Semicolon-separated (as a spreadsheet saves CSV in a European locale)',
    ]);
    expect(batched(readFileSync('fixtures/capture/lab-a-slice.csv'), 4099, 3).b.howWritten()).toEqual([]);
  });

  it.each([
    ['tshark-default.tsv', 'utf-8', 0x09],
    ['spreadsheet-semicolon.csv', 'utf-8', 0x3b],
    ['powershell-utf16le.csv', 'utf-16le', 0x2c],
    ['utf16be.tsv', 'utf-16be', 0x09],
  ])("%s gives the loader's rows", (name, encoding, separator) => {
    const bytes = readFileSync(`${ODD}/${name}`);
    const expected = loaded(bytes);
    expect(expected).toHaveLength(200);
    for (const [piece, every] of [
      [1_000_003, 1],
      [4099, 3],
      [333, 20],
    ]) {
      const { rows, malformed, b } = batched(bytes, piece, every);
      expect(malformed).toBe(0);
      expect(rows).toEqual(expected);
      expect(b.encoding?.encoding).toBe(encoding);
      expect(b.header?.separator).toBe(separator);
    }
  });

  it('skips the lines with NUL bytes as malformed, saying where', () => {
    const bytes = readFileSync(`${ODD}/nul-bytes.csv`);
    const { rows, malformed, problems } = batched(bytes, 5000, 2);
    expect(rows).toEqual(loaded(bytes));
    expect(rows).toHaveLength(197);
    expect(malformed).toBe(3);
    expect(problems).toEqual([12, 40, 41].map((n) => `line ${n}: NUL bytes in the line (damaged)`));
  });

  it('refuses a stream without a header line, as the loader does', () => {
    expect(() => batched(readFileSync(`${ODD}/tshark-no-header.tsv`), 1000, 1)).toThrow(/no header line/);
  });
});
