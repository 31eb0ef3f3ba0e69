/**
 * A panel that throws while rendering fails alone: it says why and offers "Try again", and the other panels
 * keep working. (The fault is switched on and off through the page's test hook.)
 */
import { expect, test } from '@playwright/test';
import { failPanel } from './helpers/faults.ts';
import { Workbench } from './helpers/workbench.ts';

test('a panel that throws shows why, the others keep working, and Try again brings it back', async ({ page }) => {
  const logged: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') logged.push(m.text());
  });
  const wb = await Workbench.open(page);
  await wb.loadFile('fixtures/csv/small-good.csv');
  const breakdowns = page.getByRole('region', { name: 'Breakdowns' });
  await expect(breakdowns).toBeVisible();

  await failPanel(page, 'Breakdowns', true);
  const failed = page.getByRole('alert', { name: 'Breakdowns' });
  await expect(failed).toContainText('This panel failed: a test made the Breakdowns panel fail');
  await expect(breakdowns).toHaveCount(0);
  await expect.poll(() => logged.some((t) => t.includes('The Breakdowns panel failed'))).toBe(true);

  // The rest of the page still answers.
  const input = page.getByRole('textbox', { name: 'Display filter' });
  await input.fill('dns');
  await input.press('Enter');
  await expect(page.getByRole('status', { name: 'Filter result' })).toContainText(/of 12 packets match/);
  await expect(page.getByRole('status', { name: 'Chart status' })).toContainText('in the engine');
  await expect(page.getByRole('region', { name: 'Labels' })).toBeVisible();
  await expect(wb.summary).toBeVisible();

  // While the fault holds, trying again fails again; once it is gone, the panel comes back and follows the filter.
  await failed.getByRole('button', { name: 'Try again' }).click();
  await expect(failed).toContainText('This panel failed');
  await failPanel(page, 'Breakdowns', false);
  await failed.getByRole('button', { name: 'Try again' }).click();
  await expect(failed).toHaveCount(0);
  await expect(breakdowns.getByRole('status', { name: 'Breakdown status' })).toContainText('For filter dns');
});
