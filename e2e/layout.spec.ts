/**
 * The page is laid out for the loop (explore, label, train and evaluate, export, the capture's summary): a
 * step bar stays under the header, marks the step being read (aria-current), and reaches every step's panel
 * with one click or one key sequence (g, then the step's letter), landing it below the bar. Wide screens put
 * the breakdowns and the labels side by side; no width scrolls sideways.
 */
import { expect, type Locator, type Page, test } from '@playwright/test';
import { Workbench } from './helpers/workbench.ts';

/** Each step, its key, and what must come into view when it is chosen. */
const STEPS: readonly { step: string; key: string; target: (page: Page) => Locator }[] = [
  { step: 'Capture summary', key: 's', target: (p) => p.getByRole('region', { name: 'Capture summary' }) },
  { step: 'Train & evaluate', key: 't', target: (p) => p.getByRole('region', { name: 'Model' }) },
  {
    step: 'Export model',
    key: 'x',
    target: (p) => p.getByRole('region', { name: 'Model' }).getByRole('button', { name: 'Export model (.zip)' }),
  },
  { step: 'Label', key: 'l', target: (p) => p.getByRole('region', { name: 'Labels' }) },
  { step: 'Explore', key: 'e', target: (p) => p.getByRole('region', { name: 'Display filter' }) },
];

async function expectCurrent(nav: Locator, step: string): Promise<void> {
  await expect(nav.getByRole('link', { name: step })).toHaveAttribute('aria-current', 'step');
  await expect(nav.locator('[aria-current]')).toHaveCount(1);
}

/** The element's top is on screen and not under the sticky header and step bar. */
async function expectBelowBar(page: Page, nav: Locator, target: Locator): Promise<void> {
  await expect(target).toBeInViewport();
  const bar = await nav.boundingBox();
  const box = await target.boundingBox();
  expect(box!.y, 'lands below the step bar').toBeGreaterThanOrEqual(bar!.y + bar!.height);
  expect(box!.y, 'lands near the top of the screen').toBeLessThan(page.viewportSize()!.height / 2);
}

test('at 1366x768 each step is one key or one click away, and the bar says which step is on screen', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const wb = await Workbench.open(page);
  await expect(page.getByRole('navigation', { name: 'Steps' })).toHaveCount(0); // nothing to move between yet
  await wb.loadSample();
  const nav = page.getByRole('navigation', { name: 'Steps' });
  await expect(nav).toBeInViewport();
  const order = ['Explore', 'Label', 'Train & evaluate', 'Export model', 'Capture summary'];
  await expect(nav.getByRole('link')).toHaveText(order.map((step) => new RegExp(`^\\d${step}`)));
  await expectCurrent(nav, 'Explore');

  for (const { step, key, target } of STEPS) {
    await page.keyboard.press('g');
    await page.keyboard.press(key);
    await expectBelowBar(page, nav, target(page));
    await expectCurrent(nav, step);
    await expect(nav, 'the bar stays on screen').toBeInViewport();
  }
  for (const { step, target } of STEPS) {
    await nav.getByRole('link', { name: step }).click();
    await expectBelowBar(page, nav, target(page));
    await expectCurrent(nav, step);
  }

  // Scrolling by hand moves the mark too: the foot of the page is the summary, the top is exploring.
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await expectCurrent(nav, 'Capture summary');
  await page.evaluate(() => window.scrollTo(0, 0));
  await expectCurrent(nav, 'Explore');
  await page.getByRole('region', { name: 'Labels' }).evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await expectCurrent(nav, 'Label');

  const sideways = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(sideways, 'nothing wider than the screen').toBeLessThanOrEqual(0);
});

test('at 1920x1080 the breakdowns and the labels share a row', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  const wb = await Workbench.open(page);
  await wb.loadSample();
  const breakdowns = (await page.getByRole('region', { name: 'Breakdowns' }).boundingBox())!;
  const labels = (await page.getByRole('region', { name: 'Labels' }).boundingBox())!;
  expect(labels.y, 'same row').toBeCloseTo(breakdowns.y, 0);
  expect(labels.x, 'labels to the right').toBeGreaterThanOrEqual(breakdowns.x + breakdowns.width);
  for (const name of ['Time series', 'Model', 'Capture summary']) {
    const box = (await page.getByRole('region', { name }).boundingBox())!;
    expect(box.width, `${name} keeps the full width`).toBeGreaterThan(1800);
  }
  const sideways = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(sideways, 'nothing wider than the screen').toBeLessThanOrEqual(0);
});
