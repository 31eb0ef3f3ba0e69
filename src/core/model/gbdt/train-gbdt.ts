/**
 * Multiclass histogram gradient boosting (softmax cross-entropy): each round grows one tree per class on that
 * class's gradient p - y and hessian p(1 - p), both times the row's weight. A baseline for the sequence models
 * on the same flattened windows.
 */
import { binEdges, binRows } from './bins.ts';
import { createTreeGrower, type TreeParams } from './grow-tree.ts';
import { addTreeScores, type GbdtModel, packModel, softmaxRow, type Tree } from './trees.ts';

export interface GbdtOptions extends TreeParams {
  /** Default 200. */
  readonly rounds?: number;
  /** Default 0.1. */
  readonly learningRate?: number;
  /** Non-missing bins per feature (default 255). */
  readonly maxBins?: number;
  /** Rows sampled to place bin edges (default 200,000). */
  readonly binSampleRows?: number;
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
  /** Absent without a validation set. */
  readonly valLoss?: number;
}

/** Returning 'stop' ends training after this round (a Stop button). */
export type RoundCallback = (info: RoundInfo) => unknown;

export interface GbdtResult {
  readonly model: GbdtModel;
  /** Per round done, including rounds after the best one that early stopping dropped. */
  readonly trainLoss: number[];
  readonly valLoss: number[];
  /** Rounds kept in the model. */
  readonly bestRounds: number;
  readonly ended: 'rounds' | 'early-stopping' | 'stopped';
}

/** Log-loss clamps probabilities here so one confident mistake cannot make it infinite. */
const MIN_P = 1e-15;

export function trainGbdt(
  x: Float32Array,
  y: ArrayLike<number>,
  n: number,
  d: number,
  classes: number,
  opts: GbdtOptions = {},
  onRound?: RoundCallback,
): GbdtResult {
  const C = classes;
  if (x.length !== n * d) throw new Error(`x has ${x.length} values, expected ${n} rows × ${d} features`);
  if (y.length !== n) throw new Error(`y has ${y.length} labels, expected ${n}`);
  const rounds = Math.max(0, Math.floor(opts.rounds ?? 200));
  const patience = Math.max(1, Math.floor(opts.patience ?? 10));
  const w = opts.weights;
  if (w && w.length !== n) throw new Error(`weights has ${w.length} values, expected ${n}`);
  const valN = opts.valX && opts.valY ? (opts.valN ?? opts.valY.length) : 0;
  const valX = opts.valX ?? new Float32Array(0);
  const valY = opts.valY ?? [];
  if (valN > 0 && valX.length !== valN * d) throw new Error(`valX has ${valX.length} values, expected ${valN} × ${d}`);

  const edges = binEdges(x, n, d, { maxBins: opts.maxBins, sampleRows: opts.binSampleRows, seed: opts.seed });
  const bins = binRows(x, n, d, edges);
  const grower = createTreeGrower(bins, n, d, edges, { ...opts, learningRate: opts.learningRate ?? 0.1 });

  const init = logPrior(y, w, n, C);
  const scores = new Float64Array(n * C);
  for (let i = 0; i < n; i++) scores.set(init, i * C);
  const valScores = new Float64Array(valN * C);
  for (let i = 0; i < valN; i++) valScores.set(init, i * C);
  const probs = new Float64Array(n * C);
  const valProbs = new Float64Array(valN * C);
  logLoss(scores, y, w, n, C, probs);

  const grad = new Float64Array(n);
  const hess = new Float64Array(n);
  const trees: Tree[] = [];
  const trainLoss: number[] = [];
  const valLoss: number[] = [];
  let best = Number.POSITIVE_INFINITY;
  let bestRounds = 0;
  let ended: GbdtResult['ended'] = 'rounds';

  for (let round = 1; round <= rounds; round++) {
    for (let c = 0; c < C; c++) {
      for (let i = 0; i < n; i++) {
        const p = probs[i * C + c];
        const wi = w ? w[i] : 1;
        grad[i] = wi * (p - (y[i] === c ? 1 : 0));
        // A floor keeps leaves of already-certain rows finite.
        hess[i] = wi * Math.max(p * (1 - p), 1e-16);
      }
      const tree = grower.grow(grad, hess);
      grower.addLeafValues(scores, C, c);
      if (valN > 0) addTreeScores(tree, valX, valN, d, valScores, C, c);
      trees.push(tree);
    }
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
    if (onRound?.({ round, trainLoss: tl, valLoss: vl }) === 'stop') {
      ended = 'stopped';
      break;
    }
    if (valN > 0 && round - bestRounds >= patience) {
      ended = 'early-stopping';
      break;
    }
  }
  const model = packModel(C, d, init, trees.slice(0, bestRounds * C));
  return { model, trainLoss, valLoss, bestRounds, ended };
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
    softmaxRow(scores, i * C, C, probs);
    const wi = w ? w[i] : 1;
    loss -= wi * Math.log(Math.max(probs[i * C + y[i]], MIN_P));
    total += wi;
  }
  return total > 0 ? loss / total : 0;
}
