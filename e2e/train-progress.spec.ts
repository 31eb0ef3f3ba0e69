/**
 * Training feedback on a run of two views (pair, dst) where hping3 is labelled on the flood's first 60 ms
 * only, so no view has validation windows of it: the time left while the first view trains counts the view
 * still to come too (it said only the current view's); the curves draw no recall line for hping3 (a flat 0
 * read as a class never found) and say why; the accuracy axis ticks at 0.0, 0.2, ... 1.0 (it ticked at
 * fractions of the loss axis: 0.145, 0.291, ...).
 */
import { expect, test } from '@playwright/test';
import { classCount, labelRange, openSample, RECIPE, SYN_FLOOD } from './helpers/labelling.ts';
import { parseCount } from './helpers/workbench.ts';

type PlotDiv = HTMLElement & { data?: { name?: string }[] };

/** "1 min 5 s" or "12 s" → seconds. */
const seconds = (t: string): number => {
  const m = /^(?:(\d+) min )?(\d+) s$/.exec(t.trim());
  if (!m) throw new Error(`not a time left: "${t}"`);
  return Number(m[1] ?? 0) * 60 + Number(m[2]);
};

test('time left counts the views to come, no recall line without validation windows, accuracy ticks at 0.2 steps', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await openSample(page);
  await labelRange(page, RECIPE, String(SYN_FLOOD.start), (SYN_FLOOD.start + 0.06).toFixed(6), 'hping3');
  await expect.poll(async () => parseCount(await classCount(page, 'hping3').innerText())).toBeGreaterThan(0);

  const model = page.getByRole('region', { name: 'Model' });
  const views = model.getByRole('group', { name: 'Views' });
  await views.getByRole('checkbox', { name: 'src', exact: true }).uncheck();
  await model.getByRole('checkbox', { name: 'Train also on the benign corpus' }).uncheck();
  await model.getByRole('textbox', { name: 'Epochs' }).fill('3');
  await model.getByRole('textbox', { name: 'Max windows per class' }).fill('4000');
  await model.getByRole('button', { name: 'Train', exact: true }).click();

  // While the first of two views trains: the run's time left exceeds this view's (read from one status text,
  // once this view has at least 2 s left, so rounding to whole seconds cannot make them equal).
  const status = model.getByRole('status', { name: 'Training status' });
  let seen: { run: number; view: number } | null = null;
  await expect
    .poll(
      async () => {
        const text = (await status.textContent({ timeout: 1_000 }).catch(() => null)) ?? '';
        const m = /^View 1 of 2: pair · .* · (.+) left \(this view (.+)\)$/.exec(text);
        if (m && seconds(m[2]) >= 2) seen = { run: seconds(m[1]), view: seconds(m[2]) };
        return seen !== null;
      },
      { timeout: 120_000, intervals: [100] },
    )
    .toBe(true);
  const at = seen as unknown as { run: number; view: number };
  expect(at.run, 'the run takes this view and the next').toBeGreaterThan(at.view);
  // The last view's time left is the run's.
  await expect(status).toHaveText(/^View 2 of 2: dst · .* · \d.* s left$/, { timeout: 120_000 });

  await expect(model.getByRole('group', { name: 'Evaluation' })).toBeVisible({ timeout: 180_000 });
  const curves = model.getByRole('img', { name: 'Training curves' });
  for (const view of ['pair', 'dst']) {
    await model.getByRole('combobox', { name: 'Curves of' }).selectOption(view);
    await expect
      .poll(() => curves.evaluate((el: PlotDiv) => (el.data ?? []).map((t) => t.name)))
      .toEqual(['loss', 'accuracy', 'validation loss', 'validation accuracy', 'recall benign']);
    await expect(model.getByLabel('Classes without recall curves')).toHaveText(
      'No validation windows, so no recall curve: hping3',
    );
  }
  // The right axis (accuracy / recall) as drawn: tick labels 0.0 to 1.0 in steps of 0.2.
  await expect
    .poll(() => curves.locator('g.y2tick text').allTextContents())
    .toEqual(['0.0', '0.2', '0.4', '0.6', '0.8', '1.0']);
});
