/** Labelling the sample through the label form, as the README's recipe does, for the training specs. */
import { readFileSync } from 'node:fs';
import { expect, type Locator, type Page } from '@playwright/test';
import { parseCount, Workbench } from './workbench.ts';

interface Episode {
  readonly tool: string;
  readonly variant: string;
  readonly start: number;
  readonly end: number;
}

/** The sample's SYN flood episode (public/samples/lab-a/episodes.json). */
export const SYN_FLOOD = (
  JSON.parse(readFileSync('public/samples/lab-a/episodes.json', 'utf8')) as { episodes: Episode[] }
).episodes.find((e) => e.tool === 'hping3' && e.variant === 'syn-flood') as Episode;

/** The README's filter for the attacker's SYNs of the flood. */
export const RECIPE = 'tcp.flags.syn == 1 && tcp.dstport == 80';

/** Opens the sample and waits for its labels. */
export async function openSample(page: Page): Promise<void> {
  const wb = await Workbench.open(page);
  await wb.loadSample();
  await expect(page.getByRole('region', { name: 'Labels' })).toHaveAttribute('aria-busy', 'false');
}

/** Labels what `filter` matches between `from` and `to` (epoch seconds) as `cls`, through the label form. */
export async function labelRange(page: Page, filter: string, from: string, to: string, cls: string): Promise<void> {
  const input = page.getByRole('textbox', { name: 'Display filter' });
  await input.fill(filter);
  await input.press('Enter');
  const form = page.getByRole('group', { name: 'Label packets' });
  await form.getByRole('textbox', { name: 'From' }).fill(from);
  await form.getByRole('textbox', { name: 'To' }).fill(to);
  await expect(form.getByLabel('What will be labelled')).toContainText(filter);
  await form.getByRole('button', { name: new RegExp(`^Label as ${cls}`) }).click();
}

/** The packet count cell of a class in the label classes table. */
export function classCount(page: Page, name: string): Locator {
  return page
    .getByRole('table', { name: 'Label classes' })
    .getByRole('row')
    .filter({ has: page.getByRole('textbox', { name: `Name of ${name}` }) })
    .locator('td')
    .nth(2);
}

/** Takes the labels from the sample's own attack column, and waits until the classes hold its packets. */
export async function labelFromAttackColumn(page: Page): Promise<void> {
  await expect(page.getByRole('region', { name: 'Labels' })).toHaveAttribute('aria-busy', 'false');
  await page.getByRole('combobox', { name: 'Start labels from' }).selectOption({ label: "the file's attack column" });
  await expect.poll(async () => parseCount(await classCount(page, 'hping3').innerText())).toBeGreaterThan(0);
}
