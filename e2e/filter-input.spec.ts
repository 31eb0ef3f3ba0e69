/**
 * The filter boxes (the display filter and the label form's filter): field names complete as they are
 * typed, from a list driven by the keyboard (↓/↑, Enter or Tab to take a name, Escape to close), and an
 * error about the old text goes as soon as the text is edited; Enter shows the new text's result.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { Workbench } from './helpers/workbench.ts';

async function open(page: Page): Promise<void> {
  const wb = await Workbench.open(page);
  await wb.loadSample();
  await expect(page.getByRole('region', { name: 'Labels' })).toHaveAttribute('aria-busy', 'false');
}

const boxes: [string, (page: Page) => Locator][] = [
  ['display filter', (page) => page.getByRole('textbox', { name: 'Display filter' })],
  [
    'label filter',
    (page) => page.getByRole('group', { name: 'Label packets' }).getByRole('textbox', { name: 'Label filter' }),
  ],
];

for (const [which, find] of boxes) {
  test(`the ${which} completes field names from the keyboard`, async ({ page }) => {
    await open(page);
    const box = find(page);
    const list = page.getByRole('listbox', { name: 'Field names' });
    await box.fill('');
    await box.pressSequentially('tcp.fl');
    await expect(list).toBeVisible();
    const names = (await list.getByRole('option').allInnerTexts()).map((t) => t.split(' ')[0]);
    expect(names[0]).toBe('tcp.flags');
    expect(names).toContain('tcp.flags.syn');
    expect(names.every((n) => n.startsWith('tcp.fl'))).toBe(true);

    // ↓ to tcp.flags.syn (highlighted, and announced as the active option), Enter takes it.
    for (let i = 0; i <= names.indexOf('tcp.flags.syn'); i++) await box.press('ArrowDown');
    const syn = list.getByRole('option', { name: /^tcp\.flags\.syn\b/ });
    await expect(syn).toHaveAttribute('aria-selected', 'true');
    await expect(box).toHaveAttribute('aria-activedescendant', (await syn.getAttribute('id')) ?? '');
    await box.press('Enter');
    await expect(box).toHaveValue('tcp.flags.syn');
    await expect(list).toBeHidden();

    // Tab takes the first name; Escape closes the list and leaves the text.
    await box.pressSequentially(' == 1 && tcp.dstp');
    await expect(list.getByRole('option')).toHaveText([/^tcp\.dstport\b/]);
    await box.press('Tab');
    await expect(box).toHaveValue('tcp.flags.syn == 1 && tcp.dstport');
    await expect(box).toBeFocused();
    await box.pressSequentially(' == 80 && ud');
    await expect(list).toBeVisible();
    await box.press('Escape');
    await expect(list).toBeHidden();
    await expect(box).toHaveValue('tcp.flags.syn == 1 && tcp.dstport == 80 && ud');
    await expect(box).toBeFocused();

    // A value is never completed; Enter with no name highlighted applies the filter as typed.
    await box.fill('tcp.flags.syn == 1 && tcp.dstport == 80');
    await expect(list).toBeHidden();
    await box.press('Enter');
    if (which === 'display filter') {
      await expect(page.getByRole('status', { name: 'Filter result' })).toContainText(
        /^[\d,]+ of 238,398 packets match tcp\.flags\.syn == 1 && tcp\.dstport == 80/,
      );
    } else {
      await expect(page.getByRole('group', { name: 'What will be labelled' })).toContainText(
        /matching tcp\.flags\.syn == 1 && tcp\.dstport == 80: [\d,]+ packets/,
      );
    }
  });
}

test('the display filter clears its old error while typing and shows the new one on Enter', async ({ page }) => {
  await open(page);
  const box = page.getByRole('textbox', { name: 'Display filter' });
  const status = page.getByRole('status', { name: 'Filter result' });
  await box.fill('tcp.dstprt == 80');
  await box.press('Enter');
  await expect(status).toContainText("unknown field 'tcp.dstprt'");
  await expect(box).toHaveAttribute('aria-invalid', 'true');

  await box.press('ControlOrMeta+a');
  await box.pressSequentially('t');
  await expect(status).not.toContainText('unknown field');
  await expect(box).not.toHaveAttribute('aria-invalid', 'true');
  await box.pressSequentially('cp.port == ');
  await expect(status).not.toContainText('unknown field');
  await box.press('Enter');
  await expect(status).toContainText(/expected a value/i);
  await expect(box).toHaveAttribute('aria-invalid', 'true');
});

test('the label filter shows a wrong filter, labels nothing with it, and clears the error while typing', async ({
  page,
}) => {
  await open(page);
  const form = page.getByRole('group', { name: 'Label packets' });
  const box = form.getByRole('textbox', { name: 'Label filter' });
  const what = page.getByRole('group', { name: 'What will be labelled' });
  await box.fill('tcp.dstprt == 80');
  await box.press('Enter');
  await expect(what).toContainText("unknown field 'tcp.dstprt'");
  await expect(box).toHaveAttribute('aria-invalid', 'true');
  await form.getByRole('button', { name: /^Label as hping3/ }).click();
  await expect(what).toContainText("unknown field 'tcp.dstprt'");

  await box.press('End');
  await box.press('Backspace');
  await expect(what).not.toContainText('unknown field');
  await expect(box).not.toHaveAttribute('aria-invalid', 'true');
  await box.fill('tcp.dstport == 80');
  await box.press('Enter');
  await expect(what).toContainText(/matching tcp\.dstport == 80: [\d,]+ packets/);

  // The engine answers in order: had the wrong filter labelled, its rule would come before this one.
  await form.getByRole('button', { name: /^Label as hping3/ }).click();
  const rules = page.getByRole('table', { name: 'Label rules' });
  await expect(rules.getByRole('row')).toHaveCount(2);
  await expect(rules).toContainText('tcp.dstport == 80');
  await expect(rules).not.toContainText('tcp.dstprt');
});
