/**
 * The other workers the page uses, dying: an ingest or reader worker during a load fails that load with why
 * and keeps the open capture; the train worker during a run ends the run with why instead of a progress bar
 * that never moves again, and the models it held are given to the next one. (Each is crashed through the
 * page's test hook.)
 */
import { expect, test } from '@playwright/test';
import { armWorkerCrash, crashWorker } from './helpers/faults.ts';
import { Workbench } from './helpers/workbench.ts';

const GOOD = 'fixtures/csv/small-good.csv';

test('an ingest or reader worker that dies fails the load with why and keeps the open capture', async ({ page }) => {
  const wb = await Workbench.open(page);
  await wb.loadFile(GOOD);
  const version = await wb.captureVersion();
  const cases = [
    { kind: 'ingest', how: 'throw', says: 'An ingest worker stopped: Uncaught Error: crash requested by a test' },
    { kind: 'reader', how: 'exit', says: 'The reader worker stopped: it ended without reporting an error' },
  ] as const;
  for (const { kind, how, says } of cases) {
    await armWorkerCrash(page, kind, how);
    expect(await wb.loadFileExpectingError(GOOD)).toContain(says);
    expect(await wb.captureVersion()).toBe(version);
    expect(await wb.fact('Rows')).toBe('12');
    await wb.alert.getByRole('button', { name: 'Dismiss' }).click();
  }
  // The next load, on fresh workers, succeeds.
  await wb.loadFile(GOOD);
});

test('a train worker that dies ends the run with why', async ({ page }) => {
  const wb = await Workbench.open(page);
  await wb.loadFile(GOOD);
  const model = page.getByRole('region', { name: 'Model' });
  await armWorkerCrash(page, 'train', 'throw');
  await model.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(model.getByRole('alert')).toContainText(
    'Training failed: The training worker stopped: Uncaught Error: crash requested by a test',
  );
  await expect(model).toHaveAttribute('aria-busy', 'false');
  await expect(model.getByRole('progressbar')).toHaveCount(0);
  await expect(model.getByRole('button', { name: 'Train', exact: true })).toBeEnabled();
});

test('the models a dead train worker held are given to the next one', async ({ page }) => {
  const wb = await Workbench.open(page);
  await wb.loadFile(GOOD);
  const model = page.getByRole('region', { name: 'Model' });
  await model.getByLabel('Import model file').setInputFiles('fixtures/fuzz/seeds/bundle-views.zip');
  await expect(model.getByLabel('Imported model', { exact: true })).toContainText('format 2');
  await crashWorker(page, 'train', 'kill');
  await model.getByRole('button', { name: /Evaluate imported model/ }).click();
  await expect(model.getByRole('group', { name: 'Capture evaluation' })).toBeVisible({ timeout: 60_000 });
  await expect(model.getByRole('alert')).toHaveCount(0);
});
