/**
 * Gradient-boosted trees (src/core/model/gbdt) beside the LSTM (issue 20), first measurement: lab-a's windows
 * and splits as `npm run train` builds them (prepareWindows, the per-class 70/15/15 split over stretches of a
 * class, label column `attack`), each window flattened to one row: every step's per-packet features, then the
 * window features once (SampleBuilder repeats them on every step). No normaliser: trees do not need one.
 * Training rows are an even draw of at most --max-per-class windows of each class (the networks' epoch draw,
 * DEFAULT_MODEL_CONFIG.maxPerClass), weighted by classWeightsFor as the networks are; validation rows half
 * that per class (as train-loop draws them), for early stopping. The test rows are every test window.
 * Unlike cli/train.ts, the benign corpus is not appended to the training rows.
 *
 *   npm run bench:trees -- [--rounds 300] [--max-per-class 3000] [--size 10] [--key pair] [--lstm EPOCHS]
 *
 * --lstm EPOCHS also runs cli/train.ts on lab-a (with its benign corpus) for EPOCHS epochs and prints its test
 * macro-F1 (same per-class split of lab-a's windows).
 *
 * Last line: {"bench":"trees","windows_train":..,"windows_test":..,"rounds":..,"train_s":..,"macro_f1":..,
 *   "per_class_f1":{..},"predict_windows_per_s":..}
 */
import { spawnSync } from 'node:child_process';
import { pickColumns, treeInputColumns } from '../src/core/model/tree-model.ts';
import { mkdirSync } from 'node:fs';
import { classesFromColumn } from '../cli/lib/class-labels.ts';
import { loadCsvFile } from '../cli/lib/load-csv-file.ts';
import { featureSpec } from '../src/core/features/feature-spec.ts';
import { labelRuns, STRETCH_GAP_US } from '../src/core/features/label-runs.ts';
import { prepareWindows, type PreparedWindows } from '../src/core/features/prepare.ts';
import { splitWindows, TEST, TRAIN, VALIDATION } from '../src/core/features/splits.ts';
import { WINDOW_WIDTH } from '../src/core/features/window-features.ts';
import type { GroupKey } from '../src/core/features/group-key.ts';
import { trainGbdt } from '../src/core/model/gbdt/train-gbdt.ts';
import { predictProba } from '../src/core/model/gbdt/trees.ts';
import { argmaxRows, classificationReport } from '../src/core/model/metrics.ts';
import { DEFAULT_MODEL_CONFIG } from '../src/core/model/model-config.ts';
import { BENIGN_CLASS } from '../src/core/model/pipeline.ts';
import { byClassInTime, classWeightsFor, drawEven } from '../src/core/model/sampling.ts';
import { LAB_A } from './lib/bench-model.ts';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const ROUNDS = Number(opt('rounds') ?? '300');
const MAX_PER_CLASS = Number(opt('max-per-class') ?? String(DEFAULT_MODEL_CONFIG.maxPerClass));
const SIZE = Number(opt('size') ?? '10');
const KEY = (opt('key') ?? 'pair') as GroupKey;
const LSTM_EPOCHS = opt('lstm') ? Number(opt('lstm')) : null;
const log = (s: string): void => console.log(s);
const round = (v: number, d = 0): number => Math.round(v * 10 ** d) / 10 ** d;

function indicesWhere(part: Uint8Array, p: number): Int32Array {
  const out: number[] = [];
  for (let i = 0; i < part.length; i++) if (part[i] === p) out.push(i);
  return Int32Array.from(out);
}

/** The windows as the trees read them (tree-model.ts: each step's packet features, the window features once). */
function flatten(p: PreparedWindows, picked: Int32Array): { x: Float32Array; d: number } {
  const { builder } = p;
  const per = builder.steps * builder.width;
  const cols = treeInputColumns(builder.steps, builder.width, WINDOW_WIDTH);
  const d = cols.length;
  const x = new Float32Array(picked.length * d);
  const CHUNK = 4096;
  const buf = new Float32Array(CHUNK * per);
  for (let from = 0; from < picked.length; from += CHUNK) {
    const part = picked.subarray(from, Math.min(picked.length, from + CHUNK));
    x.set(pickColumns(builder.fill(part, buf), part.length, per, cols), from * d);
  }
  return { x, d };
}

async function main(): Promise<void> {
  let t0 = performance.now();
  const { table } = await loadCsvFile(LAB_A);
  const { classes, rowLabels } = classesFromColumn(table, 'attack');
  const C = classes.length;
  log(
    `loaded ${table.rowCount} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s; classes: ${classes.join(', ')}`,
  );

  t0 = performance.now();
  const prepared = prepareWindows(table, rowLabels, featureSpec(false), { key: KEY, size: SIZE, stride: 1 }, 'last');
  const rowRuns = labelRuns(table.timeUs, rowLabels, STRETCH_GAP_US, BENIGN_CLASS);
  const episodes = Int32Array.from(prepared.endRow, (r) => rowRuns[r]);
  const split = splitWindows(
    { startUs: prepared.startUs, endUs: prepared.endUs, labels: prepared.labels, episodes },
    'per-class',
    classes,
  );
  for (const w of split.warnings) log(`warning: ${w}`);
  const [train, validation, test] = [TRAIN, VALIDATION, TEST].map((p) => indicesWhere(split.part, p));
  log(
    `windows ${prepared.windows.count}: train/validation/test ${train.length} / ${validation.length} / ${test.length} (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
  );

  const trainByClass = byClassInTime(train, prepared.labels, prepared.endUs, C);
  const trainPick = drawEven(trainByClass, MAX_PER_CLASS);
  const valPick = drawEven(
    byClassInTime(validation, prepared.labels, prepared.endUs, C),
    Math.max(1, Math.ceil(MAX_PER_CLASS / 2)),
  );
  const classW = classWeightsFor(trainByClass, MAX_PER_CLASS);
  const trainY = Uint8Array.from(trainPick, (w) => prepared.labels[w]);
  const valY = Uint8Array.from(valPick, (w) => prepared.labels[w]);
  const weights = Float32Array.from(trainY, (c) => classW[c]);
  const { x: trainX, d } = flatten(prepared, trainPick);
  const { x: valX } = flatten(prepared, valPick);
  log(
    `gbdt rows: train ${trainPick.length}, validation ${valPick.length}, ${d} features; class weights ${Array.from(classW, (w) => w.toFixed(2)).join(' ')}`,
  );

  t0 = performance.now();
  const result = trainGbdt(
    trainX,
    trainY,
    trainPick.length,
    d,
    C,
    {
      rounds: ROUNDS,
      learningRate: 0.1,
      depth: 6,
      rowShare: 0.5,
      featureShare: 0.5,
      weights,
      valX,
      valY,
      valN: valPick.length,
      patience: 20,
      seed: 1,
    },
    (info) => {
      if (info.round % 10 === 0)
        log(
          `round ${info.round}: train loss ${info.trainLoss.toFixed(4)} val loss ${info.valLoss?.toFixed(4) ?? '-'} (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
        );
    },
  );
  const trainS = (performance.now() - t0) / 1000;
  log(
    `gbdt ${result.ended}: ${result.bestRounds} rounds kept of ${result.valLoss.length || result.trainLoss.length} in ${trainS.toFixed(1)} s`,
  );

  const { x: testX } = flatten(prepared, test);
  t0 = performance.now();
  const probs = predictProba(result.model, testX, test.length);
  const predictS = (performance.now() - t0) / 1000;
  const truth = Uint8Array.from(test, (w) => prepared.labels[w]);
  const report = classificationReport(truth, argmaxRows(probs, C), classes);
  const perClass: Record<string, number> = {};
  report.perClass.forEach((m, c) => {
    perClass[classes[c]] = round(m.f1, 4);
    log(
      `  ${classes[c].padEnd(24)} f1 ${m.f1.toFixed(4)}  precision ${m.precision.toFixed(4)}  recall ${m.recall.toFixed(4)}  support ${m.support}`,
    );
  });
  const perS = test.length / Math.max(predictS, 1e-9);
  log(
    `gbdt test: macro-F1 ${report.macroF1.toFixed(4)}, accuracy ${report.accuracy.toFixed(4)}; predict ${Math.round(perS)} windows/s (${test.length} windows, ${predictS.toFixed(2)} s, flattening not counted)`,
  );

  if (LSTM_EPOCHS !== null) {
    mkdirSync('.tmp', { recursive: true });
    log(`lstm: cli/train.ts on lab-a, ${LSTM_EPOCHS} epochs...`);
    const r = spawnSync(
      'npx',
      [
        'tsx',
        'cli/train.ts',
        '--data',
        LAB_A,
        '--label-column',
        'attack',
        '--key',
        KEY,
        '--size',
        String(SIZE),
        '--out',
        '.tmp/bench-trees-lstm.zip',
        '--epochs',
        String(LSTM_EPOCHS),
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 },
    );
    const last = r.stdout.trim().split('\n').pop() ?? '';
    log(`lstm (exit ${r.status}): ${last}`);
  }

  log(
    JSON.stringify({
      bench: 'trees',
      windows_train: trainPick.length,
      windows_test: test.length,
      rounds: result.bestRounds,
      train_s: round(trainS, 1),
      macro_f1: round(report.macroF1, 4),
      per_class_f1: perClass,
      predict_windows_per_s: Math.round(perS),
    }),
  );
}

await main();
