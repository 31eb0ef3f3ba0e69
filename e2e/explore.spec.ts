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
  const cells = (line: string): string[] =>
    (line.match(/("[^"]*"|[^,]*)(,|$)/g) ?? []).map((c) => c.replace(/,$/, '').replace(/^"|"$/g, ''));
  return { header: lines[0].split(','), cells, lines: lines.slice(1).filter(Boolean) };
}

type Trace = { name: string; x: number[]; y: number[] };

/** The traces on screen once the chart has drawn the answer to its latest request. */
async function drawnTraces(page: Page): Promise<Trace[]> {
  const panel = page.getByRole('region', { name: 'Time series' });
  await expect
    .poll(async () => {
      const latest = await panel.getAttribute('data-latest');
      const drawn = await page.locator('.plotly-view').getAttribute('data-drawn-key');
      return latest !== null && latest === drawn;
    })
    .toBe(true);
  return page
    .locator('.plotly-view')
    .evaluate((el: PlotDiv) => (el.data ?? []).map((t) => ({ name: t.name, x: [...t.x], y: [...t.y] })));
}

async function plot(page: Page, opts: { filter?: string; bin?: string; split?: string }): Promise<Trace[]> {
  const panel = page.getByRole('region', { name: 'Time series' });
  const row = panel.getByRole('group', { name: 'Series 1' });
  await expect(page.locator('.plotly-view')).toHaveAttribute('data-drawn', /\d/); // drawn at once on load
  await row.getByRole('textbox', { name: 'Series filter' }).fill(opts.filter ?? '');
  await panel.getByRole('combobox', { name: 'Bin size' }).selectOption(opts.bin ?? 'Auto');
  await row.getByRole('combobox', { name: 'Split by' }).selectOption(opts.split ?? '');
  await panel.getByRole('button', { name: 'Plot', exact: true }).click();
  return drawnTraces(page);
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
  await panel
    .getByRole('group', { name: 'Series 1' })
    .getByRole('textbox', { name: 'Series filter' })
    .fill('tcp.flags.syn == ');
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

test('several series, each with its own filter and metric, match independent counts', async ({ page }) => {
  const wb = await Workbench.open(page);
  await wb.loadSample();
  const { header, cells, lines } = sampleRows();
  const col = (name: string): number => header.indexOf(name);
  const minuteOf = (c: string[]): number => Math.floor(Number(c[col('frame.time_epoch')].split('.')[0]) / 60) * 60_000;
  const syn = new Map<number, number>();
  const lenSum = new Map<number, number>();
  const lenN = new Map<number, number>();
  const sources = new Map<number, Set<string>>();
  for (const line of lines) {
    const c = cells(line);
    const m = minuteOf(c);
    if (c[col('tcp.flags.syn')] === '1' && c[col('tcp.flags.ack')] === '0') syn.set(m, (syn.get(m) ?? 0) + 1);
    if (c[col('frame.len')] !== '') {
      lenSum.set(m, (lenSum.get(m) ?? 0) + Number(c[col('frame.len')]));
      lenN.set(m, (lenN.get(m) ?? 0) + 1);
    }
    if (c[col('ip.src')] !== '')
      (sources.get(m) ?? (sources.set(m, new Set()).get(m) as Set<string>)).add(c[col('ip.src')]);
  }
  const panel = page.getByRole('region', { name: 'Time series' });
  await panel.getByRole('combobox', { name: 'Bin size' }).selectOption('1 min');
  await panel.getByRole('button', { name: 'Add series' }).click();
  const second = panel.getByRole('group', { name: 'Series 2' });
  await second.getByRole('textbox', { name: 'Series filter' }).fill('tcp.flags.syn == 1 && tcp.flags.ack == 0');
  await second.getByRole('textbox', { name: 'Series name' }).fill('SYN only');
  await panel.getByRole('button', { name: 'Add series' }).click();
  const third = panel.getByRole('group', { name: 'Series 3' });
  await third.getByRole('textbox', { name: 'Series name' }).fill('mean length');
  await third.getByRole('combobox', { name: 'Metric', exact: true }).selectOption('mean');
  await expect(third.getByRole('combobox', { name: 'Metric field' })).toHaveValue('frame.len');
  await panel.getByRole('button', { name: 'Plot', exact: true }).click();
  const traces = await drawnTraces(page);
  expect(traces.map((t) => t.name)).toEqual(['All packets', 'SYN only', 'mean length']);
  const at = (t: Trace, x: number): number | undefined => t.y[t.x.indexOf(x)];
  for (const [m, n] of syn) expect(at(traces[1], m), `SYN at ${new Date(m).toISOString()}`).toBe(n);
  expect(traces[1].y.reduce((a, b) => a + b, 0)).toBe([...syn.values()].reduce((a, b) => a + b, 0));
  for (const [m, sum] of lenSum) expect(at(traces[2], m)).toBeCloseTo(sum / (lenN.get(m) as number), 6);

  // Distinct sources per minute; a rename redraws without asking the engine again.
  await third.getByRole('combobox', { name: 'Metric', exact: true }).selectOption('distinct');
  await third.getByRole('combobox', { name: 'Metric field' }).selectOption('ip.src');
  const distinct = await drawnTraces(page);
  for (const [m, set] of sources) expect(at(distinct[2], m)).toBe(set.size);
  const latest = await panel.getAttribute('data-latest');
  await third.getByRole('textbox', { name: 'Series name' }).fill('sources');
  await expect
    .poll(async () => page.locator('.plotly-view').evaluate((el: PlotDiv) => el.data?.[2]?.name))
    .toBe('sources');
  expect(await panel.getAttribute('data-latest')).toBe(latest);

  // A series that cannot be computed says why; the others still draw.
  await third.getByRole('combobox', { name: 'Metric', exact: true }).selectOption('sum');
  await second.getByRole('textbox', { name: 'Series filter' }).fill('tcp.flags.syn ==');
  await panel.getByRole('button', { name: 'Plot', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Chart status' })).toContainText(
    /Series 2 \(SYN only\)[\s\S]*expected a value/i,
  );
  expect((await drawnTraces(page)).map((t) => t.name)).toEqual(['All packets', 'sources']);
});

test('capture text in hover labels shows as typed and never runs', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'nids-xss-'));
  const header = 'frame.number,frame.time_epoch,frame.len,frame.protocols,ip.src,alert';
  const evil = ['<img src=x onerror="window.__xss=1">', '<script>window.__xss=2</script>', '<b>bold</b>'];
  const rows = evil.map(
    (text, i) => `"${i + 1}","1795378353.${i}00000000","60","eth:ethertype:ip:tcp","10.0.0.1","${text}"`,
  );
  const file = join(dir, 'xss.csv');
  writeFileSync(file, `${[header, ...rows].join('\n')}\n`);
  const wb = await Workbench.open(page);
  await wb.loadFile(file);
  await plot(page, { bin: '1 s' });
  const box = await page.locator('.plotly-view .nsewdrag').first().boundingBox();
  if (!box) throw new Error('no plot area');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.9);
  const hover = page.locator('.plotly-view .hoverlayer .hovertext');
  await expect(hover).toHaveCount(1);
  // The bin's alert values with their counts, as typed (issue 19: the hover once showed the last one only).
  await expect(hover).toContainText('<b>bold</b> 1 (33.3%)');
  expect(await page.locator('.plotly-view .hoverlayer b, .plotly-view .hoverlayer img').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  // Split by the same text: legend entries show it as typed too.
  const split = await plot(page, { bin: '1 s', split: 'alert' });
  expect(split).toHaveLength(3);
  const legend = page.locator('.plotly-view .legend');
  for (const text of evil) await expect(legend).toContainText(text);
  expect(await page.locator('.plotly-view .legend b, .plotly-view .legend img').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
});
