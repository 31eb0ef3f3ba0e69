/**
 * Labelling against the chart's zoom: zooming offers its range to the label form, labelling inside it
 * labels at once, and a press that reaches past it (the whole capture while the chart shows a minute) asks
 * first in the page: Cancel labels nothing, "Label all" labels every packet.
 */
import { expect, test } from '@playwright/test';
import { Workbench } from './helpers/workbench.ts';
import { classCount } from './helpers/labelling.ts';

/** "20:12:58.570535" of the form's ISO text, to the second. */
const clock = (iso: string): string => iso.slice(11, 19);

test('zooming offers its range to the label form, and labelling past the zoom asks first', async ({ page }) => {
  const wb = await Workbench.open(page);
  await wb.loadSample();
  await expect(page.getByRole('region', { name: 'Labels' })).toHaveAttribute('aria-busy', 'false');
  const form = page.getByRole('group', { name: 'Label packets' });
  const offer = form.getByRole('button', { name: /^Use zoomed range/ });
  await expect(offer).toHaveCount(0);

  // A real drag across the plot in zoom mode (the chart's default).
  const plot = page.locator('.plotly-view .nsewdrag').first();
  await plot.scrollIntoViewIfNeeded();
  const box = await plot.boundingBox();
  if (!box) throw new Error('no plot area');
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.33, box.y + box.height / 2 + 2, { steps: 6 });
  await page.mouse.up();

  await expect(offer).toBeVisible();
  const [, from, to] = /\((\d\d:\d\d:\d\d)\S*–(\d\d:\d\d:\d\d)\S*, /.exec(await offer.innerText()) ?? [];
  expect(from, 'the offer names its range').toBeTruthy();
  await offer.click();
  const fromBox = form.getByRole('textbox', { name: 'From' });
  const toBox = form.getByRole('textbox', { name: 'To' });
  await expect(fromBox).toHaveValue(/^2026-11-22T\d\d:\d\d:\d\d\.\d{6}Z$/);
  expect(clock(await fromBox.inputValue())).toBe(from);
  expect(clock(await toBox.inputValue())).toBe(to);
  await expect(offer).toHaveCount(0); // the form holds the zoomed range now

  // Inside the zoom: labelled at once, no question.
  const rules = page.getByRole('table', { name: 'Label rules' });
  await form.getByRole('button', { name: /^Label as hping3/ }).click();
  await expect(rules.getByRole('row')).toHaveCount(2);
  const inZoom = await classCount(page, 'hping3').innerText();
  expect(Number(inZoom.replaceAll(',', ''))).toBeGreaterThan(0);
  // Each press waits on its own count in the engine: two quick presses both label, in order.
  await form.getByRole('button', { name: /^Label as nmap/ }).click();
  await form.getByRole('button', { name: /^Label as ping/ }).click();
  await expect(rules.getByRole('row')).toHaveCount(4);
  await expect(rules.getByRole('row').nth(3)).toContainText('ping');

  // The whole capture while zoomed: asked first, in the page.
  await form.getByRole('button', { name: 'whole capture' }).click();
  await expect(fromBox).toHaveValue('');
  await form.getByRole('button', { name: /^Label as hydra/ }).click();
  const question = page.getByRole('alertdialog', { name: 'Label more than the chart shows?' });
  await expect(question).toBeVisible();
  await expect(question).toHaveAccessibleDescription(
    /^This labels 238,398 packets over the whole capture \(\d+ min \d+ s\), but the chart shows \d+ s\. Label them all\?$/,
  );
  await question.getByRole('button', { name: 'Cancel' }).click();
  await expect(question).toBeHidden();
  await expect(rules.getByRole('row')).toHaveCount(4);
  await expect(classCount(page, 'hydra')).toHaveText('0');

  // Escape is Cancel too; then "Label all" labels every packet.
  await form.getByRole('button', { name: /^Label as hydra/ }).click();
  await expect(question).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(question).toBeHidden();
  await expect(rules.getByRole('row')).toHaveCount(4);
  await form.getByRole('button', { name: /^Label as hydra/ }).click();
  await question.getByRole('button', { name: /^Label all/ }).click();
  await expect(question).toBeHidden();
  await expect(rules.getByRole('row')).toHaveCount(5);
  await expect(classCount(page, 'hydra')).toHaveText('238,398');
});
