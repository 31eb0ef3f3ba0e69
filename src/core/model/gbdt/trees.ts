/**
 * A boosted ensemble of oblivious trees in flat typed arrays (no object per node), and its scoring.
 *
 * Tree t tests, at level d, feature `feature[t·D + d]` against `threshold[t·D + d]`; bit d of its leaf is
 * "value > threshold" (false for NaN). Its leaf q adds `value[(t·2^D + q)·C + c]` to class c's score, which
 * starts at `init[c]`; the probabilities are the softmax of the scores.
 *
 * Scoring goes a block of rows at a time with the features the trees use laid out feature by feature, so each
 * level of a tree is one pass of compare-and-or over the block: no branches to mispredict and no pointer to
 * chase; the same steps run as WebAssembly SIMD (kernels/trees.wat), four rows per instruction.
 */
import { WASM_BASE64 } from '../kernels/trees-kernels.ts';
import { kernelInstance } from '../wasm-kernels.ts';

export interface TreeEnsemble {
  readonly classes: number;
  /** The width of a row the trees read. */
  readonly features: number;
  readonly depth: number;
  readonly init: Float32Array;
  /** trees × depth. */
  readonly feature: Int32Array;
  readonly threshold: Float32Array;
  /** trees × 2^depth × classes. */
  readonly value: Float32Array;
}

export function treeCount(m: TreeEnsemble): number {
  return m.feature.length / m.depth;
}

/** Fills `block[u · B + j]` with feature `used[u]` of the block's row j, for `count` rows from `from`. */
export type BlockFiller = (block: Float32Array, used: Int32Array, B: number, from: number, count: number) => void;

/** Rows per block: the block's features and scores stay in the first-level cache. */
export const BLOCK = 128;

/** A model made ready for scoring: the features it uses, and its scoring kernel. */
export interface TreeScorer {
  readonly model: TreeEnsemble;
  /** Distinct features used, ascending: what a BlockFiller is asked for. */
  readonly used: Int32Array;
  /** 'simd': the WebAssembly kernel (kernels/trees.wat); 'js': the same steps in plain JS. */
  readonly kernel: 'simd' | 'js';
  /** n × classes probabilities of n rows, given block by block by `fill`. */
  score(n: number, fill: BlockFiller): Float32Array;
}

export interface ScorerOptions {
  /** Use the WebAssembly SIMD kernel where the engine has it (default true). */
  readonly simd?: boolean;
}

export function treeScorer(model: TreeEnsemble, options: ScorerOptions = {}): TreeScorer {
  const used = Int32Array.from(new Set(model.feature)).sort();
  const at = new Map<number, number>();
  used.forEach((f, u) => {
    at.set(f, u);
  });
  const slot = Int32Array.from(model.feature, (f) => at.get(f) ?? 0);
  const wasm = options.simd === false ? null : wasmScore(model, used, slot);
  const kernel = wasm ? 'simd' : 'js';
  const blockScore = wasm ?? jsScore(model, used, slot);
  return {
    model,
    used,
    kernel,
    score(n: number, fill: BlockFiller): Float32Array {
      const C = model.classes;
      const out = new Float32Array(n * C);
      for (let from = 0; from < n; from += BLOCK) {
        const B = Math.min(BLOCK, n - from);
        const scores = blockScore(B, (block) => {
          fill(block, used, BLOCK, from, B);
        });
        for (let j = 0; j < B; j++) softmaxInto(scores, j * C, C, out, (from + j) * C);
      }
      return out;
    },
  };
}

/** Scores one block of B rows, filled by `fill`; returns BLOCK × classes raw scores (rows past B junk). */
type BlockScore = (B: number, fill: (block: Float32Array) => void) => Float32Array;

function jsScore(model: TreeEnsemble, used: Int32Array, slot: Int32Array): BlockScore {
  const C = model.classes;
  const D = model.depth;
  const L = 1 << D;
  const T = treeCount(model);
  const { threshold, value } = model;
  const block = new Float32Array(Math.max(1, used.length) * BLOCK);
  const leaf = new Int32Array(BLOCK);
  const score = new Float32Array(BLOCK * C);
  return (B, fill) => {
    fill(block);
    for (let j = 0; j < B; j++) score.set(model.init, j * C);
    for (let t = 0; t < T; t++) {
      leaf.fill(0, 0, B);
      for (let d = 0; d < D; d++) {
        const base = slot[t * D + d] * BLOCK;
        const thr = threshold[t * D + d];
        // +(a > b), not a ternary: V8 makes it a flag, not a branch, which costs twice as much mispredicted.
        for (let j = 0; j < B; j++) leaf[j] |= +(block[base + j] > thr) << d;
      }
      const v0 = t * L * C;
      for (let j = 0; j < B; j++) {
        const o = v0 + leaf[j] * C;
        for (let c = 0; c < C; c++) score[j * C + c] += value[o + c];
      }
    }
    return score;
  };
}

/** The kernel's memory: splits' offsets and thresholds, leaf values, then the block, leaves and scores. */
function wasmScore(model: TreeEnsemble, used: Int32Array, slot: Int32Array): BlockScore | null {
  const C = model.classes;
  const T = treeCount(model);
  const splits = model.feature.length;
  const offAt = 0;
  const thrAt = offAt + splits * 4;
  const valAt = thrAt + splits * 4;
  const blockAt = align16(valAt + model.value.length * 4);
  const leafAt = blockAt + Math.max(1, used.length) * BLOCK * 4;
  const scoreAt = leafAt + BLOCK * 4;
  const bytes = scoreAt + BLOCK * C * 4;
  const k = kernelInstance(WASM_BASE64, Math.ceil(bytes / 65536));
  if (!k) return null;
  const { buffer } = k.memory;
  new Int32Array(buffer, offAt, splits).set(Int32Array.from(slot, (u) => u * BLOCK * 4));
  new Float32Array(buffer, thrAt, splits).set(model.threshold);
  new Float32Array(buffer, valAt, model.value.length).set(model.value);
  const block = new Float32Array(buffer, blockAt, Math.max(1, used.length) * BLOCK);
  const score = new Float32Array(buffer, scoreAt, BLOCK * C);
  const run = k.exports.score;
  const vstride = (1 << model.depth) * C * 4;
  return (B, fill) => {
    fill(block);
    for (let j = 0; j < B; j++) score.set(model.init, j * C);
    run(blockAt, align4(B), offAt, thrAt, T, model.depth, valAt, vstride, C, scoreAt, leafAt);
    return score;
  };
}

const align16 = (n: number): number => Math.ceil(n / 16) * 16;
const align4 = (n: number): number => Math.ceil(n / 4) * 4;

/** A BlockFiller over row-major rows of `width` values. */
export function denseFiller(x: Float32Array, width: number): BlockFiller {
  return (block, used, B, from, count) => {
    for (let u = 0; u < used.length; u++) {
      const f = used[u];
      const o = u * B;
      for (let j = 0; j < count; j++) block[o + j] = x[(from + j) * width + f];
    }
  };
}

/** Probabilities of n row-major rows of model.features values. */
export function predictProba(model: TreeEnsemble, x: Float32Array, n: number): Float32Array {
  if (x.length < n * model.features)
    throw new Error(`predict got ${x.length} values for ${n} rows of ${model.features} features`);
  return treeScorer(model).score(n, denseFiller(x, model.features));
}

/** out[o..o+C) = softmax(s[i..i+C)), shifted by the max so large scores cannot overflow. */
export function softmaxInto(s: ArrayLike<number>, i: number, C: number, out: Float32Array | Float64Array, o: number) {
  let max = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < C; c++) if (s[i + c] > max) max = s[i + c];
  let sum = 0;
  for (let c = 0; c < C; c++) {
    const e = Math.exp(s[i + c] - max);
    out[o + c] = e;
    sum += e;
  }
  for (let c = 0; c < C; c++) out[o + c] /= sum;
}
