/**
 * The results of a run, read as a researcher reads them (issue 19, items 3 and 4): one page, two short runs
 * on the sample (labels from its `attack` column, views pair and dst, 1 epoch of at most 300 windows per class,
 * no benign corpus).
 *   1. Every detector counts the same attack episodes (the test split's): the Combined tab and each view's
 *      "Alert summary" give the same total, the "Detectors compared" table too, and the Combined tab has its
 *      precision/recall curve like the views.
 *   2. The trained model evaluated on the capture it was trained on says that its training windows are in
 *      those figures.
 *   3. A second run stopped during its first view: while it runs, the earlier model's test figures are marked
 *      as that model's; when it ends, the earlier model's capture evaluation is gone, and Combined (now the
 *      pair view alone) reads exactly as the pair view.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { bodyRows } from './helpers/tables.ts';
import { labelFromAttackColumn } from './helpers/labelling.ts';
import { Workbench } from './helpers/workbench.ts';

const VIEWS = ['pair', 'dst'];

type PlotDiv = HTMLElement & { data?: { x?: unknown[] }[] };

// One page and its runs, shared by the tests in order (each reads what the one before it left on screen).
test.describe.configure({ mode: 'serial' });

test.describe('the results of a run', () => {
  let page: Page;
  let model: Locator;
  let evaluation: Locator;

  /** A tab of the test split results, opened: its panel. */
  const tab = async (name: string): Promise<Locator> => {
    await evaluation
      .getByRole('tablist', { name: 'Test split results' })
      .getByRole('tab', { name, exact: true })
      .click();
    return evaluation.getByRole('tabpanel', { name, exact: true });
  };
  /** "3 of 10" from an Alert summary: alerted, total. */
  const episodesOf = async (panel: Locator): Promise<[number, number]> => {
    const text = await panel.getByLabel('Alert summary').innerText();
    const m = /(\d+) of (\d+)\s+attack episodes/.exec(text);
    expect(m, `an episode count in "${text}"`).not.toBeNull();
    return [Number(m?.[1]), Number(m?.[2])];
  };

  test.beforeAll(async ({ browser }) => {
    page = await browser.newPage();
    page.on('pageerror', (e) => console.log(`page error: ${e.message}`));
  });
  test.afterAll(async () => {
    await page.close();
  });

  test('every detector counts the same test split episodes, and Combined has its precision/recall curve', async () => {
    test.setTimeout(240_000);
    const wb = await Workbench.open(page);
    await wb.loadSample();
    await labelFromAttackColumn(page);

    model = page.getByRole('region', { name: 'Model' });
    evaluation = model.getByRole('group', { name: 'Evaluation', exact: true });
    const views = model.getByRole('group', { name: 'Views' });
    await views.getByRole('checkbox', { name: 'src', exact: true }).uncheck();
    await model.getByRole('checkbox', { name: 'Train also on the benign corpus' }).uncheck();
    await model.getByRole('textbox', { name: 'Epochs' }).fill('1');
    await model.getByRole('textbox', { name: 'Max windows per class' }).fill('300');
    await model.getByRole('button', { name: 'Train', exact: true }).click();
    await expect(evaluation).toBeVisible({ timeout: 200_000 });

    const totals: Record<string, number> = {};
    for (const name of ['Combined', ...VIEWS]) {
      const panel = await tab(name);
      const [alerted, total] = await episodesOf(panel);
      expect(alerted).toBeLessThanOrEqual(total);
      totals[name] = total;
      // Each view has a curve of its own; Combined has the curve of "any view fires".
      const curve = panel.getByRole('img', { name: 'Attack precision-recall curve' });
      await expect
        .poll(() => curve.evaluate((el: PlotDiv) => el.data?.[0]?.x?.length ?? 0), {
          message: `${name}: curve points`,
        })
        .toBeGreaterThan(1);
    }
    // The sample's episodes reach the test split: one total, the same for every detector.
    expect(totals.Combined).toBeGreaterThan(0);
    expect(totals).toEqual({ Combined: totals.Combined, pair: totals.Combined, dst: totals.Combined });
    const compared = await bodyRows(evaluation.getByRole('table', { name: 'Detectors compared' }));
    expect(compared.map((r) => r[0])).toEqual(['Combined', ...VIEWS]);
    expect(compared.map((r) => r[4].replace(/^\d+ of /, ''))).toEqual(compared.map(() => String(totals.Combined)));
  });

  test('the trained model on the capture it was trained on says its training windows are in the figures', async () => {
    test.setTimeout(180_000);
    await model.getByRole('button', { name: 'Evaluate trained model on this capture' }).click();
    const capture = model.getByRole('group', { name: 'Capture evaluation' });
    await expect(capture).toBeVisible({ timeout: 150_000 });
    await expect(capture.getByRole('note', { name: 'Trained on this capture' })).toHaveText(
      /This is the capture the model was trained on: its training and validation windows are in these figures/,
    );
  });

  test('a run stopped after its first view: the earlier results go, and Combined is the pair view', async () => {
    test.setTimeout(240_000);
    const capture = model.getByRole('group', { name: 'Capture evaluation' });
    await expect(capture).toBeVisible();
    await model.getByRole('button', { name: 'Train', exact: true }).click();
    // While the new run trains, the test figures on screen are said to be the earlier model's.
    await expect(evaluation.getByRole('note', { name: 'Earlier model' })).toContainText(
      'the model trained before this run',
    );
    const status = model.getByRole('status', { name: 'Training status' });
    await expect(status).toContainText('View 1 of 2: pair', { timeout: 60_000 });
    await model.getByRole('button', { name: 'Stop' }).click();
    await expect(evaluation.getByRole('group', { name: 'Run outcome' })).toContainText('before dst started', {
      timeout: 150_000,
    });
    await expect(evaluation.getByRole('note', { name: 'Earlier model' })).toHaveCount(0);
    // The earlier model's evaluation on the capture went with it.
    await expect(capture).toHaveCount(0);
    await expect(evaluation.getByRole('tablist', { name: 'Test split results' }).getByRole('tab')).toHaveText([
      'Combined',
      'pair',
    ]);
    const read = async (name: string): Promise<{ summary: string; episodes: string[][] }> => {
      const panel = await tab(name);
      return {
        summary: await panel.getByLabel('Alert summary').innerText(),
        episodes: await bodyRows(panel.getByRole('table', { name: 'Episodes alerted' })),
      };
    };
    const combined = await read('Combined');
    const pair = await read('pair');
    expect(combined.episodes.length).toBeGreaterThan(0);
    // Same episodes, same outcomes and delays, same false alerts: the combined detector of one view is that view.
    expect(combined).toEqual(pair);
    const compared = await bodyRows(evaluation.getByRole('table', { name: 'Detectors compared' }));
    expect(compared[0].slice(4)).toEqual(compared[1].slice(4));
  });
});
