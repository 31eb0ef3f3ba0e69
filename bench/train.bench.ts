/**
 * Training throughput (windows per second) on one model and one dataset, three ways:
 *   (a) Node, tfjs wasm backend, the project's own loop (src/core/model: trainModel on buildModel's model);
 *   (b) the baseline the issue measures against: plain tfjs-wasm with default settings, model.fit,
 *       LSTM(32) over steps × width, batch 32, no threads (Node);
 *   (c) headless Chromium, model.fit on the same model (its topology sent over) with every backend the page
 *       can start: wasm without and with threads (+SIMD, cross-origin isolated), webgl, webgpu.
 * The in-browser figure is model.fit, not yet the app's training worker (src/workers/train.worker.ts).
 * Every figure is the batch size over the median time of a batch (warm-up excluded), so a burst of other
 * work on the machine moves it less than a total would; the load average is printed beside them.
 *
 *   npm run bench:train -- [FILE] [--label attack] [--windows 8192]
 *
 * Last line: {"bench":"train","backend":..,"windows_per_s":..,"tfjs_wasm_baseline_windows_per_s":..,"ratio":..,"node_wasm_windows_per_s":..}
 */
import { cpus, loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { buildModel } from '../src/core/model/build-model.ts';
import { DEFAULT_MODEL_CONFIG, type ModelConfig } from '../src/core/model/model-config.ts';
import { trainModel } from '../src/core/model/train-loop.ts';
import { benchData, sampleTensorData } from './lib/train-data.ts';
import { browserFits, label, type BrowserRun } from './lib/train-browser.ts';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const file =
  args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--')) ?? 'public/samples/lab-a/packets.csv.gz';
const LABEL = opt('label', 'attack');
const WINDOWS = Number(opt('windows', '8192'));
const STEPS = 10;
const BASELINE_BATCH = 32;
const log = (s: string): void => console.log(s);

async function nodeProjectLoop(d: Awaited<ReturnType<typeof benchData>>['data']): Promise<number> {
  // One epoch of the real loop, capped so it takes seconds; validation runs after the clock stops.
  const cfg: ModelConfig = { ...DEFAULT_MODEL_CONFIG, epochs: 1, maxPerClass: Math.ceil(WINDOWS / d.classes.length) };
  const model = buildModel(tf, cfg, d.builder.steps, d.builder.width, d.classes.length);
  const marks: { t: number; batch: number; batches: number }[] = [];
  await trainModel(tf, model, d, cfg, {
    onBatch: (p) => marks.push({ t: performance.now(), batch: p.batch, batches: p.batches }),
  });
  model.dispose();
  // Full batches after the first (warm-up); the median gap, as for the other figures.
  const full = marks.filter((m) => m.batch < m.batches);
  if (full.length < 3) throw new Error('too few batches to time the training loop');
  return cfg.batchSize / medianGap(full.map((m) => m.t));
}

/** Median of consecutive differences of ascending times (ms), in seconds. */
function medianGap(times: readonly number[]): number {
  const gaps = times
    .slice(1)
    .map((t, i) => t - times[i])
    .sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)] / 1000;
}

async function nodeBaseline(
  x: Float32Array,
  y: Int32Array,
  n: number,
  width: number,
  classes: number,
): Promise<number> {
  const model = tf.sequential();
  model.add(tf.layers.lstm({ units: 32, inputShape: [STEPS, width] }));
  model.add(tf.layers.dense({ units: classes, activation: 'softmax' }));
  model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
  const xs = tf.tensor3d(x, [n, STEPS, width]);
  const ys = tf.oneHot(tf.tensor1d(y, 'int32'), classes).toFloat();
  await model.fit(xs.slice(0, BASELINE_BATCH * 3), ys.slice(0, BASELINE_BATCH * 3), {
    batchSize: BASELINE_BATCH,
    epochs: 1,
    verbose: 0,
  });
  const marks = [performance.now()];
  await model.fit(xs, ys, {
    batchSize: BASELINE_BATCH,
    epochs: 1,
    verbose: 0,
    callbacks: {
      onBatchEnd: () => {
        marks.push(performance.now());
      },
    },
  });
  const rate = BASELINE_BATCH / medianGap(marks.slice(0, Math.floor(n / BASELINE_BATCH) + 1));
  tf.dispose([xs, ys]);
  model.dispose();
  return rate;
}

async function main(): Promise<void> {
  await tf.setBackend('wasm');
  await tf.ready();
  log(
    `load average ${loadavg()
      .map((v) => v.toFixed(1))
      .join(' ')} on ${cpus().length} cores (figures are median batch times; a busy machine still slows them)`,
  );
  const t0 = performance.now();
  const { data, rows } = await benchData(file, LABEL, STEPS);
  const { builder, classes } = data;
  log(
    `${file}: ${rows} packets, ${data.labels.length} windows of ${STEPS} × ${builder.width} features, ${classes.length} classes, ${data.train.length} training windows (prepared in ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
  );
  const sample = sampleTensorData(data, WINDOWS);
  const cfg = DEFAULT_MODEL_CONFIG;
  log(
    `model: ${cfg.kind}(${cfg.units}) × ${cfg.layers}, dropout ${cfg.dropout}, batch ${cfg.batchSize}; timed on ${sample.n} windows`,
  );

  const nodeLoop = await nodeProjectLoop(data);
  log(
    `(a) node, tfjs wasm, project training loop (trainModel, batch ${cfg.batchSize}): ${Math.round(nodeLoop)} windows/s`,
  );
  const baseline = await nodeBaseline(sample.x, sample.y, sample.n, builder.width, classes.length);
  log(
    `(b) baseline: node, tfjs wasm defaults, model.fit LSTM(32), batch ${BASELINE_BATCH}: ${Math.round(baseline)} windows/s`,
  );

  const model = buildModel(tf, cfg, builder.steps, builder.width, classes.length);
  const topology = model.toJSON(null, false);
  model.dispose();
  const runs: BrowserRun[] = [
    { backend: 'wasm', threads: 0, batchSize: BASELINE_BATCH },
    { backend: 'wasm', threads: 0, batchSize: cfg.batchSize },
    // tfjs grants at most hardwareConcurrency / 2 threads: the page's detail line says how many it got.
    { backend: 'wasm', threads: 2, batchSize: cfg.batchSize },
    { backend: 'webgl', batchSize: cfg.batchSize },
    { backend: 'webgpu', batchSize: cfg.batchSize },
    // Not the project's batch size: shows how much of the cost is per batch rather than per window.
    { backend: 'wasm', threads: 0, batchSize: cfg.batchSize * 4 },
  ];
  log('(c) headless chromium, model.fit on the same model:');
  const results = await browserFits(
    {
      topology,
      x: sample.x,
      y: sample.y,
      n: sample.n,
      steps: builder.steps,
      width: builder.width,
      classes: classes.length,
      learningRate: cfg.learningRate,
      epochs: 1,
      seconds: 6,
    },
    runs,
    log,
  );
  // The headline compares runs at the project's batch size, the configuration the app trains with.
  const best = results
    .filter((r) => r.windowsPerS !== null && r.batchSize === cfg.batchSize)
    .sort((a, b) => (b.windowsPerS ?? 0) - (a.windowsPerS ?? 0))[0];
  log(
    `load average ${loadavg()
      .map((v) => v.toFixed(1))
      .join(' ')}`,
  );
  if (best)
    log(
      `best in browser: ${label(best)}, ${Math.round(best.windowsPerS ?? 0)} windows/s = ${((best.windowsPerS ?? 0) / baseline).toFixed(2)}× the baseline (target 4×)`,
    );
  const r1 = (v: number): number => Math.round(v);
  console.log(
    JSON.stringify({
      bench: 'train',
      backend: best ? label(best) : null,
      windows_per_s: best ? r1(best.windowsPerS ?? 0) : null,
      tfjs_wasm_baseline_windows_per_s: r1(baseline),
      ratio: best ? Number(((best.windowsPerS ?? 0) / baseline).toFixed(2)) : null,
      node_wasm_windows_per_s: r1(nodeLoop),
    }),
  );
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exit(1);
});
