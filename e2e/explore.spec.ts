/**
 * The time-series chart: the plotted counts must equal an independent count over the sample's CSV, a split
 * must stack to the same totals, zooming sets the time range for the rest of the page, and capture text in
 * hover labels shows as typed and never runs.
 */
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { expect, test, type Page } from '@playwright/test';
import { Workbench } from './helpers/workbench.ts';

type PlotDiv = HTMLElement & { data?: { name: string; x: number[]; y: number[] }[] };

function sampleRows(): { header: string[]; cells: (line: string) => string[]; lines: string[] } {
  const lines = gunzipSync(readFileSync('public/samples/lab-a/packets.csv.gz')).toString('utf8').split('\n');
  const cells = (line: string): string[] => (line.match(/("[^"]*"|[^,]*)(,|$)/g) ?? []).map((c) => c.replace(/,$/, '').replace(/^"|"$/g, ''));
  return { header: lines[0].split(','), cells, lines: lines.slice(1).filter(Boolean) };
}

async function plot(page: Page, opts: { filter?: string; bin?: string; split?: string }): Promise<{ name: string; x: number[]; y: number[] }[]> {
  const panel = page.getByRole('region', { name: 'Time series' });
  // A capture is plotted as soon as it opens: let that first draw finish, then count draws from there.
  await expect(page.locator('.plotly-view')).toHaveAttribute('data-drawn', /\d/);
  const drawn = await page.locator('.plotly-view').getAttribute('data-drawn');
  await panel.getByRole('textbox', { name: 'Series filter' }).fill(opts.filter ?? '');
  await panel.getByRole('combobox', { name: 'Bin size' }).selectOption(opts.bin ?? 'Auto');
  await panel.getByRole('combobox', { name: 'Split by' }).selectOption(opts.split ?? '');
  await panel.getByRole('button', { name: 'Plot', exact: true }).click();
  await expect(page.locator('.plotly-view')).not.toHaveAttribute('data-drawn', drawn ?? '');
  return page.locator('.plotly-view').evaluate((el: PlotDiv) => (el.data ?? []).map((t) => ({ name: t.name, x: [...t.x], y: [...t.y] })));
}

test('packets with tcp.seq == 1 per minute equal an independent count of the CSV', async ({ page }) => {
  const wb = await Workbench.open(page);
  await wb.loadSample();
  await expect(page.locator('.plotly-view')).toHaveAttribute('data-drawn', /\d/); // drawn at once on load
  const { header, cells, lines } = sampleRows();
  const seq = header.indexOf('tcp.seq');
  const epoch = header.indexOf('frame.time_epoch');
  const perMinute = new Map<number, number>();
  for (const line of lines) {
    const c = cells(line);
    if (c[seq] !== '1') continue;
    const minute = Math.floor(Number(c[epoch].split('.')[0]) / 60) * 60_000;
    perMinute.set(minute, (perMinute.get(minute) ?? 0) + 1);
  }
  const traces = await plot(page, { filter: 'tcp.seq == 1', bin: '1 min' });
  expect(traces).toHaveLength(1);
  const plotted = new Map(traces[0].x.map((x, i) => [x, traces[0].y[i]]));
  for (const [minute, n] of perMinute) expect(plotted.get(minute), `minute ${new Date(minute).toISOString()}`).toBe(n);
  const total = traces[0].y.reduce((a, b) => a + b, 0);
  expect(total).toBe([...perMinute.values()].reduce((a, b) => a + b, 0));
});

test('split by attack stacks to the same totals as the whole', async ({ page }) => {
  const wb = await Workbench.open(page);
  await wb.loadSample();
  const whole = await plot(page, { bin: '10 s' });
  const split = await plot(page, { bin: '10 s', split: 'attack' });
  expect(split.map((t) => t.name).sort()).toEqual(['benign', 'hping3', 'hydra', 'nmap', 'ping']);
  whole[0].x.forEach((x, i) => {
    const stacked = split.reduce((sum, t) => sum + (t.y[t.x.indexOf(x)] ?? 0), 0);
    expect(stacked).toBe(whole[0].y[i]);
  });
  expect(split.reduce((s, t) => s + t.y.reduce((a, b) => a + b, 0), 0)).toBe(238_398);
});

test('a wrong series filter shows its error; zooming sets the time range for the page', async ({ page }) => {
  const wb = await Workbench.open(page);
  await wb.loadSample();
  const panel = page.getByRole('region', { name: 'Time series' });
  await panel.getByRole('textbox', { name: 'Series filter' }).fill('tcp.flags.syn == ');
  await panel.getByRole('button', { name: 'Plot', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Chart status' })).toContainText(/expected a value/i);
  await plot(page, { bin: '10 s' });
  // Drag across the left part of the plot area: Plotly zooms, and the range becomes the page's.
  const box = await page.locator('.plotly-view .nsewdrag').first().boundingBox();
  if (!box) throw new Error('no plot area');
  await page.mouse.move(box.x + box.width * 0.1, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect(page.getByRole('status', { name: 'Chart status' })).toContainText('range');
  const input = page.getByRole('textbox', { name: 'Display filter' });
  await input.fill('frame');
  await input.press('Enter');
  const status = page.getByRole('status', { name: 'Filter result' });
  await expect(status).toContainText('in the chosen time range');
  const counted = Number((await status.innerText()).split(' of ')[0].replace(/,/g, ''));
  expect(counted).toBeGreaterThan(0);
  expect(counted).toBeLessThan(238_398);
});

test('capture text in hover labels shows as typed and never runs', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'nids-xss-'));
  const header = 'frame.number,frame.time_epoch,frame.len,frame.protocols,ip.src,alert';
  const evil = ['<img src=x onerror="window.__xss=1">', '<script>window.__xss=2</script>', '<b>bold</b>'];
  const rows = evil.map((text, i) => `"${i + 1}","1795378353.${i}00000000","60","eth:ethertype:ip:tcp","10.0.0.1","${text}"`);
  const file = join(dir, 'xss.csv');
  writeFileSync(file, [header, ...rows].join('\n') + '\n');
  const wb = await Workbench.open(page);
  await wb.loadFile(file);
  await plot(page, { bin: '1 s' });
  const box = await page.locator('.plotly-view .nsewdrag').first().boundingBox();
  if (!box) throw new Error('no plot area');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.9);
  const hover = page.locator('.plotly-view .hoverlayer .hovertext');
  await expect(hover).toHaveCount(1);
  await expect(hover).toContainText('alert: <b>bold</b>'); // the last alert of the bin, as typed
  expect(await page.locator('.plotly-view .hoverlayer b, .plotly-view .hoverlayer img').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
});
