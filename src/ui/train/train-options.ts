/**
 * The training options form as the user edits it (numbers kept as typed text, so a half-typed value is not
 * snapped back), its defaults, and its check: problems in plain words or the options a run takes.
 */
import { GROUP_KEYS, type GroupKey } from '../../core/features/group-key.ts';
import type { SplitStrategy } from '../../core/features/splits.ts';
import { configProblems, DEFAULT_MODEL_CONFIG, MODEL_KINDS, type ModelKind } from '../../core/model/model-config.ts';
import type { BackendChoice, TrainOptions } from '../../workers/train-messages.ts';

export interface TrainForm {
  readonly kind: ModelKind;
  readonly units: string;
  readonly layers: string;
  readonly dropout: string;
  readonly epochs: string;
  readonly batchSize: string;
  readonly maxPerClass: string;
  readonly groupKey: GroupKey;
  readonly windowSize: string;
  readonly stride: string;
  readonly labelRule: 'last' | 'majority';
  readonly split: SplitStrategy;
  readonly seed: string;
  readonly backend: BackendChoice;
}

export const SPLITS: readonly SplitStrategy[] = ['per-class', 'plain', 'by-episode'];
export const LABEL_RULES: readonly TrainForm['labelRule'][] = ['last', 'majority'];
export { GROUP_KEYS, MODEL_KINDS };

export const DEFAULT_TRAIN_FORM: TrainForm = {
  kind: DEFAULT_MODEL_CONFIG.kind,
  units: String(DEFAULT_MODEL_CONFIG.units),
  layers: String(DEFAULT_MODEL_CONFIG.layers),
  dropout: String(DEFAULT_MODEL_CONFIG.dropout),
  epochs: String(DEFAULT_MODEL_CONFIG.epochs),
  batchSize: String(DEFAULT_MODEL_CONFIG.batchSize),
  maxPerClass: String(DEFAULT_MODEL_CONFIG.maxPerClass),
  groupKey: 'pair',
  windowSize: '8',
  stride: '1',
  labelRule: 'last',
  split: 'per-class',
  seed: String(DEFAULT_MODEL_CONFIG.seed),
  backend: 'auto',
};

export type FormCheck = { readonly ok: true; readonly options: TrainOptions } | { readonly ok: false; readonly problems: readonly string[] };

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
  if (problems.length) return { ok: false, problems };
  problems.push(...configProblems(config));
  if (!Number.isInteger(size) || size < 5 || size > 10) problems.push(`window size must be a whole number from 5 to 10 (got ${size})`);
  if (!Number.isInteger(stride) || stride < 1 || stride > 1000) problems.push(`stride must be a whole number from 1 to 1000 (got ${stride})`);
  if (problems.length) return { ok: false, problems };
  return { ok: true, options: { config, window: { key: f.groupKey, size, stride }, labelRule: f.labelRule, split: f.split } };
}
