/**
 * The training options form as the user edits it (numbers kept as typed text, so a half-typed value is not
 * snapped back), its defaults, and its check: problems in plain words or the options a run takes. The
 * networks' epochs and the trees' rounds are separate fields, so switching the kind back and forth keeps what
 * was typed for each; the config starts from the kind's own defaults (defaultConfigFor: the trees' learning
 * rate is 0.2, the networks' 0.003), and the fields a kind ignores are neither read nor checked.
 */
import { GROUP_KEYS, type GroupKey } from '../../core/features/group-key.ts';
import type { SplitStrategy } from '../../core/features/splits.ts';
import {
  configProblems,
  DEFAULT_GBDT_CONFIG,
  DEFAULT_MODEL_CONFIG,
  defaultConfigFor,
  isTrees,
  MODEL_KINDS,
  type ModelConfig,
  type ModelKind,
} from '../../core/model/model-config.ts';
import { DEFAULT_VIEWS, VIEWS_LAYOUTS, type ViewsLayout } from '../../core/model/train-views.ts';
import type { BackendChoice, TrainOptions } from '../../workers/train-messages.ts';

export interface TrainForm {
  readonly kind: ModelKind;
  readonly units: string;
  readonly layers: string;
  readonly dropout: string;
  /** Networks: epochs. */
  readonly epochs: string;
  /** Trees: the most boosting rounds (one tree each). */
  readonly rounds: string;
  /** Trees: levels per tree. */
  readonly depth: string;
  readonly batchSize: string;
  readonly maxPerClass: string;
  /** The views to train, in VIEW_KEYS order (each named after its key). */
  readonly views: readonly GroupKey[];
  /** The trees train per view only (trainViews refuses 'shared' for them): see layoutOf. */
  readonly layout: ViewsLayout;
  readonly windowSize: string;
  readonly stride: string;
  readonly labelRule: 'last' | 'majority';
  readonly split: SplitStrategy;
  readonly seed: string;
  readonly backend: BackendChoice;
  /** Train also on the benign corpus (health checks, scraping, monitoring, ...: benign traffic that looks like attacks). */
  readonly benignCorpus: boolean;
}

export const SPLITS: readonly SplitStrategy[] = ['per-class', 'plain', 'by-episode'];
export const LABEL_RULES: readonly TrainForm['labelRule'][] = ['last', 'majority'];
export { GROUP_KEYS, MODEL_KINDS, VIEWS_LAYOUTS };

/** The kind as the Model select names it. */
export const KIND_TITLES: Readonly<Record<ModelKind, string>> = {
  lstm: 'lstm',
  gru: 'gru',
  dense: 'dense',
  gbdt: 'gbdt (boosted trees)',
};

/** Why the shared layout is not offered for the trees, shown beside the Layout select. */
export const SHARED_LAYOUT_NOTE = 'boosted trees train one model per view (shared is for the networks)';

/** The layout a run of this form takes: per-view for the trees, whatever was chosen for a network. */
export const layoutOf = (f: Pick<TrainForm, 'kind' | 'layout'>): ViewsLayout =>
  isTrees(f.kind) ? 'per-view' : f.layout;

/** What each grouping means, for the views' checkboxes (partial: a key added to the core still gets a box). */
export const VIEW_TITLES: Readonly<Partial<Record<GroupKey, string>>> = {
  pair: 'packets of each host pair (both directions)',
  flow: 'packets of each 5-tuple flow',
  dst: 'packets to each destination host (floods, sweeps from many sources)',
  src: 'packets from each source host (scans of many targets)',
  none: 'all packets in capture order',
};

/** The views offered, the default ones first (as the CLI and the sensor order them), then the other keys. */
export const VIEW_KEYS: readonly GroupKey[] = [...new Set([...DEFAULT_VIEWS.map((v) => v.key), ...GROUP_KEYS])];

/** The form's views with `key` turned on or off, kept in VIEW_KEYS order. */
export function toggleView(views: readonly GroupKey[], key: GroupKey, on: boolean): GroupKey[] {
  return VIEW_KEYS.filter((k) => (k === key ? on : views.includes(k)));
}

export const DEFAULT_TRAIN_FORM: TrainForm = {
  kind: DEFAULT_MODEL_CONFIG.kind,
  units: String(DEFAULT_MODEL_CONFIG.units),
  layers: String(DEFAULT_MODEL_CONFIG.layers),
  dropout: String(DEFAULT_MODEL_CONFIG.dropout),
  epochs: String(DEFAULT_MODEL_CONFIG.epochs),
  rounds: String(DEFAULT_GBDT_CONFIG.epochs),
  depth: String(DEFAULT_GBDT_CONFIG.depth),
  batchSize: String(DEFAULT_MODEL_CONFIG.batchSize),
  maxPerClass: String(DEFAULT_MODEL_CONFIG.maxPerClass),
  views: DEFAULT_VIEWS.map((v) => v.key),
  layout: 'per-view',
  windowSize: '8',
  stride: '1',
  labelRule: 'last',
  split: 'per-class',
  seed: String(DEFAULT_MODEL_CONFIG.seed),
  backend: 'auto',
  benignCorpus: true,
};

export type FormCheck =
  | { readonly ok: true; readonly options: TrainOptions }
  | { readonly ok: false; readonly problems: readonly string[] };

export function checkTrainForm(f: TrainForm): FormCheck {
  const problems: string[] = [];
  const num = (name: string, text: string): number => {
    const t = text.trim();
    const v = t === '' ? NaN : Number(t);
    if (!Number.isFinite(v)) problems.push(`${name} must be a number (got "${text}")`);
    return v;
  };
  const config = configOf(f, num);
  const size = num('window size', f.windowSize);
  const stride = num('stride', f.stride);
  if (f.views.length === 0) problems.push('choose at least one view (pair, src, dst, ...) to train');
  if (problems.length) return { ok: false, problems };
  problems.push(...configProblems(config));
  if (!Number.isInteger(size) || size < 5 || size > 10)
    problems.push(`window size must be a whole number from 5 to 10 (got ${size})`);
  if (!Number.isInteger(stride) || stride < 1 || stride > 1000)
    problems.push(`stride must be a whole number from 1 to 1000 (got ${stride})`);
  if (problems.length) return { ok: false, problems };
  const views = VIEW_KEYS.filter((k) => f.views.includes(k)).map((key) => ({ name: key, key }));
  return {
    ok: true,
    options: {
      config,
      views,
      layout: layoutOf(f),
      size,
      stride,
      labelRule: f.labelRule,
      split: f.split,
      benignCorpus: f.benignCorpus,
    },
  };
}

/**
 * The model config of the form: the kind's defaults with the fields that kind reads. The trees read rounds
 * (as `epochs`) and depth; the networks units, layers, dropout, epochs and batch size. `num` parses a field
 * and notes a problem when it is not a number.
 */
function configOf(f: TrainForm, num: (name: string, text: string) => number): ModelConfig {
  // Parsed in the form's order, so the problems are listed as the fields are laid out.
  const own: Partial<ModelConfig> = isTrees(f.kind)
    ? { epochs: num('rounds', f.rounds), depth: num('tree depth', f.depth) }
    : {
        units: num('units', f.units),
        layers: num('layers', f.layers),
        dropout: num('dropout', f.dropout),
        epochs: num('epochs', f.epochs),
        batchSize: num('batch size', f.batchSize),
      };
  return {
    ...defaultConfigFor(f.kind),
    ...own,
    maxPerClass: num('max windows per class', f.maxPerClass),
    seed: num('seed', f.seed),
  };
}
