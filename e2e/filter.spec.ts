/**
 * The display-filter bar: counts come from the engine worker and must equal an independent count over the
 * sample's CSV; a wrong filter says what and where; a cancelled load leaves the open capture filterable.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { expect, test, type Page } from '@playwright/test';
import { repeatedSample } from './helpers/big-files.ts';
import { Workbench } from './helpers/workbench.ts';

/** tcp.seq of every row of the sample, read with a splitter that knows tshark's quoting and nothing else. */
function sampleCount(field: string, value: string): number {
  const lines = gunzipSync(readFileSync('public/samples/lab-a/packets.csv.gz')).toString('utf8').split('\n');
  const col = lines[0].split(',').indexOf(field);
  let n = 0;
  for (const line of lines.slice(1)) {
    if (!line) continue;
    const cells = line.match(/("[^"]*"|[^,]*)(,|$)/g) ?? [];
    if ((cells[col] ?? '').replace(/,$/, '').replace(/^"|"$/g, '') === value) n++;
  }
  return n;
}

async function applyFilter(page: Page, text: string): Promise<string> {
  const input = page.getByRole('textbox', { name: 'Display filter' });
  const status = page.getByRole('status', { name: 'Filter result' });
  // The same filter applied again: an old answer already quotes it, so clear it first and wait for the idle
  // line, or the old answer (or the "Counting…" that replaces it a moment later) would be read as the new one.
  if ((await status.innerText()).includes(text.trim())) {
    await input.fill('');
    await input.press('Enter');
    await expect(status).toContainText('Type a filter and press Enter');
  }
  await input.fill(text);
  await input.press('Enter');
  // The answer (a count or an error) quotes the filter; the status passes through "Counting…" first. The text
  // returned is the one the wait saw, not a second read.
  let answer = '';
  await expect
    .poll(async () => {
      answer = await status.innerText();
      return !answer.includes('Counting') && answer.includes(text.trim());
    })
    .toBe(true);
  return answer;
}

test('a filter counts the matching packets, as an independent count of the CSV does', async ({ page }) => {
  const wb = await Workbench.open(page);
  await wb.loadSample();
  const expected = sampleCount('tcp.seq', '1');
  expect(expected).toBeGreaterThan(1000);
  const text = await applyFilter(page, 'tcp.seq == 1');
  expect(text).toContain(`${expected.toLocaleString('en-US')} of 238,398 packets match`);
  expect(await applyFilter(page, 'tcp.flags.syn == 1 && tcp.dstport == 80 && attack == "hping3"')).toMatch(
    /^[\d,]+ of 238,398 packets match/,
  );
});

test('a wrong filter says what is wrong and where, with a suggestion', async ({ page }) => {
  const wb = await Workbench.open(page);
  await wb.loadSample();
  const unknown = await applyFilter(page, 'ip.src == 10.20.30.103 && tcp.dstprt == 80');
  expect(unknown).toContain("unknown field 'tcp.dstprt'");
  expect(unknown).toContain("did you mean 'tcp.dstport'");
  expect(unknown).toContain('(column 27');
  await expect(page.getByRole('textbox', { name: 'Display filter' })).toHaveAttribute('aria-invalid', 'true');
  const syntax = await applyFilter(page, 'tcp.port == ');
  expect(syntax).toMatch(/expected a value/i);
  // The filter is the user's text: shown literally, never as markup.
  const markup = await applyFilter(page, 'http.user_agent contains "<b>x</b>" &&');
  expect(markup).toContain('<b>x</b>');
  expect(await page.locator('.filter-status b').count()).toBe(0);
});

test('cancelling a load leaves the open capture in the engine', async ({ page }) => {
  test.setTimeout(180_000);
  const wb = await Workbench.open(page);
  await wb.loadSample();
  const matches = (text: string): string => text.replace(/ \(\d+ ms\)$/, ''); // the timing varies
  const before = matches(await applyFilter(page, 'udp.port in {53, 123}'));
  expect(before).toMatch(/^[1-9][\d,]* of 238,398 packets match udp.port in {53, 123}$/);
  const big = repeatedSample();
  await wb.fileInput.setInputFiles(big);
  await wb.progressbar.waitFor();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(wb.progressbar).toHaveCount(0);
  expect(await wb.fact('Rows')).toBe('238,398');
  expect(matches(await applyFilter(page, 'udp.port in {53, 123}'))).toBe(before);
});
