/**
 * Explore on a big capture through the real UI in headless Chromium: opens FILE, then times what a user
 * waits for on the chart: a new filter (evaluated, then binned), a new bin size (the filter's mask is
 * cached), and from a change to the chart drawn. Also the longest main-thread task seen meanwhile (the page
 * must stay responsive while the engine worker computes).
 *
 *   python3 ../shared/data/make-large.py --rows 3000000 ../shared/data/lab-a/packets.csv.gz /tmp/large.csv
 *   npm run bench:explore -- /tmp/large.csv
 *
 * Last line: {"bench":"explore","rows":..,"filter_rebin_ms":..,"rebin_ms":..,"draw_ms":..}
 */
import { chromium, type Page } from '@playwright/test';
import { chromiumArgs, chromiumPath } from '../playwright.config.ts';
import { serveApp } from './lib/serve-app.ts';

interface Timing {
  requestId: number;
  askedAt: number;
  answeredAt: number;
  filterMs: number;
  binMs: number;
  startedAt: number;
  repliedAt: number;
  drawnAt: number | null;
}
interface NidsHook {
  status(): string;
  captureVersion(): number;
  lastLoad(): { rows: number } | null;
  chartTiming(): Timing | null;
}
type W = Window & { __nids?: NidsHook; __longest?: number };

const file = process.argv[2];
if (!file) {
  console.error('usage: npm run bench:explore -- FILE.csv');
  process.exit(2);
}

/** New filters each time, so every one is evaluated (the engine caches masks by filter text). */
const FILTERS = [
  'tcp.flags.syn == 1 && tcp.flags.ack == 0',
  'tcp.seq == 1',
  'ip.dst == 10.20.30.0/24 && tcp.dstport in {22, 80, 443}',
  'udp || icmp',
  'frame.len > 100 && !arp',
  'tcp.port == 22 && tcp.len > 0',
  'ip.ttl < 64',
];
const BINS = ['10 s', '100 ms', '1 min', '1 s', '10 min'];

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

/** Does `act`, then waits until the chart has drawn the answer to a request made after it. */
async function timed(page: Page, act: () => Promise<void>): Promise<Timing> {
  const before = (await page.evaluate(() => (window as W).__nids?.chartTiming()?.requestId)) ?? 0;
  await act();
  const handle = await page.waitForFunction(
    (b) => {
      const t = (window as W).__nids?.chartTiming();
      return t && t.requestId > b && t.drawnAt !== null ? t : null;
    },
    before,
    { timeout: 120_000, polling: 10 },
  );
  return (await handle.jsonValue()) as Timing;
}

const server = await serveApp(4182);
const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(server.url);
  await page.waitForFunction(() => (window as W).__nids !== undefined);
  const t0 = performance.now();
  await page.getByLabel('Open capture file').setInputFiles(file);
  await page.waitForFunction(
    () => ((window as W).__nids?.captureVersion() ?? 0) > 0 || (window as W).__nids?.status() === 'error',
    null,
    { timeout: 600_000, polling: 50 },
  );
  if ((await page.evaluate(() => (window as W).__nids?.status())) === 'error')
    throw new Error(await page.getByRole('alert').innerText());
  const rows = (await page.evaluate(() => (window as W).__nids?.lastLoad()?.rows)) ?? 0;
  console.log(`loaded ${rows.toLocaleString('en-US')} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  await page.waitForFunction(() => (window as W).__nids?.chartTiming()?.drawnAt != null, null, { timeout: 120_000 });

  // The longest main-thread task from here on.
  await page.evaluate(() => {
    (window as W).__longest = 0;
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) (window as W).__longest = Math.max((window as W).__longest ?? 0, e.duration);
    }).observe({ type: 'longtask', buffered: false });
  });

  const panel = page.getByRole('region', { name: 'Time series' });
  const filterBox = panel.getByRole('group', { name: 'Series 1' }).getByRole('textbox', { name: 'Series filter' });
  const binBox = panel.getByRole('combobox', { name: 'Bin size' });
  await timed(page, async () => {
    await binBox.selectOption('1 s');
  });

  const filterRuns: Timing[] = [];
  for (const f of FILTERS) {
    const t = await timed(page, async () => {
      await filterBox.fill(f);
      await filterBox.press('Enter');
    });
    filterRuns.push(t);
    console.log(
      `filter ${JSON.stringify(f)}: answered ${(t.answeredAt - t.askedAt).toFixed(0)} ms (queued ${(t.startedAt - t.askedAt).toFixed(0)}, engine: filter ${t.filterMs.toFixed(0)} + bin ${t.binMs.toFixed(0)} ms, back ${(t.answeredAt - t.repliedAt).toFixed(0)}), drawn after ${((t.drawnAt ?? 0) - t.askedAt).toFixed(0)} ms`,
    );
  }
  const binRuns: Timing[] = [];
  for (const b of BINS) {
    const t = await timed(page, async () => {
      await binBox.selectOption(b);
    });
    binRuns.push(t);
    console.log(
      `bin ${b}: answered ${(t.answeredAt - t.askedAt).toFixed(0)} ms (queued ${(t.startedAt - t.askedAt).toFixed(0)}, engine: filter ${t.filterMs.toFixed(0)} + bin ${t.binMs.toFixed(0)} ms, back ${(t.answeredAt - t.repliedAt).toFixed(0)}), drawn after ${((t.drawnAt ?? 0) - t.askedAt).toFixed(0)} ms`,
    );
  }
  const longest = (await page.evaluate(() => (window as W).__longest)) ?? 0;
  const filterRebin = median(filterRuns.map((t) => t.answeredAt - t.askedAt));
  const rebin = median(binRuns.map((t) => t.answeredAt - t.askedAt));
  const draw = median([...filterRuns, ...binRuns].map((t) => (t.drawnAt ?? 0) - t.askedAt));
  console.log(
    `median: new filter + re-bin ${filterRebin.toFixed(0)} ms (target < 200), re-bin ${rebin.toFixed(0)} ms, change to chart drawn ${draw.toFixed(0)} ms`,
  );
  console.log(`longest main-thread task meanwhile: ${longest.toFixed(0)} ms`);
  console.log(
    JSON.stringify({
      bench: 'explore',
      rows,
      filter_rebin_ms: Math.round(filterRebin),
      rebin_ms: Math.round(rebin),
      draw_ms: Math.round(draw),
      longest_task_ms: Math.round(longest),
    }),
  );
} finally {
  await browser.close();
  server.stop();
}
