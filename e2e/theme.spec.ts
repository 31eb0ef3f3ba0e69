/**
 * The page follows the system's colour scheme, as it is when the page opens and when it changes: a dark
 * background with light text, and charts drawn on a dark paper, under a dark setting; light under a light one.
 */
import { expect, type Page, test } from '@playwright/test';
import { Workbench } from './helpers/workbench.ts';

/** Relative luminance (0 black .. 1 white) of a CSS rgb()/rgba() colour. */
function luminance(css: string): number {
  const [r, g, b] = (css.match(/[\d.]+/g) ?? []).map(Number).map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

interface Colours {
  readonly body: string;
  readonly text: string;
  readonly panel: string;
  readonly paper: string;
}

/** What the user sees: the page's and a panel's background, the text, and the chart's paper (Plotly's SVG). */
const colours = (page: Page): Promise<Colours> =>
  page.evaluate(() => {
    const css = (el: Element | null, prop: 'backgroundColor' | 'color'): string =>
      el ? getComputedStyle(el)[prop] : 'none';
    return {
      body: css(document.body, 'backgroundColor'),
      text: css(document.body, 'color'),
      panel: css(document.querySelector('[aria-label="Labels"]'), 'backgroundColor'),
      paper: css(document.querySelector('[aria-label="Time series chart"] .main-svg'), 'backgroundColor'),
    };
  });

const dark = (c: Colours): boolean =>
  luminance(c.body) < 0.05 && luminance(c.panel) < 0.05 && luminance(c.paper) < 0.05 && luminance(c.text) > 0.6;
const light = (c: Colours): boolean =>
  luminance(c.body) > 0.8 && luminance(c.panel) > 0.8 && luminance(c.paper) > 0.8 && luminance(c.text) < 0.05;

test('dark under a dark system setting, light under a light one, switching as the setting does', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  const wb = await Workbench.open(page);
  await wb.loadFile('fixtures/csv/small-good.csv');
  await expect(page.getByRole('img', { name: 'Time series chart' }).locator('.main-svg').first()).toBeAttached();
  await expect.poll(async () => dark(await colours(page)), { message: 'dark' }).toBe(true);

  await page.emulateMedia({ colorScheme: 'light' });
  await expect.poll(async () => light(await colours(page)), { message: 'light' }).toBe(true);

  await page.emulateMedia({ colorScheme: 'dark' });
  await expect.poll(async () => dark(await colours(page)), { message: 'dark again' }).toBe(true);
});
