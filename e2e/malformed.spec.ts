/** fixtures/csv/mid-header-malformed.csv: see fixtures/malformed.ts for what each line holds. */
import { expect, test } from '@playwright/test';
import { Workbench } from './helpers/workbench.ts';

const FIXTURE = 'fixtures/csv/mid-header-malformed.csv';

test('bad lines are skipped, counted and listed with their line numbers', async ({ page }) => {
  const wb = await Workbench.open(page);
  await wb.loadFile(FIXTURE);

  expect(await wb.fact('File')).toBe('mid-header-malformed.csv');
  expect(await wb.fact('Rows')).toBe('28');
  expect(await wb.fact('Lines')).toBe('34');
  expect(await wb.fact('Bad values')).toBe('1');
  expect(Object.fromEntries((await wb.readTable('Skipped lines')).map((r) => [r[0], r[1]]))).toMatchObject({
    'repeated header line (two exports concatenated)': '1',
    'wrong number of fields': '3',
    'truncated last line': '1',
    'no time that parses': '0',
    'blank line': '0',
  });

  const issues = (await wb.readTable('Listed issues')).map((r) => ({ line: r[0], kind: r[1], field: r[2] }));
  expect(issues).toEqual([
    { line: '8', kind: 'wrong number of fields', field: '' },
    { line: '12', kind: 'bad value (row kept)', field: 'ip.ttl' },
    { line: '15', kind: 'repeated header line (two exports concatenated)', field: '' },
    { line: '17', kind: 'wrong number of fields', field: '' },
    { line: '25', kind: 'wrong number of fields', field: '' },
    { line: '34', kind: 'truncated last line', field: '' },
  ]);

  const ttl = (await wb.readTable('Columns')).find((c) => c[0] === 'ip.ttl');
  expect(ttl?.[4], 'bad values in ip.ttl').toBe('1');

  // Rows were out of order: frame 1 (line 6) is the first packet, frame 31 the last row kept.
  expect(await wb.fact('First packet (UTC)')).toBe('2026-11-22T20:12:33.952647Z');
  expect(await wb.fact('Last packet (UTC)')).toBe('2026-11-22T20:12:33.987891Z');
});

test('capture text is shown as text, never run as HTML', async ({ page }) => {
  const wb = await Workbench.open(page);
  await wb.loadFile(FIXTURE);
  const attack = await wb.readCounts('attack values');
  expect(attack).toEqual({ benign: 27, '<img src=x onerror="window.__xss=1">': 1 });
  expect(await page.evaluate(() => (window as Window & { __xss?: number }).__xss)).toBeUndefined();
  await expect(wb.summary.locator('img')).toHaveCount(0);
});

test('a gzip file is recognised by its content, not its name', async ({ page }) => {
  const wb = await Workbench.open(page);
  await wb.loadFile('fixtures/csv/gzip-named.csv');
  expect(await wb.fact('Rows')).toBe('12');
  expect(await wb.fact('Size')).toContain('gzip');
});
