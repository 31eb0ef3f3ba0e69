import { expect, test } from '@playwright/test';
import { repeatedSample } from './helpers/big-files.ts';
import { Workbench } from './helpers/workbench.ts';

test('cancelling a load keeps the capture already open', async ({ page }) => {
  test.setTimeout(180_000);
  const big = repeatedSample(300e6);
  const wb = await Workbench.open(page);
  await wb.loadSample();
  const version = await wb.captureVersion();

  await wb.startFile(big);
  await expect(wb.progressbar).toBeVisible();
  await expect(wb.progressbar).toHaveAccessibleName('Loading repeated-300mb.csv');
  await wb.page.getByRole('button', { name: 'Cancel' }).click();

  expect(await wb.waitForLoad(version)).toBe('idle');
  await expect(wb.progressbar).toHaveCount(0);
  await expect(wb.alert).toHaveCount(0);
  expect(await wb.captureVersion()).toBe(version);
  expect(await wb.fact('Rows')).toBe('238,398');
  expect(await wb.fact('File')).toBe('lab-a/packets.csv.gz');
});

test('starting a second load cancels the first, and only the second opens', async ({ page }) => {
  test.setTimeout(180_000);
  const big = repeatedSample(300e6);
  const wb = await Workbench.open(page);
  await wb.startFile(big);
  await expect(wb.progressbar).toBeVisible();
  await wb.loadFile('fixtures/csv/small-good.csv');
  expect(await wb.fact('File')).toBe('small-good.csv');
  expect(await wb.fact('Rows')).toBe('12');
  expect(await wb.status()).toBe('idle');
});
