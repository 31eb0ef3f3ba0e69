/**
 * The odd CSVs users really have (fixtures/csv/odd, made by fixtures/make-odd-csv.ts from tshark's output)
 * load into the table tshark's own CSV of the same frames gives, and the summary says what was odd.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CsvLoad, LoadError, type LoadResult } from './csv-load.ts';
import { loadNotes } from './load-notes.ts';
import { tableCells } from '../test-support/table-cells.ts';
import { findColumn, type PacketTable } from '../table/packet-table.ts';

const ODD = 'fixtures/csv/odd';
const SLICE = readFileSync('fixtures/capture/lab-a-slice.csv');
const USERS_FIELDS = SLICE.toString('utf8', 0, SLICE.indexOf(0x0a)).trim().split(',');

/** Loads bytes as the loaders do, cut into pieces of `piece` bytes (odd sizes split UTF-16 code units). */
function load(bytes: Uint8Array, piece = 65_537): LoadResult {
  const l = new CsvLoad({ fileName: 'odd.csv', fileBytes: bytes.length, compressed: false });
  for (let at = 0; at < bytes.length; at += piece) l.push(bytes.subarray(at, at + piece));
  return l.finish();
}

const loadOdd = (name: string, piece?: number): LoadResult => load(readFileSync(`${ODD}/${name}`), piece);

/** The rows' cells of the named columns (the table's time first). */
function cells(t: PacketTable, names: readonly string[]): string[][] {
  const at = names.map((n) => t.columns.findIndex((c) => c.name === n) + 1);
  return tableCells(t).map((row) => [row[0], ...at.map((i) => row[i])]);
}

function frameNumbers(t: PacketTable): number[] {
  const c = findColumn(t, 'frame.number');
  if (c?.kind !== 'int') throw new Error('no frame.number');
  return Array.from(c.values.subarray(0, t.rowCount));
}

let sliceTable: PacketTable | null = null;

/** lab-a-slice.csv's rows (tshark's `-E separator=, -E quote=d -E occurrence=f`) of the frames `t` holds. */
function sliceRowsOf(t: PacketTable): string[][] {
  if (!sliceTable) sliceTable = load(SLICE).table;
  const slice = sliceTable;
  const wanted = new Set(frameNumbers(t));
  const numbers = frameNumbers(slice);
  return cells(slice, USERS_FIELDS).filter((_, r) => wanted.has(numbers[r]));
}

describe("tshark's default output (tab-separated, unquoted, every occurrence)", () => {
  const { table, summary } = loadOdd('tshark-default.tsv');

  it("loads every row, each cell as tshark's CSV of the same frames holds it", () => {
    expect(table.rowCount).toBe(200);
    expect(summary.badValues).toBe(0);
    expect(Object.values(summary.skipped).every((n) => n === 0)).toBe(true);
    expect(cells(table, USERS_FIELDS)).toEqual(sliceRowsOf(table));
  });

  it('keeps commas inside fields (frame.time, user agents) and the first of several occurrences', () => {
    const agent = findColumn(table, 'http.user_agent');
    expect(agent?.kind === 'string' && agent.dict.some((v) => v.includes('(KHTML, like Gecko)'))).toBe(true);
    expect(summary.text?.firstOccurrences).toBe(90);
  });

  it('says it was tab-separated and what was done with the occurrences', () => {
    expect(summary.text).toMatchObject({ encoding: 'utf-8', bom: false, separator: 'tab', decimalCommas: 0 });
    expect(loadNotes(summary)).toEqual([
      "Tab-separated (tshark's default -T fields output)",
      "90 cells held several occurrences of a field (tshark's default -E occurrence=a); the first of each was " +
        'kept, as -E occurrence=f does',
    ]);
  });

  it('refuses the same output without a header line, saying how to export it with one', () => {
    let error: unknown;
    try {
      loadOdd('tshark-no-header.tsv');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LoadError);
    expect((error as LoadError).message).toMatch(/^The first line is a packet row, not a header: the file has no/);
    expect((error as LoadError).message).toContain('-E header=y');
    expect((error as LoadError).where).toBe('line 1');
  });
});

describe("a spreadsheet's save: BOM, semicolons, CRLF, decimal commas", () => {
  const { table, summary } = loadOdd('spreadsheet-semicolon.csv');
  const tab = loadOdd('tshark-default.tsv').table;

  it('reads as the tab-separated original, frame.time_relative and epoch seconds to the nanosecond', () => {
    expect(table.rowCount).toBe(200);
    expect(summary.badValues).toBe(0);
    expect(tableCells(table)).toEqual(tableCells(tab));
    const relative = findColumn(table, 'frame.time_relative');
    expect(relative?.kind === 'float' && relative.values[1]).toBe(0.000031719);
  });

  it('says so', () => {
    expect(summary.text).toMatchObject({ encoding: 'utf-8', bom: true, separator: 'semicolon', decimalCommas: 400 });
    expect(loadNotes(summary).slice(0, 2)).toEqual([
      'Semicolon-separated (as a spreadsheet saves CSV in a European locale)',
      '400 numbers written with a decimal comma (0,000123) read as decimals',
    ]);
  });
});

const POWERSHELL = 'UTF-16LE text, converted to UTF-8 (as a Windows PowerShell > redirect writes it)';

describe('UTF-16 from a Windows shell', () => {
  it("UTF-16LE with a BOM and CRLF (PowerShell's >) reads as the UTF-8 original, in pieces of any size", () => {
    for (const piece of [1, 3, 4099, 1 << 20]) {
      const { table, summary } = loadOdd('powershell-utf16le.csv', piece);
      expect(table.rowCount).toBe(200);
      expect(cells(table, USERS_FIELDS)).toEqual(sliceRowsOf(table));
      expect(summary.text).toMatchObject({ encoding: 'utf-16le', bom: true, separator: 'comma', firstOccurrences: 0 });
      expect(loadNotes(summary)).toEqual([POWERSHELL]);
      expect(summary.textBytes).toBeLessThan(summary.fileBytes / 2);
    }
  });

  it('UTF-16BE reads as the UTF-8 original', () => {
    const { table, summary } = loadOdd('utf16be.tsv', 7);
    expect(tableCells(table)).toEqual(tableCells(loadOdd('tshark-default.tsv').table));
    expect(loadNotes(summary)[0]).toBe('UTF-16BE text, converted to UTF-8');
  });

  it('UTF-16LE without a BOM is told by its NULs', () => {
    const text = readFileSync(`${ODD}/tshark-default.tsv`, 'utf8');
    const { table, summary } = load(new Uint8Array(Buffer.from(text, 'utf16le')), 101);
    expect(table.rowCount).toBe(200);
    expect(summary.text).toMatchObject({ encoding: 'utf-16le', bom: false });
    expect(loadNotes(summary)[0]).toBe('UTF-16LE text (no byte-order mark), converted to UTF-8');
  });
});

describe('stray NUL bytes', () => {
  const { table, summary } = loadOdd('nul-bytes.csv');

  it('load the good rows and skip the damaged lines, counted and listed like other bad lines', () => {
    expect(table.rowCount).toBe(197);
    expect(summary.lines).toBe(201);
    expect(summary.skipped['nul-bytes']).toBe(3);
    expect(summary.issues.map((i) => [i.line, i.kind])).toEqual([12, 40, 41].map((n) => [n, 'nul-bytes']));
    const quoted = loadOdd('powershell-utf16le.csv').table;
    const lost = new Set([11, 39, 40].map((r) => frameNumbers(quoted)[r - 1]));
    expect(tableCells(table)).toEqual(tableCells(quoted).filter((_, r) => !lost.has(frameNumbers(quoted)[r])));
  });

  it('says which lines', () => {
    expect(loadNotes(summary)).toEqual(['3 lines with NUL bytes skipped (lines 12, 40, 41)']);
  });

  it('refuse a file whose header line is damaged', () => {
    const text = 'frame.time_epoch,ip\0.src\n1795378353.952647464,10.0.0.1\n';
    expect(() => load(new TextEncoder().encode(text))).toThrow(/header line holds NUL bytes/);
  });
});

describe('bytes that are not UTF-8 (a Latin-1 user agent)', () => {
  it('keep their row; the note says how many values show U+FFFD', () => {
    const head = new TextEncoder().encode('frame.time_epoch,ip.src,http.user_agent\n1795378353.952647464,10.0.0.1,"');
    const latin1 = new Uint8Array([0x43, 0x61, 0x66, 0xe9, 0x42, 0x72, 0xf6, 0x77, 0x73, 0x65, 0x72]); // CaféBröwser
    const tail = new TextEncoder().encode('"\n1795378354.0,10.0.0.2,curl\n');
    const bytes = new Uint8Array([...head, ...latin1, ...tail]);
    const { table, summary } = load(bytes);
    expect(table.rowCount).toBe(2);
    const agent = findColumn(table, 'http.user_agent');
    expect(agent?.kind === 'string' && agent.dict[agent.codes[0]]).toBe('Caf\uFFFDBr\uFFFDwser');
    expect(summary.text?.notUtf8Values).toBe(1);
    expect(loadNotes(summary)).toEqual([
      '1 text value held bytes that are not UTF-8 (Latin-1 or Windows-1252?), shown as \uFFFD',
    ]);
  });
});

describe("tshark's own CSV", () => {
  it('has nothing odd to say', () => {
    const { summary } = load(SLICE);
    expect(summary.text).toEqual({
      encoding: 'utf-8',
      bom: false,
      separator: 'comma',
      decimalCommas: 0,
      firstOccurrences: 0,
      notUtf8Values: 0,
    });
    expect(loadNotes(summary)).toEqual([]);
  });
});
