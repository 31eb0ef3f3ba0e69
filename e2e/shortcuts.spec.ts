/**
 * Keys: `?` opens a sheet of every shortcut (a modal dialog; Escape closes it and the focus goes back), `/`
 * focuses the display filter, and none of the page's keys fires while the user types in a field.
 */
import { expect, test } from '@playwright/test';
import { Workbench } from './helpers/workbench.ts';

test('? lists the shortcuts, Escape closes the sheet and gives the focus back', async ({ page }) => {
  const wb = await Workbench.open(page);
  await wb.loadFile('fixtures/csv/small-good.csv');
  const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  const sample = wb.header.getByRole('button', { name: 'Open sample capture' });
  await sample.focus();
  await page.keyboard.press('?');
  await expect(sheet).toBeVisible();
  const keys = await sheet.getByRole('rowheader').allInnerTexts();
  for (const k of ['g then e', 'g then l', 'g then t', 'g then x', 'g then s', '/', '?', 'Esc', 'Ctrl+Z'])
    expect(keys, `lists ${k}`).toContain(k);
  await page.keyboard.press('Escape');
  await expect(sheet).toBeHidden();
  await expect(sample).toBeFocused();

  // The header's button opens it too; its Close button closes it.
  const help = wb.header.getByRole('button', { name: 'Keyboard shortcuts' });
  await help.click();
  await expect(sheet).toBeVisible();
  await sheet.getByRole('button', { name: 'Close' }).click();
  await expect(sheet).toBeHidden();
  await expect(help).toBeFocused();
});

test('/ focuses the display filter; keys typed into fields stay text', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const wb = await Workbench.open(page);
  await wb.loadSample();
  const filter = page.getByRole('region', { name: 'Display filter' }).getByRole('textbox', { name: 'Display filter' });
  const nav = page.getByRole('navigation', { name: 'Steps' });
  await nav.getByRole('link', { name: 'Capture summary' }).click();
  await expect(filter).not.toBeInViewport();

  await page.keyboard.press('/');
  await expect(filter).toBeFocused();
  await expect(filter).toBeInViewport();
  await expect(filter).toHaveValue(''); // the slash is not typed into it

  // In the field, ? / g s are text: no sheet, no move.
  await page.keyboard.type('?/gs');
  await expect(filter).toHaveValue('?/gs');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeHidden();
  await expect(filter).toBeFocused();
  await expect(nav.getByRole('link', { name: 'Explore' })).toHaveAttribute('aria-current', 'step');

  // In a select too.
  const bin = page.getByRole('combobox', { name: 'Bin size' });
  await bin.focus();
  await page.keyboard.press('?');
  await page.keyboard.press('g');
  await page.keyboard.press('s');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeHidden();
  await expect(nav.getByRole('link', { name: 'Explore' })).toHaveAttribute('aria-current', 'step');
  await expect(bin).toBeFocused();
});
