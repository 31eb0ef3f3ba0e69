/**
 * Loads a big tshark CSV in headless Chromium through the real UI (file input -> workers -> summary) and
 * prints seconds, MB/s, rows/s and the renderer's peak memory; then papaparse streaming the same file on
 * one thread, as the baseline.
 *
 *   python3 ../shared/data/make-large.py --rows 3000000 ../shared/data/lab-a/packets.csv.gz /tmp/large.csv
 *   npm run bench:ingest -- /tmp/large.csv
 */
import { createReadStream, statSync } from 'node:fs';
import Papa from 'papaparse';
import { chromium } from '@playwright/test';
import { chromiumArgs, chromiumPath } from '../playwright.config.ts';
import { serveApp } from './lib/serve-app.ts';
import { findPidByArg, sampleRendererMemory } from './lib/process-memory.ts';

interface NidsHook {
  status(): string;
  captureVersion(): number;
  lastLoad(): { rows: number; parseSeconds: number } | null;
}
declare global {
  interface Window {
    __nids?: NidsHook;
  }
}

const file = process.argv[2];
if (!file) {
  console.error('usage: npm run bench:ingest -- FILE.csv');
  process.exit(2);
}
const bytes = statSync(file).size;
const mb = bytes / 1e6;

async function workbench(): Promise<{ seconds: number; inPageSeconds: number; rows: number; peakMb: number }> {
  const server = await serveApp(4181);
  const marker = `--nids-bench=${process.pid}`;
  const browser = await chromium.launch({ executablePath: chromiumPath, args: [...chromiumArgs, marker] });
  try {
    const page = await browser.newPage();
    if (process.env.BENCH_CONSOLE) page.on('console', (m) => console.log('page:', m.text()));
    await page.goto(server.url);
    await page.waitForFunction(() => window.__nids !== undefined);
    const pid = findPidByArg(marker);
    const mem = pid ? sampleRendererMemory(pid) : { stop: () => 0, timeline: () => [] as [number, number][] };
    const before = await page.evaluate(() => window.__nids?.captureVersion() ?? 0);
    const t0 = performance.now();
    await page.getByLabel('Open capture file').setInputFiles(file);
    await page.waitForFunction(
      (v) => {
        const h = window.__nids;
        return h !== undefined && (h.captureVersion() > v || h.status() === 'error');
      },
      before,
      { timeout: 600_000, polling: 20 },
    );
    const seconds = (performance.now() - t0) / 1000;
    const peakMb = mem.stop();
    if (process.env.BENCH_TIMELINE)
      console.log(
        `memory (ms, MB): ${mem
          .timeline()
          .map(([t, m]) => `${t}:${m}`)
          .join(' ')}`,
      );
    const status = await page.evaluate(() => window.__nids?.status());
    if (status === 'error') throw new Error(`load failed: ${await page.getByRole('alert').innerText()}`);
    const last = await page.evaluate(() => window.__nids?.lastLoad() ?? null);
    const marks = await page.evaluate(() =>
      performance
        .getEntriesByType('mark')
        .filter((m) => m.name.startsWith('ingest:'))
        .map((m) => [m.name, m.startTime] as const),
    );
    const start = marks.find(([n]) => n === 'ingest:start')?.[1] ?? 0;
    console.log(
      `phases (s since load start): ${marks.map(([n, t]) => `${n.slice(7)} ${((t - start) / 1000).toFixed(2)}`).join(', ')}`,
    );
    return { seconds, inPageSeconds: last?.parseSeconds ?? NaN, rows: last?.rows ?? 0, peakMb };
  } finally {
    await browser.close();
    server.stop();
  }
}

async function papaparseBaseline(): Promise<number> {
  const t0 = performance.now();
  let rows = 0;
  await new Promise<void>((resolve, reject) => {
    Papa.parse<string[]>(createReadStream(file) as unknown as File, {
      chunk: (r) => {
        rows += r.data.length;
      },
      complete: () => resolve(),
      error: (e) => reject(e),
    });
  });
  const s = (performance.now() - t0) / 1000;
  console.log(
    `papaparse (one thread, streaming): ${rows.toLocaleString('en-US')} rows in ${s.toFixed(1)} s, ${(mb / s).toFixed(1)} MB/s`,
  );
  return mb / s;
}

const w = await workbench();
const mbPerS = mb / w.seconds;
console.log(`file: ${file}, ${mb.toFixed(1)} MB`);
console.log(
  `workbench: ${w.rows.toLocaleString('en-US')} rows in ${w.seconds.toFixed(2)} s from file chosen to summary shown ` +
    `(${w.inPageSeconds.toFixed(2)} s inside the page): ${mbPerS.toFixed(1)} MB/s, ${Math.round(w.rows / w.seconds).toLocaleString('en-US')} rows/s, ` +
    `peak renderer memory ${w.peakMb} MB`,
);
const papa = process.env.BENCH_SKIP_PAPAPARSE === '1' ? NaN : await papaparseBaseline();
const ratio = mbPerS / papa;
console.log(`ratio to papaparse: ${ratio.toFixed(2)}x`);
console.log(
  JSON.stringify({
    bench: 'ingest',
    rows: w.rows,
    mb: Math.round(mb * 10) / 10,
    seconds: Math.round(w.seconds * 100) / 100,
    mb_per_s: Math.round(mbPerS * 10) / 10,
    peak_mb: w.peakMb,
    papaparse_mb_per_s: Math.round(papa * 10) / 10,
    ratio: Math.round(ratio * 100) / 100,
  }),
);
