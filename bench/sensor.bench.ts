/**
 * The sensor end to end (cli/sensor.ts as users run it, a child process), with a bundle trained on lab-a:
 *   - packets/s and peak RSS on a big tshark CSV (FILE, e.g. make-large.py's 3M rows), again with --stride,
 *     and on a capture as a stream (--pcap FILE, lab-a's pcapng by default, on stdin as `tcpdump -w - |`
 *     gives it): the capture path alone (no model), and the sensor with the bundle;
 *   - the classifiers alone on lab-a windows: the fast path (src/core/model/fast-lstm.ts) against tfjs's own
 *     model.predict on the wasm backend, windows/s, and how far apart their probabilities are;
 *   - with --rand-source N: N packets of a SYN flood from random sources (bench/lib/rand-source-csv.ts) piped
 *     into the sensor, whose peak RSS must stay flat (target < 256 MB) however many groups it sees.
 * Peak RSS is the sensor process's VmHWM from /proc (the kernel's own high-water mark), polled until it exits.
 * Each run's time is broken down by stage (read, parse, featurize, window, classify, vote, write: the
 * sensor's stats line), with the thread each ran on: ms and µs per packet.
 *
 *   npm run bench:sensor -- FILE [--model M.zip] [--windows 8192] [--rand-source N] [--stride 4] [--pcap CAPTURE]
 *   npm run bench:sensor -- --rand-source 1000000
 *   npm run bench:sensor -- --classifier-only      (the classifiers alone, on lab-a windows)
 *
 * Last line: {"bench":"sensor","packets":..,"seconds":..,"packets_per_s":..,"tfjs_predict_windows_per_s":..,"peak_rss_mb":..,"views":[..],
 *   "stages_us_per_packet":{"read":..,"parse":..,...},...}
 * (or {"bench":"sensor-rand-source",...} when only --rand-source is given).
 */
import { spawn } from 'node:child_process';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { CaptureBatcher } from '../src/core/sensor/capture-batcher.ts';
import { cpus } from 'node:os';
import { loadCsvFile } from '../cli/lib/load-csv-file.ts';
import { nodeTf } from '../cli/lib/tf-node.ts';
import { prepareWindows } from '../src/core/features/prepare.ts';
import { importBundle, readTrees, TREES_JSON } from '../src/core/model/bundle.ts';
import { isTrees } from '../src/core/model/model-config.ts';
import { treeClassifier } from '../src/core/model/tree-classifier.ts';
import { fastClassifierOf } from '../src/core/sensor/bundle-model.ts';
import { readBundle, viewZip } from '../src/core/model/bundle-views.ts';
import { tfjsClassifier, type WindowClassifier } from '../src/core/sensor/classifier.ts';
import { stepWidth } from '../src/core/features/feature-spec.ts';
import { packetColumns } from '../src/core/features/packet-columns.ts';
import type { Manifest } from '../src/core/model/bundle.ts';
import { SENSOR_DEFAULTS } from '../src/core/sensor/sensor.ts';
import { StreamWindower } from '../src/core/sensor/stream-windower.ts';
import { denseWindows, type WindowInputs } from '../src/core/sensor/window-inputs.ts';
import { sliceRows } from '../src/core/table/slice-rows.ts';
import type { PacketTable } from '../src/core/table/packet-table.ts';
import { classifierPool } from '../cli/lib/classifier-pool.ts';
import { DEFAULT_MODEL, ensureBenchModel, LAB_A } from './lib/bench-model.ts';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const file = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
const MODEL = opt('model') ?? DEFAULT_MODEL;
const WINDOWS = Number(opt('windows') ?? '8192');
const RAND_SOURCE = opt('rand-source') ? Number(opt('rand-source')) : null;
/** The stride of the second run over FILE (the first runs at the sensor's default, SENSOR_DEFAULTS.stride). */
const STRIDE = Number(opt('stride') ?? '1');
/** The capture read as a stream (--pcap FILE; lab-a's own capture where this machine has it). */
const PCAP =
  opt('pcap') ??
  ['/work/shared/data/lab-a/capture.pcapng', '/work/shared/data/lab-a/capture.pcapng.gz'].find(existsSync);
const log = (s: string): void => console.log(s);
const round = (v: number, d = 0): number => Math.round(v * 10 ** d) / 10 ** d;

const vmHwmMb = (pid: number): number => {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0; // exited
  }
};

/** Milliseconds per stage, and the thread each ran on, as the sensor's stats line gives them. */
interface Stages {
  readonly ms: Readonly<Record<string, number>>;
  readonly threads: Readonly<Record<string, string>>;
}

interface SensorRun {
  readonly packets: number;
  readonly windows: number;
  readonly seconds: number;
  readonly sensorSeconds: number;
  readonly peakRssMb: number;
  readonly classifier: string;
  readonly stages: Stages;
}

/** Runs cli/sensor.ts (node --import tsx, one process, so its VmHWM is the sensor's own) with `input`. */
function runSensor(input: string[], stdinFrom: NodeJS.ReadableStream | null = null): Promise<SensorRun> {
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'cli/sensor.ts', '--model', MODEL, ...input, '--out', '/dev/null'],
    { stdio: [stdinFrom ? 'pipe' : 'ignore', 'ignore', 'pipe'] },
  );
  if (stdinFrom && child.stdin) stdinFrom.pipe(child.stdin);
  let peak = 0;
  const poll = setInterval(() => {
    if (child.pid) peak = Math.max(peak, vmHwmMb(child.pid));
  }, 20);
  let err = '';
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => {
      clearInterval(poll);
      const seconds = (performance.now() - t0) / 1000;
      const statsLine = err
        .split('\n')
        .reverse()
        .find((l) => l.startsWith('{"event":"stats"'));
      if (code !== 0 || !statsLine) {
        reject(new Error(`sensor exited ${code}: ${err.slice(-2000)}`));
        return;
      }
      const stats = JSON.parse(statsLine) as {
        packets: number;
        windows: number;
        elapsed_s: number;
        stages_ms?: Record<string, number>;
        stage_threads?: Record<string, string>;
      };
      resolve({
        packets: stats.packets,
        windows: stats.windows,
        seconds,
        sensorSeconds: stats.elapsed_s,
        peakRssMb: peak,
        classifier: /views? \S+ \(windows of \d+, ([\w -]+)\)/.exec(err)?.[1] ?? '?',
        stages: { ms: stats.stages_ms ?? {}, threads: stats.stage_threads ?? {} },
      });
    });
    // VmHWM is a high-water mark, so a read just before exit is the peak; the poll above makes that read.
  });
}

function report(name: string, r: SensorRun): void {
  log(
    `${name}: ${r.packets.toLocaleString('en')} packets, ${r.windows.toLocaleString('en')} windows in ${r.seconds.toFixed(2)} s wall (sensor's own ${r.sensorSeconds.toFixed(2)} s)` +
      ` = ${Math.round(r.packets / r.seconds).toLocaleString('en')} packets/s; peak RSS ${r.peakRssMb.toFixed(0)} MB; classifier ${r.classifier}`,
  );
  log(stageTable(r));
}

/** µs per packet of each stage. */
function usPerPacket(r: SensorRun): Record<string, number> {
  return Object.fromEntries(
    Object.entries(r.stages.ms).map(([k, ms]) => [k, round((ms * 1000) / Math.max(r.packets, 1), 2)]),
  );
}

/**
 * Where the run's time went. Stages on different threads overlap, so the ms do not add up to the wall
 * time: the slowest thread's sum bounds it. Vote includes writing the records it emits.
 */
function stageTable(r: SensorRun): string {
  const per = usPerPacket(r);
  const rows = Object.entries(r.stages.ms).map(
    ([k, ms]) =>
      `    ${k.padEnd(10)} ${(r.stages.threads[k] ?? '?').padEnd(11)} ${ms.toFixed(0).padStart(8)} ${per[k].toFixed(2).padStart(10)}`,
  );
  const byThread = new Map<string, number>();
  for (const [k, ms] of Object.entries(r.stages.ms)) {
    const t = r.stages.threads[k] ?? '?';
    if (k !== 'write') byThread.set(t, (byThread.get(t) ?? 0) + ms); // write is within vote
  }
  const sums = [...byThread].map(([t, ms]) => `${t} ${(ms / 1000).toFixed(2)} s`).join(', ');
  return [
    `    ${'stage'.padEnd(10)} ${'thread'.padEnd(11)} ${'ms'.padStart(8)} ${'µs/packet'.padStart(10)}`,
    ...rows,
    `    busy per thread: ${sums}`,
  ].join('\n');
}

/** windows/s of `c` over x (n windows), best of three passes after a warm-up one. */
async function rate(c: WindowClassifier, x: Float32Array, n: number): Promise<{ perS: number; out: Float32Array }> {
  let out = await c.predict(x, n);
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    out = await c.predict(x, n);
    best = Math.min(best, performance.now() - t);
  }
  return { perS: n / (best / 1000), out };
}

interface ClassifierRates {
  readonly fast: number;
  readonly tfjs: number;
  readonly maxDiff: number;
  /** windows/s on the windows as the sensor cuts them (distinct rows once), at its default stride: on this thread, on classifier threads. */
  readonly sensorCut: number;
  readonly threads: Record<number, number>;
  readonly sensorCutMaxDiff: number;
}

/** lab-a's first view windowed as the sensor does (StreamWindower, batches of 8,192 packets, default stride). */
function sensorBatches(table: PacketTable, manifest: Manifest, stride: number): WindowInputs[] {
  const { window: win } = manifest;
  const w = new StreamWindower(manifest.featureSpec, win.key, win.size, manifest.normaliser, {
    maxGroups: SENSOR_DEFAULTS.maxGroups,
    idleUs: SENSOR_DEFAULTS.idleS * 1e6,
    stride,
  });
  const out: WindowInputs[] = [];
  for (let from = 0; from < table.rowCount; from += 8192) {
    const b = w.push(packetColumns(sliceRows(table, from, Math.min(table.rowCount, from + 8192))));
    if (b.n) out.push(b.inputs);
  }
  return out;
}

/** A copy of `w` whose buffers a thread may take. */
const copyInputs = (w: WindowInputs): WindowInputs => ({
  ...w,
  rows: w.rows.slice(),
  rowIndex: w.rowIndex.slice(),
  tails: w.tails.slice(),
});

/** windows/s of the batches through `classify`, best of three passes after a warm-up one; all batches in flight at once. */
async function batchRate(
  batches: readonly WindowInputs[],
  classify: (w: WindowInputs) => Promise<Float32Array> | Float32Array,
): Promise<number> {
  const n = batches.reduce((s, b) => s + b.n, 0);
  let best = Infinity;
  for (let pass = 0; pass < 4; pass++) {
    const copies = batches.map(copyInputs);
    const t = performance.now();
    await Promise.all(copies.map((b) => classify(b)));
    if (pass > 0) best = Math.min(best, performance.now() - t);
  }
  return n / (best / 1000);
}

async function classifierRates(): Promise<ClassifierRates> {
  // The first view of a bundle of views: its classifiers stand for the others (same network shape).
  const view = readBundle(new Uint8Array(readFileSync(MODEL))).views[0];
  const { manifest } = view;
  const { window: win } = manifest;
  const tf = await nodeTf();
  // The reference the fast path is held to: tfjs's own model, or for trees their plain-JS scoring.
  const trees = isTrees(manifest.model.kind);
  const network = trees ? null : (await importBundle(tf, viewZip(view))).model;
  const reference = network
    ? tfjsClassifier(tf, network, win.size, stepWidth(manifest.featureSpec))
    : treeClassifier(manifest, readTrees({ [TREES_JSON]: view.modelJson }, manifest), { simd: false });
  const refName = network ? `tfjs model.predict (${tf.getBackend()}, batches of 2048)` : 'trees in plain JS';
  const fastName = trees ? 'trees (WebAssembly SIMD)' : 'fast-lstm';
  const { table } = await loadCsvFile(LAB_A);
  const p = prepareWindows(
    table,
    new Uint8Array(table.rowCount),
    manifest.featureSpec,
    { key: win.key, size: win.size, stride: 1 },
    manifest.labelRule,
  );
  const n = Math.min(WINDOWS, p.windows.count);
  const picked = Int32Array.from({ length: n }, (_, i) => Math.floor((i * p.windows.count) / n));
  const width = stepWidth(manifest.featureSpec);
  const x = p.builder.fill(picked, new Float32Array(n * win.size * width), manifest.normaliser);
  const tfjs = reference;
  const t = await rate(tfjs, x, n);
  const fast = fastClassifierOf(view);
  const f = await rate(fast, x, n);
  let maxDiff = 0;
  for (let i = 0; i < t.out.length; i++) maxDiff = Math.max(maxDiff, Math.abs(t.out[i] - f.out[i]));
  log(
    `classifiers on ${n} lab-a windows (${win.size} × ${width}, ${manifest.model.kind} ${trees ? `of depth ${manifest.model.depth}` : `${manifest.model.layers} × ${manifest.model.units}`}), every step given:`,
  );
  log(`  ${refName}: ${Math.round(t.perS).toLocaleString('en')} windows/s`);
  log(
    `  ${fastName}: ${Math.round(f.perS).toLocaleString('en')} windows/s (${(f.perS / t.perS).toFixed(1)}x); max |diff| ${maxDiff.toExponential(2)}`,
  );
  // As the sensor hands them over: lab-a windowed at the default stride, each batch's distinct rows once.
  const batches = sensorBatches(table, manifest, SENSOR_DEFAULTS.stride);
  const windows = batches.reduce((s, b) => s + b.n, 0);
  const rows = batches.reduce((s, b) => s + b.rowCount, 0);
  let cutDiff = 0;
  for (const b of batches.slice(0, 4)) {
    const want = await tfjs.predict(denseWindows(b), b.n);
    const got = fast.classify?.(b) as Float32Array;
    for (let i = 0; i < want.length; i++) cutDiff = Math.max(cutDiff, Math.abs(want[i] - got[i]));
  }
  const here = await batchRate(batches, (b) => fast.classify?.(b) as Float32Array);
  log(
    `  as the sensor cuts them (${win.key} view, stride ${SENSOR_DEFAULTS.stride}: ${windows.toLocaleString('en')} windows holding ${rows.toLocaleString('en')} distinct rows, ${(rows / windows).toFixed(2)} per window), max |diff| to the reference ${cutDiff.toExponential(2)}:`,
  );
  log(`    this thread: ${Math.round(here).toLocaleString('en')} windows/s`);
  const threads: Record<number, number> = {};
  const views = readBundle(new Uint8Array(readFileSync(MODEL))).views.length;
  for (const k of [1, 2]) {
    const pool = await classifierPool(MODEL, views, manifest.classes.length, k);
    threads[k] = await batchRate(batches, (b) => pool.classifiers[0].classify?.(b) as Promise<Float32Array>);
    await pool.close();
    log(
      `    ${k} classifier thread${k > 1 ? 's' : ''} (the sensor's, by transfer): ${Math.round(threads[k]).toLocaleString('en')} windows/s`,
    );
  }
  network?.dispose();
  return { fast: f.perS, tfjs: t.perS, maxDiff, sensorCut: here, threads, sensorCutMaxDiff: cutDiff };
}

/** The sensor's capture path without a model: a capture stream through CaptureBatcher, batch by batch. */
async function capturePathAlone(path: string): Promise<{ packets: number; seconds: number }> {
  const t0 = performance.now();
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  const stream = path.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  const batcher = new CaptureBatcher('UTC');
  let packets = 0;
  for await (const piece of stream) {
    batcher.push(new Uint8Array(piece as Buffer));
    if (batcher.pendingBytes >= 1 << 20) packets += batcher.take().table?.rowCount ?? 0;
  }
  batcher.end();
  packets += batcher.take().table?.rowCount ?? 0;
  return { packets, seconds: (performance.now() - t0) / 1000 };
}

async function randSource(n: number): Promise<SensorRun> {
  const gen = spawn(process.execPath, ['--import', 'tsx', 'bench/lib/rand-source-csv.ts', String(n)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const r = await runSensor(['--csv', '-'], gen.stdout);
  report(`random-source SYN flood (${n.toLocaleString('en')} packets, stdin)`, r);
  log(`  target: peak RSS under 256 MB — ${r.peakRssMb < 256 ? 'met' : 'NOT met'}`);
  return r;
}

async function main(): Promise<void> {
  log(`sensor bench: ${cpus().length} cores, node ${process.version}`);
  ensureBenchModel(MODEL, log);
  if (!file && RAND_SOURCE !== null) {
    const r = await randSource(RAND_SOURCE);
    log(
      JSON.stringify({
        bench: 'sensor-rand-source',
        packets: r.packets,
        seconds: round(r.seconds, 2),
        packets_per_s: Math.round(r.packets / r.seconds),
        peak_rss_mb: round(r.peakRssMb),
        groups: RAND_SOURCE,
      }),
    );
    return;
  }
  const rates = await classifierRates();
  if (args.includes('--classifier-only')) {
    log(
      JSON.stringify({
        bench: 'sensor-classifier',
        tfjs_predict_windows_per_s: Math.round(rates.tfjs),
        fast_windows_per_s: Math.round(rates.fast),
        classifier_windows_per_s: Math.round(rates.sensorCut),
        classifier_threads_windows_per_s: Object.fromEntries(
          Object.entries(rates.threads).map(([k, v]) => [k, Math.round(v)]),
        ),
        classifier_max_abs_diff: rates.sensorCutMaxDiff,
      }),
    );
    return;
  }
  const big = file ?? LAB_A;
  const r = await runSensor(['--csv', big]);
  report(`sensor on ${big}`, r);
  log(`  target 200,000 packets/s: ${r.packets / r.seconds >= 200_000 ? 'met' : 'NOT met'}`);
  const strided = await runSensor(['--csv', big, '--stride', String(STRIDE)]);
  report(`sensor on ${big}, --stride ${STRIDE}`, strided);
  let pcapRun: SensorRun | null = null;
  let pathAlone: { packets: number; seconds: number } | null = null;
  if (!PCAP) log('pcap: skipped (give --pcap FILE)');
  else {
    pathAlone = await capturePathAlone(PCAP);
    log(
      `capture path alone on a stream of ${PCAP} (read, frame, dissect into columns, batch tables; no model): ` +
        `${pathAlone.packets.toLocaleString('en')} packets in ${pathAlone.seconds.toFixed(2)} s = ${Math.round(pathAlone.packets / pathAlone.seconds).toLocaleString('en')} packets/s`,
    );
    pcapRun = await runSensor(['--pcap', '-'], createReadStream(PCAP));
    report(`sensor --pcap - (the same capture on stdin, the workbench's dissector)`, pcapRun);
  }
  const flood = RAND_SOURCE !== null ? await randSource(RAND_SOURCE) : null;
  log(
    JSON.stringify({
      bench: 'sensor',
      file: big,
      packets: r.packets,
      seconds: round(r.seconds, 2),
      packets_per_s: Math.round(r.packets / r.seconds),
      tfjs_predict_windows_per_s: Math.round(rates.tfjs),
      fast_windows_per_s: Math.round(rates.fast),
      fast_max_abs_diff: rates.maxDiff,
      classifier_windows_per_s: Math.round(rates.sensorCut),
      classifier_threads_windows_per_s: Object.fromEntries(
        Object.entries(rates.threads).map(([k, v]) => [k, Math.round(v)]),
      ),
      classifier_max_abs_diff: rates.sensorCutMaxDiff,
      peak_rss_mb: round(r.peakRssMb),
      views: readBundle(new Uint8Array(readFileSync(MODEL))).views.map((v) => v.name),
      stages_us_per_packet: usPerPacket(r),
      stage_threads: r.stages.threads,
      stride_stages_us_per_packet: usPerPacket(strided),
      stride: STRIDE,
      stride_packets_per_s: Math.round(strided.packets / strided.seconds),
      ...(pcapRun
        ? {
            pcap_packets: pcapRun.packets,
            pcap_packets_per_s: Math.round(pcapRun.packets / pcapRun.seconds),
            pcap_peak_rss_mb: round(pcapRun.peakRssMb),
            pcap_stages_us_per_packet: usPerPacket(pcapRun),
          }
        : {}),
      ...(pathAlone ? { pcap_capture_path_packets_per_s: Math.round(pathAlone.packets / pathAlone.seconds) } : {}),
      ...(flood ? { rand_source_packets: flood.packets, rand_source_peak_rss_mb: round(flood.peakRssMb) } : {}),
    }),
  );
}

await main();
