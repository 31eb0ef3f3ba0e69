/**
 * The training options form as the user edits it (numbers kept as typed text, so a half-typed value is not
 * snapped back), its defaults, and its check: problems in plain words or the options a run takes.
 */
import { GROUP_KEYS, type GroupKey } from '../../core/features/group-key.ts';
import type { SplitStrategy } from '../../core/features/splits.ts';
import { configProblems, DEFAULT_MODEL_CONFIG, MODEL_KINDS, type ModelKind } from '../../core/model/model-config.ts';
import { DEFAULT_VIEWS, VIEWS_LAYOUTS, type ViewsLayout } from '../../core/model/train-views.ts';
import type { BackendChoice, TrainOptions } from '../../workers/train-messages.ts';

export interface TrainForm {
  readonly kind: ModelKind;
  readonly units: string;
  readonly layers: string;
  readonly dropout: string;
  readonly epochs: string;
  readonly batchSize: string;
  readonly maxPerClass: string;
  /** The views to train, in VIEW_KEYS order (each named after its key). */
  readonly views: readonly GroupKey[];
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
  const config = {
    ...DEFAULT_MODEL_CONFIG,
    kind: f.kind,
    units: num('units', f.units),
    layers: num('layers', f.layers),
    dropout: num('dropout', f.dropout),
    epochs: num('epochs', f.epochs),
    batchSize: num('batch size', f.batchSize),
    maxPerClass: num('max windows per class', f.maxPerClass),
    seed: num('seed', f.seed),
  };
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
      layout: f.layout,
      size,
      stride,
      labelRule: f.labelRule,
      split: f.split,
      benignCorpus: f.benignCorpus,
    },
  };
}
