/**
 * What to train: the network's shape (or the trees') and how to fit it. Plain data, so it travels in the
 * bundle's manifest and a run can be repeated from it.
 */

/** gbdt: gradient-boosted oblivious trees over the flattened window (gbdt/, train-trees.ts). */
export type ModelKind = 'lstm' | 'gru' | 'dense' | 'gbdt';

export const MODEL_KINDS: readonly ModelKind[] = ['lstm', 'gru', 'dense', 'gbdt'];

/** The networks; the trees ignore units, layers, dropout and batch size. */
export const isTrees = (kind: ModelKind): boolean => kind === 'gbdt';

export interface ModelConfig {
  readonly kind: ModelKind;
  /** Units per recurrent layer (dense: the hidden layer). */
  readonly units: number;
  readonly layers: number;
  readonly dropout: number;
  readonly learningRate: number;
  readonly batchSize: number;
  /** Trees: the most boosting rounds (one tree each). */
  readonly epochs: number;
  /** Epochs (trees: rounds) without a better validation loss before stopping. */
  readonly patience: number;
  /** Training windows drawn per class per epoch: floods have 100x the windows of a brute force. */
  readonly maxPerClass: number;
  /** Weight the loss so each class counts alike even when a class has fewer windows than the cap. */
  readonly classWeights: boolean;
  readonly seed: number;
  /**
   * Training-time augmentation (src/core/features/augment.ts): the largest factor a window's timing is
   * scaled by (log-uniform in [1/x, x]; 1 = off), and the share of windows scaled. Absent in bundles made
   * before it existed (= off).
   */
  readonly timeScale?: number;
  readonly augmentShare?: number;
  /**
   * Jitter (augment.ts): the largest delay in ms added to a jittered window's packet gaps (0 = off), and the
   * share of windows jittered. Absent in bundles made before it existed (= off).
   */
  readonly jitterMs?: number;
  readonly jitterShare?: number;
  /** Share of training windows that lose one feature group (protocol, ports or sizes; augment.ts); absent = 0. */
  readonly maskShare?: number;
  /** Each class's draw shared equally among its stretches (variants), not in proportion to their windows. */
  readonly balanceRuns?: boolean;
  /** Trees: levels per tree (2^depth leaves); absent = TREE_DEPTH. */
  readonly depth?: number;
}

export const TREE_DEPTH = 6;

/** Tuned on lab-a (per-class split): see src/core/model/README.md. */
export const DEFAULT_MODEL_CONFIG: ModelConfig = {
  kind: 'lstm',
  units: 32,
  layers: 1,
  dropout: 0.1,
  learningRate: 0.003,
  batchSize: 128,
  epochs: 12,
  patience: 3,
  maxPerClass: 3000,
  classWeights: true,
  seed: 1,
  timeScale: 5,
  augmentShare: 0.5,
  jitterMs: 20,
  jitterShare: 0.5,
  balanceRuns: true,
};

/**
 * The trees' defaults (measured: bench/trees.bench.ts): a learning rate for boosting, rounds in place of
 * epochs, and the same windows, draw, class weights and augmentation as the networks.
 */
export const DEFAULT_GBDT_CONFIG: ModelConfig = {
  ...DEFAULT_MODEL_CONFIG,
  kind: 'gbdt',
  learningRate: 0.2,
  epochs: 150,
  patience: 15,
  depth: TREE_DEPTH,
};

/** The defaults of a kind: the trees' for gbdt, the networks' otherwise (with the kind set). */
export function defaultConfigFor(kind: ModelKind): ModelConfig {
  return isTrees(kind) ? DEFAULT_GBDT_CONFIG : { ...DEFAULT_MODEL_CONFIG, kind };
}

/** Plain-words problems with a config (empty when fine), for the CLI and the UI form alike. */
export function configProblems(c: ModelConfig): string[] {
  const out: string[] = [];
  if (!MODEL_KINDS.includes(c.kind)) out.push(`model kind must be one of ${MODEL_KINDS.join(', ')}`);
  const whole = (name: string, v: number, min: number, max: number): void => {
    if (!Number.isInteger(v) || v < min || v > max)
      out.push(`${name} must be a whole number from ${min} to ${max} (got ${v})`);
  };
  whole('units', c.units, 1, 1024);
  whole('layers', c.layers, 1, 4);
  whole('batch size', c.batchSize, 1, 65536);
  whole(isTrees(c.kind) ? 'rounds' : 'epochs', c.epochs, 1, isTrees(c.kind) ? 5000 : 1000);
  whole('patience', c.patience, 0, 1000);
  whole('max windows per class', c.maxPerClass, 1, 10_000_000);
  whole('seed', c.seed, 0, 2 ** 31 - 1);
  if (c.depth !== undefined) whole('tree depth', c.depth, 1, 8);
  if (!(c.dropout >= 0 && c.dropout < 1)) out.push(`dropout must be in [0, 1) (got ${c.dropout})`);
  if (c.timeScale !== undefined && !(c.timeScale >= 1 && c.timeScale <= 1000))
    out.push(`time scale must be from 1 (off) to 1000 (got ${c.timeScale})`);
  if (c.maskShare !== undefined && !(c.maskShare >= 0 && c.maskShare <= 1))
    out.push(`masked share must be in [0, 1] (got ${c.maskShare})`);
  if (c.augmentShare !== undefined && !(c.augmentShare >= 0 && c.augmentShare <= 1))
    out.push(`augmented share must be in [0, 1] (got ${c.augmentShare})`);
  if (c.jitterMs !== undefined && !(c.jitterMs >= 0 && c.jitterMs <= 10_000))
    out.push(`jitter must be from 0 (off) to 10000 ms (got ${c.jitterMs})`);
  if (c.jitterShare !== undefined && !(c.jitterShare >= 0 && c.jitterShare <= 1))
    out.push(`jittered share must be in [0, 1] (got ${c.jitterShare})`);
  if (!(c.learningRate > 0 && c.learningRate <= 1)) out.push(`learning rate must be in (0, 1] (got ${c.learningRate})`);
  return out;
}
