/**
 * Training in the browser on the sample: labels from the file's `attack` column, a short run (2 epochs,
 * 1,500 windows per class), live progress and curves, the test report (every class, confusion rows summing
 * to the support), the bundle downloaded and read back with fflate, imported again, and a non-zip refused
 * with a clear alert while the trained model stays on screen.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { parseCount, Workbench } from './helpers/workbench.ts';

const CLASSES = ['benign', 'hping3', 'hydra', 'nmap', 'ping'];

type PlotDiv = HTMLElement & { data?: unknown[] };

interface ManifestJson {
  format: string;
  classes: string[];
  featureSpec: { packet: string[]; perWindow: string[] };
  normaliser: { mean: number[]; std: number[] };
  window: { size: number; key: string };
}

test('train on the attack column, read the report, export, import back and refuse a bad file', async ({ page }) => {
  test.setTimeout(150_000);
  page.on('pageerror', (e) => console.log(`page error: ${e.message}`));
  const wb = await Workbench.open(page);
  await wb.loadSample();
  await expect(page.getByRole('region', { name: 'Labels' })).toHaveAttribute('aria-busy', 'false');
  await page.getByRole('combobox', { name: 'Start labels from' }).selectOption({ label: "the file's attack column" });
  const hpRow = page.getByRole('table', { name: 'Label classes' }).getByRole('row').filter({ has: page.getByRole('textbox', { name: 'Name of hping3' }) });
  await expect.poll(async () => parseCount(await hpRow.locator('td').nth(2).innerText())).toBeGreaterThan(0);

  const model = page.getByRole('region', { name: 'Model' });
  await model.getByRole('textbox', { name: 'Epochs' }).fill('2');
  await model.getByRole('textbox', { name: 'Max windows per class' }).fill('1500');
  await model.getByRole('button', { name: 'Train', exact: true }).click();

  await expect(model.getByRole('progressbar')).toBeVisible();
  await expect(model.getByRole('table', { name: 'Windows per split' })).toBeVisible();
  const curves = model.getByRole('img', { name: 'Training curves' });
  await expect.poll(() => curves.evaluate((el: PlotDiv) => el.data?.length ?? 0), { timeout: 60_000 }).toBeGreaterThan(0);

  const metrics = model.getByRole('table', { name: 'Test metrics' });
  await expect(metrics).toBeVisible({ timeout: 100_000 });
  const rows = await metrics.evaluate((t: HTMLTableElement) => [...t.tBodies[0].rows].map((r) => [...r.cells].map((c) => (c.textContent ?? '').trim())));
  expect(rows.map((r) => r[0])).toEqual(CLASSES);
  const support = rows.map((r) => parseCount(r[4]));
  expect(support.every((n) => n > 0)).toBe(true);
  const confusion = await model.getByRole('table', { name: 'Confusion matrix table' })
    .evaluate((t: HTMLTableElement) => [...t.tBodies[0].rows].map((r) => [...r.cells].map((c) => (c.textContent ?? '').trim())));
  expect(confusion.map((r) => r[0])).toEqual(CLASSES);
  expect(confusion.map((r) => r.slice(1).reduce((a, c) => a + parseCount(c), 0))).toEqual(support);
  await expect(model.getByLabel('Macro F1')).toHaveText(/^[01]\.\d{3}$/);
  await expect.poll(() => model.getByRole('img', { name: 'Confusion matrix' }).evaluate((el: PlotDiv) => el.data?.length ?? 0)).toBe(1);
  await expect.poll(async () => (await curves.evaluate((el: PlotDiv) => el.data?.length ?? 0))).toBeGreaterThanOrEqual(4 + CLASSES.length);
  // The sensor's rule over the test split: every episode part read off the labels is listed.
  await expect(model.getByLabel('Alert summary')).toContainText(/\d+ of \d+ attack episodes/);
  const episodes = await model.getByRole('table', { name: 'Episodes alerted' }).locator('tbody tr').count();
  expect(episodes).toBeGreaterThanOrEqual(4);
  console.log(`trained: ${await model.getByLabel('Training outcome').innerText()} | ${await model.getByRole('status', { name: 'Backend in use' }).innerText()}`);

  const [download] = await Promise.all([page.waitForEvent('download'), model.getByRole('button', { name: 'Export model (.zip)' }).click()]);
  const zipPath = await download.path();
  const files = unzipSync(new Uint8Array(readFileSync(zipPath)));
  expect(Object.keys(files)).toEqual(expect.arrayContaining(['manifest.json', 'model.json']));
  expect(Object.keys(files).some((f) => f.endsWith('.bin'))).toBe(true);
  const manifest = JSON.parse(strFromU8(files['manifest.json'])) as ManifestJson;
  expect(manifest.format).toBe('nids-workbench.model');
  expect(manifest.classes).toEqual(CLASSES);
  expect(manifest.featureSpec.packet).toContain('tcp_syn');
  const width = manifest.featureSpec.packet.length + manifest.featureSpec.perWindow.length;
  expect(manifest.normaliser.mean).toHaveLength(width);
  expect(manifest.normaliser.std).toHaveLength(width);
  expect(manifest.window).toMatchObject({ size: 8, key: 'pair' });

  const importInput = model.getByLabel('Import model file');
  await importInput.setInputFiles(zipPath);
  const summary = model.getByLabel('Imported model');
  await expect(summary).toContainText(CLASSES.join(', '));
  await expect(summary).toContainText('lstm');

  await importInput.setInputFiles({ name: 'notes.zip', mimeType: 'application/zip', buffer: Buffer.from('these are not model weights\n') });
  await expect(model.getByRole('alert')).toContainText('Import refused');
  await expect(metrics).toBeVisible();
  await expect(summary).toContainText(CLASSES.join(', '));
  await expect(model.getByRole('button', { name: 'Export model (.zip)' })).toBeEnabled();

  // The imported model scored on the open capture (a bounded, evenly spread share of its windows).
  await model.getByRole('button', { name: /Evaluate imported model/ }).click();
  const capture = model.getByRole('table', { name: 'Capture metrics' });
  await expect(capture).toBeVisible({ timeout: 90_000 });
  const captured = await capture.evaluate((t: HTMLTableElement) => [...t.tBodies[0].rows].map((r) => (r.cells[0].textContent ?? '').trim()));
  expect(captured).toEqual(CLASSES);
});
