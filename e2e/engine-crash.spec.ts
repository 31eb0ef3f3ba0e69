/**
 * The engine worker dies in the middle of a session, first ended with no word (as the browser ends a worker
 * for lack of memory), then by an uncaught error: the page says what happened, every view shows the failure
 * instead of waiting forever, and "Reopen capture" loads the capture again with the labels made before.
 */
import { expect, test, type Page } from '@playwright/test';
import { crashWorker } from './helpers/faults.ts';
import { Workbench } from './helpers/workbench.ts';
import { classCount } from './helpers/labelling.ts';

const GOOD = 'fixtures/csv/small-good.csv';
const STOPPED = 'The analysis engine stopped';

async function applyFilter(page: Page, text: string): Promise<void> {
  const input = page.getByRole('textbox', { name: 'Display filter' });
  await input.fill(text);
  await input.press('Enter');
}

test('a dead engine is reported, no view hangs, and Reopen brings the capture back with labels', async ({ page }) => {
  const wb = await Workbench.open(page);
  await wb.loadFile(GOOD);
  const labels = page.getByRole('region', { name: 'Labels' });
  await expect(labels).toHaveAttribute('aria-busy', 'false');
  const filterResult = page.getByRole('status', { name: 'Filter result' });
  const chartStatus = page.getByRole('status', { name: 'Chart status' });
  const breakdownStatus = page.getByRole('status', { name: 'Breakdown status' });

  // Label the DNS packets hping3, and wait until that is saved.
  await applyFilter(page, 'dns');
  await expect(filterResult).toContainText(/of 12 packets match/);
  const dns = ((await filterResult.locator('strong').textContent()) ?? '').trim();
  await page
    .getByRole('group', { name: 'Label packets' })
    .getByRole('button', { name: /^Label as hping3/ })
    .click();
  await expect(classCount(page, 'hping3')).toHaveText(dns);
  await expect(page.getByRole('status', { name: 'Label storage' })).toContainText('Saved in this browser');

  const banner = page.getByRole('alert', { name: 'Analysis engine stopped' });
  const crashes = [
    { how: 'kill', says: `${STOPPED}: it ended without reporting an error` },
    { how: 'throw', says: `${STOPPED}: Uncaught Error: crash requested by a test` },
  ] as const;
  for (const { how, says } of crashes) {
    const version = await wb.captureVersion();
    await crashWorker(page, 'engine', how);
    await expect(banner).toContainText(says);
    await expect(banner).toContainText('Your labels are saved in this browser');

    // Every view answers with the failure rather than waiting.
    await applyFilter(page, 'tcp');
    await expect(filterResult).toContainText(STOPPED);
    await page.getByRole('region', { name: 'Time series' }).getByRole('button', { name: 'Plot', exact: true }).click();
    await expect(chartStatus).toContainText(STOPPED);
    await page.getByRole('region', { name: 'Breakdowns' }).getByRole('tab', { name: 'Talkers' }).click();
    await expect(breakdownStatus).toContainText(STOPPED);
    await page.getByRole('region', { name: 'Breakdowns' }).getByRole('tab', { name: 'Protocols' }).click();

    await banner.getByRole('button', { name: 'Reopen capture' }).click();
    await expect(banner).toHaveCount(0);
    expect(await wb.waitForLoad(version)).toBe('loaded');

    // The labels are back from the browser's storage, and the views answer again.
    await expect(page.getByRole('status', { name: 'Label storage' })).toContainText('Restored');
    await expect(classCount(page, 'hping3')).toHaveText(dns);
    await expect(filterResult).toContainText(/of 12 packets match/);
    await expect(chartStatus).toContainText('in the engine');
    await expect(page.getByRole('img', { name: 'Time series chart' })).toBeVisible();
    await expect(breakdownStatus).toContainText('For filter');
  }
});
