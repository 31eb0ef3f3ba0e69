import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { Workbench } from './helpers/workbench.ts';

test('a file dropped anywhere on the page opens, with an overlay while dragging', async ({ page }) => {
  const wb = await Workbench.open(page);
  const text = readFileSync('fixtures/csv/small-good.csv', 'utf8');
  const dataTransfer = await page.evaluateHandle((t) => {
    const dt = new DataTransfer();
    dt.items.add(new File([t], 'dropped.csv', { type: 'text/csv' }));
    return dt;
  }, text);

  await page.dispatchEvent('main', 'dragenter', { dataTransfer });
  await expect(page.getByText('Drop to open')).toBeVisible();
  const before = await wb.captureVersion();
  await page.dispatchEvent('main', 'drop', { dataTransfer });
  await expect(page.getByText('Drop to open')).toHaveCount(0);
  expect(await wb.waitForLoad(before)).toBe('loaded');
  expect(await wb.fact('File')).toBe('dropped.csv');
  expect(await wb.fact('Rows')).toBe('12');
});
