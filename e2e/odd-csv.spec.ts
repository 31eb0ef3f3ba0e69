/**
 * The odd CSVs users really have (fixtures/csv/odd, see fixtures/make-odd-csv.ts) load in the real app, and
 * the summary says what was odd about each ("How the file was read").
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { Workbench } from './helpers/workbench.ts';

const ODD = 'fixtures/csv/odd';
const OCCURRENCES =
  "90 cells held several occurrences of a field (tshark's default -E occurrence=a); the first " +
  'of each was kept, as -E occurrence=f does';
const TAB = "Tab-separated (tshark's default -T fields output)";

/** A gzip of UTF-16 (the reader converts what it inflates), made at test time. */
function gzippedUtf16(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'odd-csv-')), 'utf16be.tsv.gz');
  writeFileSync(path, gzipSync(readFileSync(`${ODD}/utf16be.tsv`)));
  return path;
}

const CASES: readonly { name: string; file: () => string; rows: string; notes: readonly string[] }[] = [
  { name: 'tshark-default.tsv', file: () => `${ODD}/tshark-default.tsv`, rows: '200', notes: [TAB, OCCURRENCES] },
  {
    name: 'spreadsheet-semicolon.csv',
    file: () => `${ODD}/spreadsheet-semicolon.csv`,
    rows: '200',
    notes: [
      'Semicolon-separated (as a spreadsheet saves CSV in a European locale)',
      '400 numbers written with a decimal comma (0,000123) read as decimals',
      OCCURRENCES,
    ],
  },
  {
    name: 'powershell-utf16le.csv',
    file: () => `${ODD}/powershell-utf16le.csv`,
    rows: '200',
    notes: ['UTF-16LE text, converted to UTF-8 (as a Windows PowerShell > redirect writes it)'],
  },
  {
    name: 'utf16be.tsv, gzipped',
    file: gzippedUtf16,
    rows: '200',
    notes: ['UTF-16BE text, converted to UTF-8', TAB, OCCURRENCES],
  },
  {
    name: 'nul-bytes.csv',
    file: () => `${ODD}/nul-bytes.csv`,
    rows: '197',
    notes: ['3 lines with NUL bytes skipped (lines 12, 40, 41)'],
  },
];

for (const c of CASES) {
  test(`loads ${c.name} and says what was odd`, async ({ page }) => {
    const wb = await Workbench.open(page);
    await wb.loadFile(c.file());
    expect(await wb.fact('Rows')).toBe(c.rows);
    expect((await wb.readTable('How the file was read')).map((r) => r[0])).toEqual(c.notes);
  });
}

test('the NUL lines are counted and listed like other bad lines', async ({ page }) => {
  const wb = await Workbench.open(page);
  await wb.loadFile(`${ODD}/nul-bytes.csv`);
  expect(await wb.fact('Skipped lines')).toBe('3');
  const skipped = Object.fromEntries((await wb.readTable('Skipped lines')).map((r) => [r[0], r[1]]));
  expect(skipped['NUL bytes in the line (damaged)']).toBe('3');
  const issues = (await wb.readTable('Listed issues')).map((r) => [r[0], r[1]]);
  expect(issues).toEqual(['12', '40', '41'].map((line) => [line, 'NUL bytes in the line (damaged)']));
});

test("tshark's CSV shows no notes", async ({ page }) => {
  const wb = await Workbench.open(page);
  await wb.loadFile('fixtures/csv/small-good.csv');
  await expect(wb.table('How the file was read')).toHaveCount(0);
});

test("refuses tshark's output without a header, saying to add -E header=y", async ({ page }) => {
  const wb = await Workbench.open(page);
  const text = await wb.loadFileExpectingError(`${ODD}/tshark-no-header.tsv`);
  expect(text).toMatch(/no header line/);
  expect(text).toContain('-E header=y');
});
