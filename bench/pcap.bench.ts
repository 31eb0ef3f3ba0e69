/**
 * Loads a capture (pcap or pcapng, plain or gzip) in Node with the core code the browser's workers run
 * (src/core/ingest/pcap: read, dissect straight into the users' columns, order into a PacketTable): first on
 * every core as the CLI and the workbench do (the capture path: file to columns, then the merge), then on
 * one thread; prints frames/s and MB/s; then the same capture to CSV only (what `npm run convert` does,
 * without the disk, written from the columns);
 * then tshark exporting the same 57 fields from the same file in the same run (on its first
 * --tshark-frames frames when the capture is bigger, scaled), as the baseline.
 *
 *   npm run bench:pcap -- /path/to/capture.pcapng[.gz] [--tshark-frames 300000] [--no-tshark] [--browser]
 *   npx tsx scripts/make-large-pcap.ts --copies 24 /path/to/capture.pcapng.gz /tmp/large.pcapng   # ~1 GB
 *
 * --browser: instead of the Node load, opens the capture in headless Chromium through the real UI (file
 * input -> reader worker dissecting -> ingest workers -> summary shown), as bench:ingest does for a CSV,
 * and reports frames/s and MB/s from file chosen to table ready, with the renderer's peak memory; the CSV
 * only pass is skipped. The page's zone is --tz's.
 *
 * MB are megabytes (1e6) of the capture as dissected (decompressed); in --browser mode, of the file as
 * chosen (the same for a plain capture, the compressed size for a .gz). Last line:
 * {"bench":"pcap","frames":..,"mb":..,"seconds":..,"frames_per_s":..,"tshark_frames_per_s":..,"ratio":..,"mode":..,
 *  "capture_path_frames_per_s":..}
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createGunzip } from 'node:zlib';
import { availableParallelism } from 'node:os';
import { CaptureLoad } from '../src/core/ingest/pcap/capture-load.ts';
import { ThreadedCaptureLoad } from '../cli/lib/capture-threads.ts';
import { CaptureToCsv } from '../src/core/ingest/pcap/capture-to-csv.ts';
import { USERS_FIELDS } from '../src/core/ingest/pcap/users-layout.ts';
import { chromium } from '@playwright/test';
import { chromiumArgs, chromiumPath } from '../playwright.config.ts';
import { serveApp } from './lib/serve-app.ts';
import { findPidByArg, sampleRendererMemory } from './lib/process-memory.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'tshark-frames': { type: 'string' },
    'no-tshark': { type: 'boolean' },
    tz: { type: 'string' },
    browser: { type: 'boolean' },
  },
});
const file = positionals[0];
if (!file) {
  console.error('usage: npm run bench:pcap -- CAPTURE [--tshark-frames N] [--no-tshark] [--tz ZONE] [--browser]');
  process.exit(2);
}
const timeZone = values.tz ?? 'America/New_York';
const fileBytes = statSync(file).size;

const mbOf = (b: number) => b / 1e6;
const rate = (n: number, s: number) => Math.round(n / s);

function isGzip(path: string): boolean {
  const b = Buffer.alloc(2);
  const fd = openSync(path, 'r');
  readSync(fd, b, 0, 2, 0);
  closeSync(fd);
  return b[0] === 0x1f && b[1] === 0x8b;
}
const gz = isGzip(file);

async function* pieces(): AsyncGenerator<Uint8Array> {
  const raw = createReadStream(file, { highWaterMark: 4 << 20 });
  const stream = gz ? raw.pipe(createGunzip({ chunkSize: 1 << 20 })) : raw;
  for await (const p of stream) yield new Uint8Array(p as Buffer);
}

async function load(): Promise<{ frames: number; bytes: number; seconds: number }> {
  const t0 = performance.now();
  const l = new CaptureLoad({ fileName: file, fileBytes, compressed: gz, timeZone });
  let bytes = 0;
  for await (const p of pieces()) {
    bytes += p.length;
    l.push(p);
  }
  const r = l.finish();
  return { frames: r.table.rowCount, bytes, seconds: (performance.now() - t0) / 1000 };
}

/**
 * The capture path on every core, as the CLI loads a capture (capture-threads.ts): read, frame, deal out by
 * conversation, dissect into columns in a thread per core; then the merge into one time-ordered table.
 */
async function threadedLoad(): Promise<{
  frames: number;
  dissectedS: number;
  mergedS: number;
  seconds: number;
  threads: number;
}> {
  const threads = Math.min(4, availableParallelism());
  const t0 = performance.now();
  const l = new ThreadedCaptureLoad({ fileName: file, fileBytes, compressed: gz, timeZone }, threads);
  for await (const p of pieces()) await l.push(p);
  const r = await l.finish();
  return { frames: r.table.rowCount, ...l.phases, seconds: (performance.now() - t0) / 1000, threads };
}

async function toCsv(): Promise<{ frames: number; csvBytes: number; seconds: number }> {
  const t0 = performance.now();
  let csvBytes = 0;
  const c = new CaptureToCsv({ timeZone }, (piece) => {
    csvBytes += piece.length;
  });
  for await (const p of pieces()) c.push(p);
  const r = c.end();
  return { frames: r.frames, csvBytes, seconds: (performance.now() - t0) / 1000 };
}

interface NidsHook {
  status(): string;
  captureVersion(): number;
  lastLoad(): { rows: number; parseSeconds: number } | null;
}
type HookWindow = Window & { __nids?: NidsHook };

/** The capture opened in Chromium through the file input, timed until the page has the new table. */
async function browserLoad(): Promise<{ frames: number; bytes: number; seconds: number; peakMb: number }> {
  const server = await serveApp(4182);
  const marker = `--nids-bench=${process.pid}`;
  const browser = await chromium.launch({ executablePath: chromiumPath, args: [...chromiumArgs, marker] });
  try {
    const page = await browser.newPage({ timezoneId: timeZone });
    if (process.env.BENCH_CONSOLE) page.on('console', (m) => console.log('page:', m.text()));
    await page.goto(server.url);
    await page.waitForFunction(() => (window as HookWindow).__nids !== undefined);
    const pid = findPidByArg(marker);
    const mem = pid ? sampleRendererMemory(pid) : { stop: () => 0, timeline: () => [] as [number, number][] };
    const before = await page.evaluate(() => (window as HookWindow).__nids?.captureVersion() ?? 0);
    const t0 = performance.now();
    await page.getByLabel('Open capture file').setInputFiles(file);
    await page.waitForFunction(
      (v) => {
        const h = (window as HookWindow).__nids;
        return h !== undefined && (h.captureVersion() > v || h.status() === 'error');
      },
      before,
      { timeout: 3_600_000, polling: 20 },
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
    const status = await page.evaluate(() => (window as HookWindow).__nids?.status());
    if (status === 'error') throw new Error(`load failed: ${await page.getByRole('alert').innerText()}`);
    const last = await page.evaluate(() => (window as HookWindow).__nids?.lastLoad() ?? null);
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
    return { frames: last?.rows ?? 0, bytes: fileBytes, seconds, peakMb };
  } finally {
    await browser.close();
    server.stop();
  }
}

function tshark(limit: number): Promise<{ frames: number; seconds: number } | null> {
  if (spawnSync('tshark', ['--version'], { stdio: 'ignore' }).status !== 0) return Promise.resolve(null);
  const args = [
    '-r',
    file,
    '-c',
    String(limit),
    '-T',
    'fields',
    '-E',
    'header=y',
    '-E',
    'separator=,',
    '-E',
    'quote=d',
    '-E',
    'occurrence=f',
    ...USERS_FIELDS.flatMap((f) => ['-e', f]),
  ];
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const p = spawn('tshark', args, { env: { ...process.env, TZ: timeZone }, stdio: ['ignore', 'pipe', 'inherit'] });
    let lines = 0;
    p.stdout.on('data', (b: Buffer) => {
      for (let i = 0; i < b.length; i++) if (b[i] === 10) lines++;
    });
    p.on('error', reject);
    p.on('close', () => resolve({ frames: Math.max(0, lines - 1), seconds: (performance.now() - t0) / 1000 }));
  });
}

let peakMb: number | null = null;
let loaded: { frames: number; bytes: number; seconds: number };
// The capture path alone in Node, on every core (file to columns), measured in either mode.
const threaded = await threadedLoad();
const capturePathRate = threaded.frames / threaded.dissectedS;
console.log(
  `capture path in Node (read, frame, ${threaded.threads} threads dissecting into columns): ${threaded.frames} frames in ` +
    `${threaded.dissectedS.toFixed(2)} s: ${rate(threaded.frames, threaded.dissectedS)} frames/s; merged into one time-ordered table at ` +
    `${threaded.mergedS.toFixed(2)} s, summarised at ${threaded.seconds.toFixed(2)} s: ${rate(threaded.frames, threaded.seconds)} frames/s`,
);
if (values.browser) {
  const b = await browserLoad();
  loaded = b;
  peakMb = b.peakMb;
  console.log(
    `browser (Chromium; file chosen -> reader worker${gz ? ' gunzips,' : ''} frames, deals out by conversation -> ingest workers dissect into columns -> ordered table ready): ` +
      `${b.frames} frames, ${mbOf(fileBytes).toFixed(1)} MB file in ${b.seconds.toFixed(2)} s: ${rate(b.frames, b.seconds)} frames/s, ` +
      `${(mbOf(fileBytes) / b.seconds).toFixed(1)} MB/s; peak renderer memory ${b.peakMb} MB`,
  );
} else {
  loaded = await load();
  const mb = mbOf(loaded.bytes);
  console.log(
    `load (read${gz ? ', gunzip' : ''}, dissect into columns, order into a table; one thread): ${loaded.frames} frames, ${mb.toFixed(1)} MB ` +
      `(${mbOf(fileBytes).toFixed(1)} MB on disk) in ${loaded.seconds.toFixed(2)} s: ${rate(loaded.frames, loaded.seconds)} frames/s, ` +
      `${(mb / loaded.seconds).toFixed(1)} MB/s`,
  );
  console.log(`peak RSS so far: ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
  const csv = await toCsv();
  console.log(
    `to CSV only (convert without the disk): ${csv.frames} frames in ${csv.seconds.toFixed(2)} s: ` +
      `${rate(csv.frames, csv.seconds)} frames/s, ${(mb / csv.seconds).toFixed(1)} MB/s, ${mbOf(csv.csvBytes).toFixed(1)} MB of CSV`,
  );
}
const mb = mbOf(loaded.bytes);

let tsharkRate: number | null = null;
if (!values['no-tshark']) {
  const limit = Number(values['tshark-frames'] ?? 300_000);
  const t = await tshark(limit);
  if (t) {
    tsharkRate = t.frames / t.seconds;
    console.log(
      `tshark 4.0 -T fields (57 fields${t.frames < loaded.frames ? `, first ${t.frames} frames` : ''}): ${t.frames} frames in ` +
        `${t.seconds.toFixed(2)} s: ${Math.round(tsharkRate)} frames/s`,
    );
  } else {
    console.log('tshark: not installed');
  }
}
const fps = loaded.frames / loaded.seconds;
console.log(
  JSON.stringify({
    bench: 'pcap',
    frames: loaded.frames,
    mb: Number(mb.toFixed(1)),
    seconds: Number(loaded.seconds.toFixed(3)),
    frames_per_s: Math.round(fps),
    tshark_frames_per_s: tsharkRate === null ? null : Math.round(tsharkRate),
    ratio: tsharkRate === null ? null : Number((fps / tsharkRate).toFixed(2)),
    ...(values.browser
      ? { mode: 'browser', mb_per_s: Number((mb / loaded.seconds).toFixed(1)), peak_mb: peakMb }
      : { mode: 'node' }),
    capture_path_frames_per_s: Math.round(capturePathRate),
  }),
);
