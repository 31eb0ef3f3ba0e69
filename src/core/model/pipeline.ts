/**
 * The whole path from a labelled table to a trained, evaluated model and its manifest, and from a bundle to
 * predictions on another table: one function each, so the CLI, the browser worker and the benchmark train
 * and measure alike.
 */
import type { LayersModel } from '@tensorflow/tfjs';
import { featureSpec } from '../features/feature-spec.ts';
import { labelRuns, STRETCH_GAP_US } from '../features/label-runs.ts';
import { prepareWindows, type PreparedWindows } from '../features/prepare.ts';
import { fitNormaliser } from '../features/samples.ts';
import { GAP, splitWindows, TEST, TRAIN, VALIDATION, type Split, type SplitStrategy } from '../features/splits.ts';
import type { WindowSpec } from '../features/windows.ts';
import { DEFAULT_VOTE_RULE } from '../detect/vote.ts';
import type { PacketTable } from '../table/packet-table.ts';
import { buildModel, type Tf } from './build-model.ts';
import { BUNDLE_FORMAT, BUNDLE_VERSION, type Manifest } from './bundle.ts';
import { alertReport, type AlertReport } from './alert-report.ts';
import { argmaxRows, attackCurve, classificationReport, type ClassificationReport } from './metrics.ts';
import { configProblems, isTrees, type ModelConfig } from './model-config.ts';
import { predictWindows } from './predict.ts';
import { byClassInTime, drawEven } from './sampling.ts';
import { trainModel, type TrainData, type TrainHooks, type TrainOutcome } from './train-loop.ts';
import { trainTrees } from './train-trees.ts';
import type { TrainedModel } from './tree-model.ts';

/** Benign is class 0 everywhere (the label set's id 0). */
export const BENIGN_CLASS = 0;

export interface TrainRequest {
  readonly table: PacketTable;
  readonly rowLabels: Uint8Array;
  readonly classes: readonly string[];
  readonly window: WindowSpec;
  readonly labelRule: 'last' | 'majority';
  readonly split: SplitStrategy;
  /** Per ROW, for by-episode; -1 none. */
  readonly episodes?: Int32Array;
  /**
   * Per ROW: TRAIN, VALIDATION, TEST or GAP, overriding `split` (benchmarks hold out chosen episodes). A
   * window takes its rows' part when they all agree, else it is a gap.
   */
  readonly rowParts?: Uint8Array;
  readonly config: ModelConfig;
  readonly portServices?: boolean;
  readonly fingerprint: string;
  readonly fileName: string;
  /** Rows at the table's end that are a benign corpus appended for training (variants/benign-rows.ts). */
  readonly benignRows?: number;
}

export interface TrainResult {
  /** A tfjs network, or the trees (tree-model.ts). */
  readonly model: TrainedModel;
  readonly manifest: Manifest;
  readonly report: ClassificationReport;
  readonly curve: ReturnType<typeof attackCurve>;
  readonly split: Split;
  readonly outcome: TrainOutcome;
  readonly test: { readonly windows: Int32Array; readonly probs: Float32Array };
  /** The sensor's vote over the test windows: episodes (from the labels) alerted, delays, false alerts. */
  readonly alerts: AlertReport;
  /** The windows trained and tested on (times, groups, labels), for reports beyond the above. */
  readonly prepared: PreparedWindows;
}

/** The normaliser sees a class-balanced draw of training windows, so floods do not set every scale. */
export const NORMALISER_PER_CLASS = 20_000;

/** What training needs of its request before any work: settings that make sense, two classes at least. */
export function checkTrainRequest(req: Pick<TrainRequest, 'config' | 'classes'>): void {
  const problems = configProblems(req.config);
  if (problems.length) throw new Error(`model settings: ${problems.join('; ')}`);
  if (req.classes.length < 2) throw new Error('training needs at least two classes');
}

/** The test windows' report, attack curve and alert report (the vote rule over them, as a sensor would). */
export function testFigures(
  p: PreparedWindows,
  test: Int32Array,
  probs: Float32Array,
  classes: readonly string[],
): Pick<TrainResult, 'report' | 'curve' | 'alerts'> {
  const C = classes.length;
  const truth = Uint8Array.from(test, (w) => p.labels[w]);
  return {
    report: classificationReport(truth, argmaxRows(probs, C), classes),
    curve: attackCurve(truth, probs, C, BENIGN_CLASS),
    alerts: alertReport(p, test, probs, classes, BENIGN_CLASS, DEFAULT_VOTE_RULE),
  };
}

/** The manifest of a model trained on `req` with windows `win` (its view), normalised by `norm`. */
export function trainedManifest(
  req: Omit<TrainRequest, 'window'>,
  spec: Manifest['featureSpec'],
  norm: Manifest['normaliser'],
  win: WindowSpec,
  windows: number,
  report: ClassificationReport,
  seconds?: number,
): Manifest {
  return {
    format: BUNDLE_FORMAT,
    formatVersion: BUNDLE_VERSION,
    createdAt: new Date().toISOString(),
    featureSpec: spec,
    normaliser: norm,
    window: { key: win.key, size: win.size, stride: win.stride },
    labelRule: req.labelRule,
    classes: [...req.classes],
    malicious: req.classes.map((_, c) => c !== BENIGN_CLASS),
    vote: { k: DEFAULT_VOTE_RULE.k, threshold: DEFAULT_VOTE_RULE.threshold },
    model: { ...req.config },
    training: {
      fingerprint: req.fingerprint,
      fileName: req.fileName,
      rows: req.table.rowCount,
      ...(req.benignRows ? { benignRows: req.benignRows } : {}),
      // Three figures, not tenths: a small model trains in hundredths of a second, and 0 would read as unknown.
      ...(seconds === undefined ? {} : { seconds: Number(seconds.toPrecision(3)) }),
      windows,
      split: req.split,
      metrics: report,
    },
  };
}

export async function trainPipeline(
  tf: Tf,
  req: TrainRequest,
  hooks: TrainHooks & { onSplit?(s: Split): void } = {},
): Promise<TrainResult> {
  checkTrainRequest(req);
  const spec = featureSpec(req.portServices ?? false);
  // Destructured: core's purity check forbids the text `window.` (the DOM global).
  const { window: win } = req;
  const prepared = prepareWindows(req.table, req.rowLabels, spec, win, req.labelRule);
  // Without episodes given, the default split cuts each stretch of a class (runs with 10 s of silence) 70/15/15.
  const rowRuns =
    req.episodes ??
    (req.split === 'per-class' ? labelRuns(req.table.timeUs, req.rowLabels, STRETCH_GAP_US, BENIGN_CLASS) : undefined);
  const episodes = rowRuns ? Int32Array.from(prepared.endRow, (r) => rowRuns[r]) : undefined;
  const split = req.rowParts
    ? splitFromRowParts(prepared, req.rowParts, req.classes.length)
    : splitWindows(
        {
          startUs: prepared.startUs,
          endUs: prepared.endUs,
          labels: prepared.labels,
          ...(episodes ? { episodes } : {}),
        },
        req.split,
        req.classes,
      );
  hooks.onSplit?.(split);
  const parts = [TRAIN, VALIDATION, TEST].map((p) => indicesWhere(split.part, p));
  const [train, validation, test] = parts;
  if (train.length === 0) throw new Error('the training split has no windows (too few packets for the window size?)');

  const C = req.classes.length;
  const norm = fitNormaliser(
    prepared.builder,
    drawEven(byClassInTime(train, prepared.labels, prepared.endUs, C), NORMALISER_PER_CLASS),
  );
  // Stretches of each class (runs with 10 s of silence), for sampling each variant alike.
  const stretchRows = labelRuns(req.table.timeUs, req.rowLabels, STRETCH_GAP_US, BENIGN_CLASS);
  const data = {
    builder: prepared.builder,
    norm,
    labels: prepared.labels,
    train,
    validation,
    classes: req.classes,
    endUs: prepared.endUs,
    runs: Int32Array.from(prepared.endRow, (r) => stretchRows[r]),
  };
  const t0 = Date.now();
  const trained = isTrees(req.config.kind)
    ? await trainTrees(data, req.config, hooks)
    : await trainNetwork(tf, buildModel(tf, req.config, win.size, prepared.builder.width, C), data, req.config, hooks);
  const { model, outcome } = trained;
  try {
    const probs = await predictWindows(tf, model, prepared.builder, norm, test);
    const { report, curve, alerts } = testFigures(prepared, test, probs, req.classes);
    const seconds = (Date.now() - t0) / 1000;
    const manifest = trainedManifest(req, spec, norm, win, prepared.windows.count, report, seconds);
    return { model, manifest, report, curve, split, outcome, test: { windows: test, probs }, alerts, prepared };
  } catch (e) {
    model.dispose();
    throw e;
  }
}

/** A network trained by the training loop; disposed if training fails. */
async function trainNetwork(
  tf: Tf,
  model: LayersModel,
  data: TrainData,
  cfg: ModelConfig,
  hooks: TrainHooks,
): Promise<{ model: LayersModel; outcome: TrainOutcome }> {
  try {
    return { model, outcome: await trainModel(tf, model, data, cfg, hooks) };
  } catch (e) {
    model.dispose();
    throw e;
  }
}

/**
 * Predicts the windows of `table` with a bundle's model (cut at stride 1, as a sensor sees them); with row
 * labels (in the manifest's class numbering) also the report. `maxWindows` keeps an interactive evaluation
 * short: every k-th window is scored, spread over the whole capture (the count says how many).
 */
export async function evaluateOn(
  tf: Tf,
  model: TrainedModel,
  manifest: Manifest,
  table: PacketTable,
  rowLabels: Uint8Array | null,
  maxWindows = Infinity,
): Promise<{
  report: ClassificationReport | null;
  probs: Float32Array;
  prepared: PreparedWindows;
  windows: Int32Array;
  every: number;
}> {
  const { window: trained } = manifest;
  const stride1: WindowSpec = { key: trained.key, size: trained.size, stride: 1 };
  const prepared = prepareWindows(
    table,
    rowLabels ?? new Uint8Array(table.rowCount),
    manifest.featureSpec,
    stride1,
    manifest.labelRule,
  );
  const every = Math.max(1, Math.ceil(prepared.windows.count / maxWindows));
  const windows = Int32Array.from({ length: Math.ceil(prepared.windows.count / every) }, (_, i) => i * every);
  const probs = await predictWindows(tf, model, prepared.builder, manifest.normaliser, windows);
  const C = manifest.classes.length;
  let report: ClassificationReport | null = null;
  if (rowLabels) {
    const names = [...manifest.classes];
    const truth = Uint8Array.from(windows, (w) => prepared.labels[w]);
    const maxLabel = truth.reduce((m, l) => Math.max(m, l), 0);
    // Truth classes the model does not know still count (their F1 is 0), so they are named, not dropped.
    for (let c = names.length; c <= maxLabel; c++) names.push(`class ${c}`);
    report = classificationReport(truth, argmaxRows(probs, C), names);
  }
  return { report, probs, prepared, windows, every };
}

/** Windows' parts from their rows' (all rows of a window must agree, else GAP). */
export function splitFromRowParts(p: PreparedWindows, rowParts: Uint8Array, classes: number): Split {
  const { order, starts, spec } = p.windows;
  const part = new Uint8Array(p.windows.count).fill(GAP);
  for (let w = 0; w < part.length; w++) {
    const s = starts[w];
    const first = rowParts[order[s]];
    let same = true;
    for (let k = 1; k < spec.size && same; k++) same = rowParts[order[s + k]] === first;
    if (same) part[w] = first;
  }
  const counts = [TRAIN, VALIDATION, TEST].map((q) => {
    const c = new Array<number>(classes).fill(0);
    for (let w = 0; w < part.length; w++) if (part[w] === q) c[p.labels[w]]++;
    return c;
  });
  return { part, counts, warnings: [] };
}

/** Indices of the windows in part `p`. */
export function indicesWhere(part: Uint8Array, p: number): Int32Array {
  let n = 0;
  for (let i = 0; i < part.length; i++) if (part[i] === p) n++;
  const out = new Int32Array(n);
  let j = 0;
  for (let i = 0; i < part.length; i++) if (part[i] === p) out[j++] = i;
  return out;
}
