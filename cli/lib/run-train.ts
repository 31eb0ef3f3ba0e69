/**
 * The logic of `npm run train`: loads a labelled tshark CSV, trains with the workbench's own pipeline
 * (src/core/model/pipeline.ts) on tfjs' wasm backend, writes the model bundle, and returns the test metrics
 * to print. Progress goes to `log` (stderr in the CLI) so stdout stays one JSON object.
 */
import { basename } from 'node:path';
import { GROUP_KEYS, type GroupKey } from '../../src/core/features/group-key.ts';
import type { SplitStrategy } from '../../src/core/features/splits.ts';
import { captureFingerprint } from '../../src/core/labels/fingerprint.ts';
import { exportBundle } from '../../src/core/model/bundle.ts';
import {
  configProblems,
  DEFAULT_GBDT_CONFIG,
  DEFAULT_MODEL_CONFIG,
  defaultConfigFor,
  isTrees,
  MODEL_KINDS,
  type ModelConfig,
  type ModelKind,
  TREE_DEPTH,
} from '../../src/core/model/model-config.ts';
import { trainPipeline, type TrainRequest } from '../../src/core/model/pipeline.ts';
import { DEFAULT_VIEWS_LAYOUT, withTrainingVariants } from '../../src/core/model/train-views.ts';
import type { ViewsLayout, ViewSpec } from '../../src/core/model/train-views.ts';
import type { PacketTable } from '../../src/core/table/packet-table.ts';
import { DEFAULT_BENIGN_CORPUS, loadTrainedKinds } from './benign-corpus.ts';
import { classesFromColumn } from './class-labels.ts';
import { readEpisodes, rowEpisodes } from './episodes-file.ts';
import { parseCliArgs } from './cli-args.ts';
import { loadNotes } from '../../src/core/ingest/load-notes.ts';
import { loadCsvFile } from './load-csv-file.ts';
import { loadNamedFile } from './named-file.ts';
import { outFileProblem, writeFileWhole } from './out-file.ts';
import { describeError, reportJson, type CliOutcome } from './report-json.ts';
import { nodeTf } from './tf-node.ts';
import { DEFAULT_VIEWS_ARG, onlyValue, parseLayout, parseViews, VIEWS_USAGE } from './train-views-args.ts';

export const TRAIN_USAGE = `usage: npm run train -- --data FILE --label-column NAME --out MODEL.zip [options]

Trains sequence models on packet windows of a labelled tshark CSV (.csv or .csv.gz), by default one per view
(${DEFAULT_VIEWS_ARG}), and writes the model bundle (one .zip the workbench and the sensor import). Prints
the test split's metrics as one JSON object.

  --data FILE            the CSV file
  --label-column NAME    the column holding each packet's class (benign/normal/empty = benign)
  --out FILE             where to write the bundle (.zip)
${VIEWS_USAGE}
  --key KEY              the single model of one view, grouped by ${GROUP_KEYS.join(', ')}
  --size N               packets per window (default 10)
  --stride N             packets between training windows of a group (default 1)
  --label-rule RULE      last | majority (default last)
  --split STRATEGY       per-class | plain | by-episode (default per-class)
  --episodes FILE        episodes.json, for --split by-episode
  --model KIND           ${MODEL_KINDS.join(', ')} (default ${DEFAULT_MODEL_CONFIG.kind}); gbdt: gradient-boosted
                         trees on the same windows, flattened (per view; defaults: learning rate
                         ${DEFAULT_GBDT_CONFIG.learningRate}, ${DEFAULT_GBDT_CONFIG.epochs} rounds, patience ${DEFAULT_GBDT_CONFIG.patience}, depth ${DEFAULT_GBDT_CONFIG.depth})
  --units N  --layers N  --dropout X  --learning-rate X  --batch-size N
  --epochs N  --patience N  --max-per-class N  --no-class-weights  --seed N
  --rounds N  --depth N  the trees' most boosting rounds (= --epochs) and levels per tree (1 to 8)
  --time-scale X         training augmentation: each augmented window's timing scaled by a factor drawn
                         log-uniformly in [1/X, X] (default ${DEFAULT_MODEL_CONFIG.timeScale}; 1 = off)
  --augment-share X      share of training windows time-scaled (default ${DEFAULT_MODEL_CONFIG.augmentShare})
  --jitter-ms X          training augmentation: each jittered window's packet gaps grow by up to J ms, J drawn
                         log-uniformly up to X (a loaded host, a real link; default ${DEFAULT_MODEL_CONFIG.jitterMs}; 0 = off)
  --jitter-share X       share of training windows jittered (default ${DEFAULT_MODEL_CONFIG.jitterShare})
  --mask-share X         share of training windows that lose one feature group (default ${DEFAULT_MODEL_CONFIG.maskShare ?? 0})
  --no-balance-runs      draw each class in proportion to its stretches' windows, not each stretch alike
  --benign-corpus DIR    benign captures of other networks to train on beside the data, labelled benign
                         (default: the project's public/corpus/benign, its trained kinds)
  --no-benign-corpus     train on the data alone
  -h, --help             this text

Exit status: 0 trained; 1 the data could not be read, training failed or the bundle could not be written;
2 the command line is wrong.`;

export interface TrainArgs {
  readonly data: string;
  readonly labelColumn: string;
  readonly out: string;
  readonly key: GroupKey;
  /** --key was given: the single model of that view, not a bundle of views. */
  readonly keyGiven: boolean;
  /** The views of a bundle of views (the default ones unless --views), and how they are laid out. */
  readonly views: readonly ViewSpec[];
  readonly layout: ViewsLayout;
  /** --views or --layout was given. */
  readonly viewsGiven: boolean;
  readonly size: number;
  readonly stride: number;
  readonly labelRule: 'last' | 'majority';
  readonly split: SplitStrategy;
  readonly episodes: string | null;
  readonly config: ModelConfig;
  /** The benign corpus's folder; null: none. */
  readonly benignCorpus: string | null;
}

export type Parsed = { kind: 'help' } | { kind: 'usage'; message: string } | { kind: 'run'; args: TrainArgs };

const NUMBER_OPTIONS = [
  'size',
  'stride',
  'units',
  'layers',
  'dropout',
  'learning-rate',
  'batch-size',
  'epochs',
  'patience',
  'max-per-class',
  'seed',
  'time-scale',
  'augment-share',
  'jitter-ms',
  'jitter-share',
  'mask-share',
  'rounds',
  'depth',
] as const;

export function parseTrainArgs(argv: readonly string[]): Parsed {
  const parsed = parseCliArgs(argv, {
    data: { type: 'string' },
    'label-column': { type: 'string' },
    out: { type: 'string' },
    key: { type: 'string' },
    'label-rule': { type: 'string' },
    split: { type: 'string' },
    episodes: { type: 'string' },
    model: { type: 'string' },
    'no-class-weights': { type: 'boolean' },
    'no-balance-runs': { type: 'boolean' },
    'benign-corpus': { type: 'string' },
    'no-benign-corpus': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
    views: { type: 'string', multiple: true },
    layout: { type: 'string', multiple: true },
    ...Object.fromEntries(NUMBER_OPTIONS.map((o) => [o, { type: 'string' as const }])),
  });
  if (!parsed.ok) return { kind: 'usage', message: parsed.error };
  const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
  if (values.help) return { kind: 'help' };
  const layoutArg = onlyValue('layout', values.layout as string[] | undefined, DEFAULT_VIEWS_LAYOUT);
  const layout = typeof layoutArg === 'string' ? parseLayout(layoutArg) : layoutArg.error;
  if (layout !== 'per-view' && layout !== 'shared') return { kind: 'usage', message: layout };
  const viewsArg = onlyValue('views', values.views as string[] | undefined, DEFAULT_VIEWS_ARG);
  const views = typeof viewsArg === 'string' ? parseViews(viewsArg) : viewsArg.error;
  if (typeof views === 'string') return { kind: 'usage', message: views };
  const viewsGiven = values.views !== undefined || values.layout !== undefined;
  const keyGiven = typeof values.key === 'string';
  if (viewsGiven && keyGiven) return { kind: 'usage', message: 'give either --views or --key' };
  for (const need of ['data', 'label-column', 'out'] as const)
    if (typeof values[need] !== 'string' || values[need] === '') return { kind: 'usage', message: `give --${need}` };
  const num: Record<string, number> = {};
  for (const o of NUMBER_OPTIONS) {
    const v = values[o];
    if (typeof v !== 'string') continue;
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n))
      return { kind: 'usage', message: `--${o} must be a number (got ${JSON.stringify(v)})` };
    num[o] = n;
  }
  const key = (typeof values.key === 'string' ? values.key : 'pair') as GroupKey;
  if (!GROUP_KEYS.includes(key)) return { kind: 'usage', message: `--key must be one of ${GROUP_KEYS.join(', ')}` };
  const labelRule = values['label-rule'] ?? 'last';
  if (labelRule !== 'last' && labelRule !== 'majority')
    return { kind: 'usage', message: '--label-rule must be last or majority' };
  const split = values.split ?? 'per-class';
  if (split !== 'per-class' && split !== 'plain' && split !== 'by-episode')
    return { kind: 'usage', message: '--split must be per-class, plain or by-episode' };
  if (split === 'by-episode' && typeof values.episodes !== 'string')
    return { kind: 'usage', message: '--split by-episode needs --episodes FILE' };
  if (values['no-benign-corpus'] && typeof values['benign-corpus'] === 'string')
    return { kind: 'usage', message: 'give either --benign-corpus or --no-benign-corpus' };
  const benignCorpus = values['no-benign-corpus']
    ? null
    : typeof values['benign-corpus'] === 'string'
      ? values['benign-corpus']
      : DEFAULT_BENIGN_CORPUS;
  const kind = (values.model ?? DEFAULT_MODEL_CONFIG.kind) as ModelKind;
  if (!MODEL_KINDS.includes(kind))
    return { kind: 'usage', message: `--model must be one of ${MODEL_KINDS.join(', ')}` };
  if (num.rounds !== undefined && num.epochs !== undefined)
    return { kind: 'usage', message: 'give either --rounds or --epochs' };
  if (isTrees(kind) && layout === 'shared')
    return { kind: 'usage', message: 'trees are trained one model per view: --layout shared is for networks' };
  // The kind's defaults: the trees boost at a learning rate a network would diverge at.
  const d = defaultConfigFor(kind);
  const config: ModelConfig = {
    kind,
    units: num.units ?? d.units,
    layers: num.layers ?? d.layers,
    dropout: num.dropout ?? d.dropout,
    learningRate: num['learning-rate'] ?? d.learningRate,
    batchSize: num['batch-size'] ?? d.batchSize,
    epochs: num.rounds ?? num.epochs ?? d.epochs,
    patience: num.patience ?? d.patience,
    maxPerClass: num['max-per-class'] ?? d.maxPerClass,
    classWeights: !values['no-class-weights'],
    seed: num.seed ?? d.seed,
    timeScale: num['time-scale'] ?? d.timeScale ?? 1,
    augmentShare: num['augment-share'] ?? d.augmentShare ?? 0,
    jitterMs: num['jitter-ms'] ?? d.jitterMs ?? 0,
    jitterShare: num['jitter-share'] ?? d.jitterShare ?? 0,
    maskShare: num['mask-share'] ?? d.maskShare ?? 0,
    balanceRuns: !values['no-balance-runs'] && (d.balanceRuns ?? false),
    ...(isTrees(kind) ? { depth: num.depth ?? d.depth ?? TREE_DEPTH } : {}),
  };
  const problems = configProblems(config);
  if (problems.length) return { kind: 'usage', message: problems.join('; ') };
  const size = num.size ?? 10;
  const stride = num.stride ?? 1;
  if (!Number.isInteger(size) || size < 1 || size > 1000 || !Number.isInteger(stride) || stride < 1)
    return { kind: 'usage', message: '--size and --stride must be whole numbers >= 1' };
  return {
    kind: 'run',
    args: {
      data: values.data as string,
      labelColumn: values['label-column'] as string,
      out: values.out as string,
      key,
      keyGiven,
      views,
      layout,
      viewsGiven,
      size,
      stride,
      labelRule,
      split,
      episodes: typeof values.episodes === 'string' ? values.episodes : null,
      config,
      benignCorpus,
    },
  };
}

/** The outcome of a command line that asks for help or is wrong. */
export function notRun(parsed: Exclude<Parsed, { kind: 'run' }>): CliOutcome {
  if (parsed.kind === 'help') return { lines: TRAIN_USAGE.split('\n'), errors: [], exitCode: 0 };
  return { lines: [], errors: [`train: ${parsed.message}`, '', ...TRAIN_USAGE.split('\n')], exitCode: 2 };
}

/** What every training run takes from the command line: the labelled table, its classes, and the settings. */
export async function loadTrainingData(
  a: TrainArgs,
  log: (line: string) => void,
): Promise<Omit<TrainRequest, 'window'> & { benignTables: PacketTable[] }> {
  const t0 = Date.now();
  const { table, summary } = await loadNamedFile(a.data, loadCsvFile);
  const { classes, rowLabels } = classesFromColumn(table, a.labelColumn);
  if (classes.length < 2) throw new Error(`column "${a.labelColumn}" has only benign rows; nothing to learn`);
  log(`loaded ${table.rowCount} rows in ${((Date.now() - t0) / 1000).toFixed(1)} s; classes: ${classes.join(', ')}`);
  for (const n of loadNotes(summary)) log(`note: ${n}`);
  const episodes = a.episodes ? rowEpisodes(table.timeUs, rowLabels, readEpisodes(a.episodes)) : undefined;
  const corpus = a.benignCorpus ? await loadTrainedKinds(a.benignCorpus) : { names: [], tables: [] };
  if (a.benignCorpus)
    log(
      `benign corpus: ${corpus.tables.reduce((s, t) => s + t.rowCount, 0)} rows of ${corpus.names.join(', ')} (training only)`,
    );
  return {
    table,
    rowLabels,
    classes,
    labelRule: a.labelRule,
    split: a.split,
    ...(episodes ? { episodes } : {}),
    benignTables: corpus.tables,
    config: a.config,
    fingerprint: captureFingerprint(table),
    fileName: basename(a.data),
  };
}

/** The single model of one view (`--key`); with --views, the views are refused: that is runTrainViews' work. */
export async function runTrain(argv: readonly string[], log: (line: string) => void = () => {}): Promise<CliOutcome> {
  const parsed = parseTrainArgs(argv);
  if (parsed.kind !== 'run') return notRun(parsed);
  if (parsed.args.viewsGiven) return notRun({ kind: 'usage', message: 'give either --views or --key' });
  return trainOneView(parsed.args, log);
}

/** A command line that cannot be run as asked; the bundle's folder is checked before hours of training. */
export function outProblem(a: TrainArgs): CliOutcome | null {
  const problem = outFileProblem(a.out);
  return problem ? { lines: [], errors: [`train: ${problem}`], exitCode: 1 } : null;
}

export async function trainOneView(a: TrainArgs, log: (line: string) => void): Promise<CliOutcome> {
  const refused = outProblem(a);
  if (refused) return refused;
  try {
    const { benignTables, ...data } = await loadTrainingData(a, log);
    // The same training rows as a bundle of views gets: the benign corpus beside the capture.
    const {
      views: _v,
      size: _s,
      stride: _t,
      ...req
    } = withTrainingVariants({
      ...data,
      views: [],
      size: a.size,
      stride: a.stride,
      randSourceFloods: false,
      benignTables,
    });
    const tf = await nodeTf();
    const t1 = Date.now();
    const result = await trainPipeline(
      tf,
      { ...req, window: { key: a.key, size: a.size, stride: a.stride } },
      {
        onSplit: (s) => {
          log(`windows train/validation/test: ${s.counts.map((c) => c.reduce((x, y) => x + y, 0)).join(' / ')}`);
          for (const w of s.warnings) log(`warning: ${w}`);
        },
        onEpoch: (p) =>
          log(
            `${isTrees(a.config.kind) ? 'round' : 'epoch'} ${p.epoch}/${p.epochs}: loss ${p.loss.toFixed(4)} acc ${p.accuracy.toFixed(4)} val loss ${p.valLoss?.toFixed(4) ?? '-'} val acc ${p.valAccuracy?.toFixed(4) ?? '-'} (${p.elapsedS.toFixed(1)} s, ${Math.round(p.windowsPerSecond)} windows/s)`,
          ),
      },
    );
    const trainS = (Date.now() - t1) / 1000;
    log(
      `training ${result.outcome.ended} after ${result.outcome.history.length} epochs (best ${result.outcome.bestEpoch}) in ${trainS.toFixed(1)} s`,
    );
    const zip = await exportBundle(tf, result.model, result.manifest);
    result.model.dispose();
    writeFileWhole(a.out, zip);
    log(`wrote ${a.out} (${zip.length} bytes)`);
    const out = {
      ...reportJson(result.report),
      split: a.split,
      epochs: result.outcome.history.length,
      best_epoch: result.outcome.bestEpoch,
      ended: result.outcome.ended,
      train_s: Math.round(trainS * 10) / 10,
      bundle: a.out,
    };
    return { lines: [JSON.stringify(out)], errors: [], exitCode: 0 };
  } catch (e) {
    return { lines: [], errors: [`train: ${describeError(e)}`], exitCode: 1 };
  }
}
