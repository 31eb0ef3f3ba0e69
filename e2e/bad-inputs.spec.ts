/**
 * Each bad input is opened over a good capture: it must be refused with a message that says why, and the
 * capture open before must stay open.
 */
import { expect, test } from '@playwright/test';
import { longLine } from './helpers/big-files.ts';
import { Workbench } from './helpers/workbench.ts';

const GOOD = 'fixtures/csv/small-good.csv';

// The key phrase of each message (the pipeline's wording, matched case-insensitively).
const CASES: readonly { name: string; file: () => string; says: RegExp }[] = [
  { name: 'an empty file', file: () => 'fixtures/bad/empty.csv', says: /the file is empty/i },
  // Captures open now (e2e/pcap.spec.ts); a pcapng with no frame is still refused.
  {
    name: 'a pcapng capture with no frame',
    file: () => 'fixtures/bad/capture.pcapng',
    says: /the pcapng capture holds no complete frame/i,
  },
  { name: 'a CSV from another tool', file: () => 'fixtures/bad/other-tool.csv', says: /no known tshark field/i },
  { name: 'a 200 MB line', file: () => longLine(200e6), says: /line [\d,]+ is longer than/i },
  { name: 'gzip corrupt halfway', file: () => 'fixtures/bad/corrupt.csv.gz', says: /gzip data is corrupt/i },
  { name: 'no time column', file: () => 'fixtures/bad/no-time.csv', says: /no time column/i },
];

for (const c of CASES) {
  test(`refuses ${c.name} and keeps the open capture`, async ({ page }) => {
    const path = c.file();
    const wb = await Workbench.open(page);
    await wb.loadFile(GOOD);
    const version = await wb.captureVersion();

    const text = await wb.loadFileExpectingError(path);
    console.log(`${c.name}: ${text.replaceAll('\n', ' | ')}`);
    expect(text).toMatch(c.says);
    expect(await wb.captureVersion()).toBe(version);
    expect(await wb.fact('File')).toBe('small-good.csv');
    expect(await wb.fact('Rows')).toBe('12');

    await wb.alert.getByRole('button', { name: 'Dismiss' }).click();
    await expect(wb.alert).toHaveCount(0);
    expect(await wb.status()).toBe('idle');
    await expect(wb.summary).toBeVisible();
  });
}
