/**
 * The CLI's loader (loadCsvFile: file or gzip stream -> CsvLoad) reads the odd CSVs users have
 * (fixtures/csv/odd) into the rows the workbench gets, with the same notes.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { loadNotes } from '../src/core/ingest/load-notes.ts';
import { tableCells } from '../src/core/test-support/table-cells.ts';
import { loadCsvFile } from './lib/load-csv-file.ts';
import { runQuery } from './lib/run-query.ts';

const ODD = join(import.meta.dirname, '..', 'fixtures', 'csv', 'odd');
const dir = mkdtempSync(join(tmpdir(), 'odd-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadCsvFile on odd CSVs', () => {
  it("reads tshark's tab-separated default, a semicolon save, UTF-16 (plain, gzip) as the same rows", async () => {
    const tab = await loadCsvFile(join(ODD, 'tshark-default.tsv'));
    expect(tab.table.rowCount).toBe(200);
    expect(loadNotes(tab.summary)[0]).toBe("Tab-separated (tshark's default -T fields output)");
    const rows = tableCells(tab.table);

    const semicolon = await loadCsvFile(join(ODD, 'spreadsheet-semicolon.csv'), 2);
    expect(tableCells(semicolon.table)).toEqual(rows);
    const decimals = '400 numbers written with a decimal comma (0,000123) read as decimals';
    expect(loadNotes(semicolon.summary)).toContain(decimals);

    const gz = join(dir, 'utf16be.tsv.gz');
    writeFileSync(gz, gzipSync(readFileSync(join(ODD, 'utf16be.tsv'))));
    const be = await loadCsvFile(gz);
    expect(tableCells(be.table)).toEqual(rows);
    expect(be.summary.compressed).toBe(true);
    expect(loadNotes(be.summary)[0]).toBe('UTF-16BE text, converted to UTF-8');

    const le = await loadCsvFile(join(ODD, 'powershell-utf16le.csv'));
    expect(le.table.rowCount).toBe(200);
    expect(loadNotes(le.summary)).toEqual([
      'UTF-16LE text, converted to UTF-8 (as a Windows PowerShell > redirect writes it)',
    ]);
  });

  it('skips the lines with NUL bytes and says which', async () => {
    const { table, summary } = await loadCsvFile(join(ODD, 'nul-bytes.csv'));
    expect(table.rowCount).toBe(197);
    expect(loadNotes(summary)).toEqual(['3 lines with NUL bytes skipped (lines 12, 40, 41)']);
  });

  it('npm run query says what was odd on stderr, and still succeeds', async () => {
    const data = join(ODD, 'nul-bytes.csv');
    const out = await runQuery(['--data', data, '--filter', 'ip']);
    expect(out.exitCode).toBe(0);
    expect(out.errors).toEqual([`query: ${data}: 3 lines with NUL bytes skipped (lines 12, 40, 41)`]);
    expect(JSON.parse(out.lines[0])).toMatchObject({ filter: 'ip' });
  });

  it('refuses a header-less export, saying to add -E header=y', async () => {
    await expect(loadCsvFile(join(ODD, 'tshark-no-header.tsv'))).rejects.toThrow(/no header line .* `-E header=y`/);
  });
});
