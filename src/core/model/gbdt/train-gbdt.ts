/**
 * Multiclass gradient boosting of oblivious trees (softmax cross-entropy, grow-oblivious.ts): each round
 * grows one tree whose leaves hold a step for every class, from the gradients p - y and hessians p(1 - p),
 * both times the row's weight. Each tree sees a sample of the rows and of the features, which makes a round
 * cheaper and the ensemble less tied to any one feature.
 */
import { mulberry32 } from '../prng.ts';
import { binColumns, binEdges } from './bins.ts';
import { NO_SPLIT, obliviousGrower, type BinnedRows, type ObliviousParams } from './grow-oblivious.ts';
import { softmaxInto, type TreeEnsemble } from './trees.ts';

export interface GbdtOptions extends ObliviousParams {
  /** Default 200. */
  readonly rounds?: number;
  /** Default 0.1. */
  readonly learningRate?: number;
  /** Non-missing bins per feature (default 64). */
  readonly maxBins?: number;
  /** Rows sampled to place bin edges (default 200,000). */
  readonly binSampleRows?: number;
  /** Share of rows each tree is grown on (default 1). */
  readonly rowShare?: number;
  /** Share of features each tree may split on (default 1). */
  readonly featureShare?: number;
  /** Per-row weights (class weights, as the networks use); the training loss is weighted too. */
  readonly weights?: Float32Array;
  /** Validation rows for early stopping (row-major valN × d); its loss is unweighted. */
  readonly valX?: Float32Array;
  readonly valY?: ArrayLike<number>;
  readonly valN?: number;
  /** Stop after this many rounds without a lower validation loss (default 10); the best round is kept. */
  readonly patience?: number;
  readonly seed?: number;
}

export interface RoundInfo {
  /** Rounds done, from 1. */
  readonly round: number;
  readonly trainLoss: number;
  /** Of the training rows, unweighted. */
  readonly trainAccuracy: number;
  /** Absent without a validation set. */
  readonly valLoss?: number;
  readonly valAccuracy?: number;
  /** Per class: the share of its validation rows called it (0 for a class without any). */
  readonly valRecall?: number[];
}

/** Returning 'stop' ends training after this round (a Stop button). */
export type RoundCallback = (info: RoundInfo) => unknown;

export interface GbdtResult {
  readonly model: TreeEnsemble;
  /** Per round done, including rounds after the best one that early stopping dropped. */
  readonly trainLoss: number[];
  readonly valLoss: number[];
  /** Rounds (trees) kept in the model. */
  readonly bestRounds: number;
  readonly ended: 'rounds' | 'early-stopping' | 'stopped';
}

/** Log-loss clamps probabilities here so one confident mistake cannot make it infinite. */
const MIN_P = 1e-15;

/** The threshold of a level that does not split: no value exceeds the largest float32. */
const NEVER = 3.4028234663852886e38;

/** Trains to the end in one call; `onRound` after each round, its 'stop' ending the training. */
export function trainGbdt(
  x: Float32Array,
  y: ArrayLike<number>,
  n: number,
  d: number,
  classes: number,
  opts: GbdtOptions = {},
  onRound?: RoundCallback,
): GbdtResult {
  const run = gbdtRounds(x, y, n, d, classes, opts);
  for (let info = run.next(); info !== null; info = run.next()) if (onRound?.(info) === 'stop') run.stop();
  return run.result();
}

/**
 * Training one round per `next()` (null once it has ended), so a caller can yield between rounds (a worker
 * answering Stop); `stop()` ends it after the round done; `result()` is the best rounds' model.
 */
export interface GbdtRounds {
  next(): RoundInfo | null;
  stop(): void;
  result(): GbdtResult;
}

export function gbdtRounds(
  x: Float32Array,
  y: ArrayLike<number>,
  n: number,
  d: number,
  classes: number,
  opts: GbdtOptions = {},
): GbdtRounds {
  const C = classes;
  if (x.length !== n * d) throw new Error(`x has ${x.length} values, expected ${n} rows × ${d} features`);
  if (y.length !== n) throw new Error(`y has ${y.length} labels, expected ${n}`);
  const rounds = Math.max(0, Math.floor(opts.rounds ?? 200));
  const patience = Math.max(1, Math.floor(opts.patience ?? 10));
  const depth = Math.max(1, Math.min(8, Math.floor(opts.depth ?? 6)));
  const lr = opts.learningRate ?? 0.1;
  const w = opts.weights;
  if (w && w.length !== n) throw new Error(`weights has ${w.length} values, expected ${n}`);
  const valN = opts.valX && opts.valY ? (opts.valN ?? opts.valY.length) : 0;
  const valX = opts.valX ?? new Float32Array(0);
  const valY = opts.valY ?? [];
  if (valN > 0 && valX.length !== valN * d) throw new Error(`valX has ${valX.length} values, expected ${valN} × ${d}`);
  const init = logPrior(y, w, n, C);

  const edges = binEdges(x, n, d, {
    maxBins: opts.maxBins ?? 64,
    sampleRows: opts.binSampleRows,
    seed: opts.seed,
  });
  const data: BinnedRows = { bins: binColumns(x, n, d, edges), n, d, edges: Int32Array.from(edges, (e) => e.length) };
  const rng = mulberry32((opts.seed ?? 0) * 31 + 7);
  const rowShare = Math.min(1, Math.max(0.01, opts.rowShare ?? 1));
  const featureShare = Math.min(1, Math.max(0.01, opts.featureShare ?? 1));

  const scores = new Float64Array(n * C);
  for (let i = 0; i < n; i++) scores.set(init, i * C);
  const valScores = new Float64Array(valN * C);
  for (let i = 0; i < valN; i++) valScores.set(init, i * C);
  const probs = new Float64Array(n * C);
  const valProbs = new Float64Array(valN * C);
  logLoss(scores, y, w, n, C, probs);

  const grower = obliviousGrower(data, C, { ...opts, depth });
  // Row i's C gradients, then its C hessians, side by side for the histograms.
  const gh = new Float64Array(n * 2 * C);
  const L = 1 << depth;
  const feature: number[] = [];
  const threshold: number[] = [];
  const value: number[] = [];
  const trainLoss: number[] = [];
  const valLoss: number[] = [];
  let best = Number.POSITIVE_INFINITY;
  let bestRounds = 0;

  let round = 0;
  let ended: GbdtResult['ended'] | null = rounds === 0 ? 'rounds' : null;
  const next = (): RoundInfo | null => {
    if (ended !== null) return null;
    round++;
    for (let i = 0; i < n; i++) {
      const wi = w ? w[i] : 1;
      for (let c = 0; c < C; c++) {
        const p = probs[i * C + c];
        gh[i * 2 * C + c] = wi * (p - (y[i] === c ? 1 : 0));
        // A floor keeps leaves of already-certain rows finite.
        gh[i * 2 * C + C + c] = wi * Math.max(p * (1 - p), 1e-16);
      }
    }
    const tree = grower.grow(sample(n, rowShare, rng), sample(d, featureShare, rng), gh);
    for (let lv = 0; lv < depth; lv++) {
      const split = tree.bin[lv] !== NO_SPLIT;
      feature.push(split ? tree.feature[lv] : 0);
      threshold.push(split ? edges[tree.feature[lv]][tree.bin[lv]] : NEVER);
    }
    const step = Float32Array.from(tree.value, (v) => v * lr);
    for (const v of step) value.push(v);
    const at = feature.length - depth;
    addTree(x, n, d, feature, threshold, at, depth, step, C, scores);
    if (valN > 0) addTree(valX, valN, d, feature, threshold, at, depth, step, C, valScores);
    const tl = logLoss(scores, y, w, n, C, probs);
    trainLoss.push(tl);
    let vl: number | undefined;
    if (valN > 0) {
      vl = logLoss(valScores, valY, undefined, valN, C, valProbs);
      valLoss.push(vl);
      if (vl < best) {
        best = vl;
        bestRounds = round;
      }
    } else bestRounds = round;
    if (valN > 0 && round - bestRounds >= patience) ended = 'early-stopping';
    else if (round === rounds) ended = 'rounds';
    return {
      round,
      trainLoss: tl,
      trainAccuracy: accuracyOf(probs, y, n, C),
      ...(vl === undefined
        ? {}
        : {
            valLoss: vl,
            valAccuracy: accuracyOf(valProbs, valY, valN, C),
            valRecall: recallOf(valProbs, valY, valN, C),
          }),
    };
  };
  const result = (): GbdtResult => {
    const kept = bestRounds * depth;
    const model: TreeEnsemble = {
      classes: C,
      features: d,
      depth,
      init,
      feature: Int32Array.from(feature.slice(0, kept)),
      threshold: Float32Array.from(threshold.slice(0, kept)),
      value: Float32Array.from(value.slice(0, bestRounds * L * C)),
    };
    return { model, trainLoss, valLoss, bestRounds, ended: ended ?? 'stopped' };
  };
  return {
    next,
    stop: () => {
      ended ??= 'stopped';
    },
    result,
  };
}

/** A seeded draw of about share × n of 0…n-1, ascending (all of them at share 1). */
function sample(n: number, share: number, rng: () => number): Int32Array {
  if (share >= 1) return Int32Array.from({ length: n }, (_, i) => i);
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (rng() < share) out.push(i);
  if (out.length === 0) out.push(Math.floor(rng() * n));
  return Int32Array.from(out);
}

/** Adds tree `at / depth`'s leaf values to each row's scores (raw values, as prediction tests them). */
function addTree(
  x: Float32Array,
  n: number,
  d: number,
  feature: readonly number[],
  threshold: readonly number[],
  at: number,
  depth: number,
  step: Float32Array,
  C: number,
  scores: Float64Array,
): void {
  for (let i = 0; i < n; i++) {
    let q = 0;
    for (let lv = 0; lv < depth; lv++) if (x[i * d + feature[at + lv]] > threshold[at + lv]) q |= 1 << lv;
    for (let c = 0; c < C; c++) scores[i * C + c] += step[q * C + c];
  }
}

function logPrior(y: ArrayLike<number>, w: Float32Array | undefined, n: number, C: number): Float32Array {
  const sum = new Float64Array(C);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const c = y[i];
    if (!(Number.isInteger(c) && c >= 0 && c < C)) {
      throw new Error(`label ${c} at row ${i} is not a class 0…${C - 1}`);
    }
    const wi = w ? w[i] : 1;
    sum[c] += wi;
    total += wi;
  }
  return Float32Array.from(sum, (s) => Math.log(Math.max(s / (total || 1), MIN_P)));
}

/** Mean (weighted) cross-entropy; fills probs with the softmax as it goes. */
function logLoss(
  scores: Float64Array,
  y: ArrayLike<number>,
  w: Float32Array | undefined,
  n: number,
  C: number,
  probs: Float64Array,
): number {
  let loss = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    softmaxInto(scores, i * C, C, probs, i * C);
    const wi = w ? w[i] : 1;
    loss -= wi * Math.log(Math.max(probs[i * C + y[i]], MIN_P));
    total += wi;
  }
  return total > 0 ? loss / total : 0;
}

/** Share of rows whose most probable class is their label. */
function accuracyOf(probs: Float64Array, y: ArrayLike<number>, n: number, C: number): number {
  let right = 0;
  for (let i = 0; i < n; i++) if (argmax(probs, i * C, C) === y[i]) right++;
  return n > 0 ? right / n : 0;
}

/** Per class, the share of its rows whose most probable class is it. */
function recallOf(probs: Float64Array, y: ArrayLike<number>, n: number, C: number): number[] {
  const hit = new Array<number>(C).fill(0);
  const support = new Array<number>(C).fill(0);
  for (let i = 0; i < n; i++) {
    support[y[i]]++;
    if (argmax(probs, i * C, C) === y[i]) hit[y[i]]++;
  }
  return hit.map((h, c) => (support[c] ? h / support[c] : 0));
}

function argmax(probs: Float64Array, at: number, C: number): number {
  let best = 0;
  for (let c = 1; c < C; c++) if (probs[at + c] > probs[at + best]) best = c;
  return best;
}
