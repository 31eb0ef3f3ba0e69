/**
 * A control that cannot be used looks it: Stop and Export model before any training are greyed with no
 * pointer, and hovering them does not light them up, while Train stays as it was.
 */
import { expect, type Locator, test } from '@playwright/test';
import { Workbench } from './helpers/workbench.ts';

const look = (button: Locator): Promise<{ cursor: string; opacity: string; background: string }> =>
  button.evaluate((el) => {
    const s = getComputedStyle(el);
    return { cursor: s.cursor, opacity: s.opacity, background: s.backgroundColor };
  });

test('disabled buttons look disabled, enabled ones do not', async ({ page }) => {
  const wb = await Workbench.open(page);
  await wb.loadFile('fixtures/csv/small-good.csv');
  const model = page.getByRole('region', { name: 'Model' });
  const train = model.getByRole('button', { name: 'Train', exact: true });
  await expect(train).toBeEnabled();
  expect(await look(train)).toMatchObject({ cursor: 'pointer', opacity: '1' });
  for (const name of ['Stop', 'Export model (.zip)']) {
    const button = model.getByRole('button', { name, exact: true });
    await expect(button).toBeDisabled();
    const before = await look(button);
    expect(before, name).toMatchObject({ cursor: 'not-allowed', opacity: '0.5' });
    await button.hover({ force: true });
    expect((await look(button)).background, `${name}: no hover`).toBe(before.background);
  }
});
