/**
 * The README's labelling recipe, as a researcher follows it: the attacker's SYNs of the SYN flood (display
 * filter `tcp.flags.syn == 1 && tcp.dstport == 80` over the episode's time range) labelled hping3 through the
 * label form, everything else benign. The victim's replies stay benign, in the flood's time; the split must
 * still give hping3 validation and test windows in every view (it gave 0 and 0 when the replies' own time
 * cut put them in training beside the flood's validation and test packets). Then a class labelled on a few
 * packets only: before any view trains, the panel says in words that it cannot be measured, and what to do.
 */
import { expect, test, type Locator } from '@playwright/test';
import { classCount, labelRange, openSample, RECIPE, SYN_FLOOD as flood } from './helpers/labelling.ts';
import { bodyRows } from './helpers/tables.ts';
import { parseCount } from './helpers/workbench.ts';

const VIEWS = ['pair', 'src', 'dst'];

/** The hping3 row of a view's split table: [training, validation, test] windows. */
async function hping3Windows(model: Locator, view: string): Promise<number[]> {
  const table = model.getByRole('table', { name: `Windows per split: ${view}` });
  await expect(table).toBeVisible({ timeout: 120_000 });
  const row = (await bodyRows(table)).find((r) => r[0] === 'hping3');
  if (!row) throw new Error(`no hping3 row in the ${view} split`);
  return row.slice(1, 4).map(parseCount);
}

test("the README's recipe gives hping3 validation and test windows in every view", async ({ page }) => {
  test.setTimeout(240_000);
  await openSample(page);
  await labelRange(page, RECIPE, String(flood.start), String(flood.end), 'hping3');
  await expect.poll(async () => parseCount(await classCount(page, 'hping3').innerText())).toBeGreaterThan(20_000);

  const model = page.getByRole('region', { name: 'Model' });
  await model.getByRole('checkbox', { name: 'Train also on the benign corpus' }).uncheck();
  await model.getByRole('textbox', { name: 'Epochs' }).fill('1');
  await model.getByRole('textbox', { name: 'Max windows per class' }).fill('200');
  await model.getByRole('button', { name: 'Train', exact: true }).click();
  for (const view of VIEWS) {
    const [train, validation, test] = await hping3Windows(model, view);
    expect(train, `${view}: training windows`).toBeGreaterThan(10_000);
    expect(validation, `${view}: validation windows`).toBeGreaterThan(1_000);
    expect(test, `${view}: test windows`).toBeGreaterThan(1_000);
  }
  // Every class measured in every view: the check has nothing to say.
  await expect(model.getByRole('alert', { name: 'Split check' })).toHaveCount(0);
  await expect(model.getByRole('group', { name: 'Evaluation' })).toBeVisible({ timeout: 120_000 });
});

test('a class of a few packets: the panel says before training that it cannot be measured, and what to do', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await openSample(page);
  // The flood's first 60 ms: a dozen SYNs.
  await labelRange(page, RECIPE, String(flood.start), (flood.start + 0.06).toFixed(6), 'hping3');
  // The rule lands once the engine has counted what it labels.
  const count = async (): Promise<number> => parseCount(await classCount(page, 'hping3').innerText());
  await expect.poll(count).toBeGreaterThan(0);
  const labelled = await count();
  expect(labelled).toBeLessThan(40);

  const model = page.getByRole('region', { name: 'Model' });
  await model.getByRole('checkbox', { name: 'Train also on the benign corpus' }).uncheck();
  await model.getByRole('textbox', { name: 'Epochs' }).fill('1');
  await model.getByRole('textbox', { name: 'Max windows per class' }).fill('200');
  await model.getByRole('button', { name: 'Train', exact: true }).click();
  const check = model.getByRole('alert', { name: 'Split check' });
  await expect(check).toContainText(
    `hping3 (${labelled} packets labelled) has no validation and no test windows in any view (pair, src, dst): it would be trained on but not measured.`,
    { timeout: 120_000 },
  );
  await expect(check).toContainText('Label more packets of it, over a longer stretch of its attack');
  // What the words say is what the split shows, once the first view is windowed; then Stop.
  expect((await hping3Windows(model, 'pair')).slice(1)).toEqual([0, 0]);
  await model.getByRole('button', { name: 'Stop' }).click();
  await expect(model.getByRole('button', { name: 'Train', exact: true })).toBeEnabled({ timeout: 120_000 });
  // The words stay with the run they were said of.
  await expect(check).toBeVisible();
});
