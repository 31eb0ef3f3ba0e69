/**
 * The chart as a researcher reads it (issue 19): the display filter reaches the chart as a series of its own,
 * the hover says what a bin holds (top values with counts, numbers as the tables write them), Plotly's zoom
 * tip covers nothing, exports are named after the chart and say what they show, and the series come back
 * after a reload.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { expect, test, type Page } from '@playwright/test';
import { parseCount, Workbench } from './helpers/workbench.ts';

interface PlotTrace {
  name: string;
  x: number[];
  y: number[];
  customdata?: string[][];
  hovertemplate?: string;
}
type PlotDiv = HTMLElement & { data?: PlotTrace[] };

const plotDiv = (page: Page) => page.locator('.plotly-view');
const chart = (page: Page) => page.getByRole('region', { name: 'Time series' });

/** The traces on screen once the chart has drawn the answer to its latest request. */
async function drawnTraces(page: Page): Promise<PlotTrace[]> {
  await expect
    .poll(async () => {
      const latest = await chart(page).getAttribute('data-latest');
      return latest !== null && latest === (await plotDiv(page).getAttribute('data-drawn-key'));
    })
    .toBe(true);
  return plotDiv(page).evaluate((el: PlotDiv) =>
    (el.data ?? []).map((t) => ({
      name: t.name,
      x: [...t.x],
      y: [...t.y],
      customdata: t.customdata,
      hovertemplate: t.hovertemplate,
    })),
  );
}

/** Waits until the drawn traces have exactly these names, and returns them. */
async function tracesNamed(page: Page, names: string[]): Promise<PlotTrace[]> {
  let traces: PlotTrace[] = [];
  await expect
    .poll(async () => {
      traces = await drawnTraces(page);
      return traces.map((t) => t.name);
    })
    .toEqual(names);
  return traces;
}

/** Applies a display filter in the filter bar; returns "N" of "N of M packets match" ('' clears it). */
async function applyFilter(page: Page, text: string): Promise<number> {
  const input = page.getByRole('textbox', { name: 'Display filter' });
  const status = page.getByRole('status', { name: 'Filter result' });
  await input.fill(text);
  await input.press('Enter');
  if (text === '') {
    await expect(status).toContainText('Type a filter');
    return 0;
  }
  await expect(status).toContainText(`packets match ${text}`);
  return parseCount((await status.innerText()).split(' of ')[0]);
}

const sum = (a: readonly number[]): number => a.reduce((s, v) => s + v, 0);

test('the display filter reaches the chart as a series of its own, and leaves with the filter', async ({ page }) => {
  const wb = await Workbench.open(page);
  await wb.loadSample();
  await tracesNamed(page, ['All packets']);
  const filter = 'tcp.flags.syn == 1';
  const matched = await applyFilter(page, filter);
  expect(matched).toBeGreaterThan(1000);
  const traces = await tracesNamed(page, ['All packets', `Display filter: ${filter}`]);
  expect(sum(traces[0].y)).toBe(238_398);
  expect(sum(traces[1].y)).toBe(matched);
  // A series the user added keeps its own filter beside it.
  const panel = chart(page);
  await panel.getByRole('button', { name: 'Add series' }).click();
  const second = panel.getByRole('group', { name: 'Series 2' });
  await second.getByRole('textbox', { name: 'Series filter' }).fill('udp');
  await second.getByRole('textbox', { name: 'Series filter' }).press('Enter');
  const three = await tracesNamed(page, ['All packets', `Display filter: ${filter}`, 'udp']);
  expect(sum(three[1].y)).toBe(matched);
  await applyFilter(page, '');
  await tracesNamed(page, ['All packets', 'udp']);
});

/** alert per 10 s bin of the sample's CSV, counted here: the bin's packets by value. */
function alertsPerBin(): Map<number, Map<string, number>> {
  const lines = gunzipSync(readFileSync('public/samples/lab-a/packets.csv.gz')).toString('utf8').split('\n');
  const header = lines[0].split(',');
  const epoch = header.indexOf('frame.time_epoch');
  const alert = header.indexOf('alert');
  const bins = new Map<number, Map<string, number>>();
  for (const line of lines.slice(1)) {
    if (!line) continue;
    const cells = (line.match(/("[^"]*"|[^,]*)(,|$)/g) ?? []).map((c) => c.replace(/,$/, '').replace(/^"|"$/g, ''));
    const bin = Math.floor(Number(cells[epoch].split('.')[0]) / 10) * 10_000;
    const values = bins.get(bin) ?? (bins.set(bin, new Map()).get(bin) as Map<string, number>);
    values.set(cells[alert], (values.get(cells[alert]) ?? 0) + 1);
  }
  return bins;
}

test('the hover says what a bin holds: its count with separators and its top alert values', async ({ page }) => {
  const wb = await Workbench.open(page);
  await wb.loadSample();
  await chart(page).getByRole('combobox', { name: 'Bin size' }).selectOption('10 s');
  let bars: PlotTrace = { name: '', x: [], y: [] };
  await expect
    .poll(async () => {
      [bars] = await drawnTraces(page);
      return bars.x[1] - bars.x[0];
    })
    .toBe(10_000);
  // The busiest bin: the flood, tens of thousands of packets of mixed alerts.
  const i = bars.y.indexOf(Math.max(...bars.y));
  const counted = alertsPerBin().get(bars.x[i]);
  if (!counted) throw new Error('no packets counted in the busiest bin');
  const total = sum([...counted.values()]);
  expect(total).toBe(bars.y[i]);
  expect(counted.size).toBeGreaterThan(1);

  const template = bars.hovertemplate ?? '';
  const slot = (label: string): number => {
    const m = template.match(new RegExp(`${label}: %\\{customdata\\[(\\d+)\\]\\}`));
    if (!m) throw new Error(`no "${label}" line in the hover template ${template}`);
    return Number(m[1]);
  };
  const data = bars.customdata?.[i] ?? [];
  expect(data[slot('All packets')]).toBe(total.toLocaleString('en-US'));
  expect(data[slot('All packets')]).toContain(',');
  const ranked = [...counted].sort((a, b) => b[1] - a[1]);
  const share = (n: number): string => `${n.toLocaleString('en-US')} (${((100 * n) / total).toFixed(1)}%)`;
  const top = ranked.slice(0, 3).map(([v, n]) => `${v} ${share(n)}`);
  const rest = sum(ranked.slice(3).map(([, n]) => n));
  expect(data[slot('alert')]).toBe([...top, ...(rest > 0 ? [`others ${share(rest)}`] : [])].join(', '));
  // The y axis writes numbers as the tables do.
  const ticks = await plotDiv(page).locator('.ytick text').allTextContents();
  expect(ticks.some((t) => /^\d{1,3}(,\d{3})+$/.test(t))).toBe(true);
  expect(ticks.some((t) => /k$/.test(t))).toBe(false);
});

test("Plotly's zoom tip does not cover the filter's Apply button", async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const wb = await Workbench.open(page);
  await wb.loadSample();
  await drawnTraces(page);
  // Zoom by dragging across the plot, as a user does: Plotly's tip appears on a drag zoom only.
  const area = plotDiv(page).locator('.nsewdrag').first();
  await area.scrollIntoViewIfNeeded();
  const box = await area.boundingBox();
  if (!box) throw new Error('no plot area');
  await page.mouse.move(box.x + box.width * 0.1, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect(page.getByRole('status', { name: 'Chart status' })).toContainText('range');
  // Plotly's tip is a fixed box over the page's top right corner (where the filter's Apply button sits when
  // the page is at the top) and shows for seconds after the zoom: none may appear.
  expect(await page.getByText('Double-click to zoom back out').count()).toBe(0);
  // The Apply button takes a real click at its centre (a click on something covering it would not apply).
  const apply = page.getByRole('button', { name: 'Apply', exact: true });
  await apply.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  const at = await apply.boundingBox();
  if (!at) throw new Error('no Apply button');
  const hit = await page.evaluate(
    ([x, y]) => document.elementFromPoint(x, y)?.closest('button')?.textContent?.trim() ?? null,
    [at.x + at.width / 2, at.y + at.height / 2],
  );
  expect(hit).toBe('Apply');
  await page.getByRole('textbox', { name: 'Display filter' }).fill('udp');
  await page.mouse.click(at.x + at.width / 2, at.y + at.height / 2);
  await expect(page.getByRole('status', { name: 'Filter result' })).toContainText('packets match udp');
});

test('exports are named after the chart, and the PNG carries its title, filter and legend', async ({ page }) => {
  const wb = await Workbench.open(page);
  await wb.loadSample();
  const panel = chart(page);
  await tracesNamed(page, ['All packets']);
  const download = async (button: string) => {
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      panel.getByRole('button', { name: button, exact: true }).click(),
    ]);
    return file;
  };
  expect((await download('CSV')).suggestedFilename()).toBe('lab-a-packets_All-packets.csv');

  await applyFilter(page, 'udp');
  await tracesNamed(page, ['All packets', 'Display filter: udp']);
  const csv = await download('CSV');
  expect(csv.suggestedFilename()).toBe('lab-a-packets_All-packets_Display-filter-udp.csv');
  const text = readFileSync(await csv.path(), 'utf8');
  expect(text.split('\n')[0]).toBe('bin_start_utc,bin_start_us,All packets,Display filter: udp');

  const png = await download('PNG');
  expect(png.suggestedFilename()).toBe('lab-a-packets_All-packets_Display-filter-udp.png');
  const bytes = readFileSync(await png.path());
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  await expect(plotDiv(page)).toHaveAttribute('data-exported-legend', 'true');
  const title = (await plotDiv(page).getAttribute('data-exported-title')) ?? '';
  expect(title).toContain(': All packets, Display filter: udp (packets per bin');
  expect(title).toContain('display filter: udp');
});

test('the chart series come back after a reload, with the capture', async ({ page }) => {
  const wb = await Workbench.open(page);
  await wb.loadSample();
  const panel = chart(page);
  await panel.getByRole('button', { name: 'Add series' }).click();
  const second = panel.getByRole('group', { name: 'Series 2' });
  await second.getByRole('textbox', { name: 'Series name' }).fill('UDP only');
  await second.getByRole('textbox', { name: 'Series filter' }).fill('udp');
  await second.getByRole('textbox', { name: 'Series filter' }).press('Enter');
  await panel.getByRole('combobox', { name: 'Bin size' }).selectOption('1 min');
  await tracesNamed(page, ['All packets', 'UDP only']);
  // Saved under the capture's fingerprint as soon as the engine has told it (the labels wait for it too).
  await expect
    .poll(() =>
      page.evaluate(() =>
        Object.keys(localStorage).some(
          (k) => k.includes('chart') && (localStorage.getItem(k) ?? '').includes('UDP only'),
        ),
      ),
    )
    .toBe(true);

  // Reload the page; the sample opened again is the same capture.
  const again = await Workbench.open(page);
  await again.loadSample();
  const traces = await tracesNamed(page, ['All packets', 'UDP only']);
  expect(traces[1].x[1] - traces[1].x[0]).toBe(60_000);
  await expect(panel.getByRole('combobox', { name: 'Bin size' })).toHaveValue('1 min');
  await expect(
    panel.getByRole('group', { name: 'Series 2' }).getByRole('textbox', { name: 'Series filter' }),
  ).toHaveValue('udp');
});
