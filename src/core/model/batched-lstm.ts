/**
 * A stack of default LSTM layers (hard_sigmoid gates, tanh) and a softmax dense layer, run over a batch of
 * windows as matrix-matrix products in WebAssembly SIMD (kernels/lstm.wat):
 *
 *   1. every distinct packet row is projected through the first layer's kernel once (rows × kernel), however
 *      many windows hold it: at stride 1 a group's windows share all but one packet;
 *   2. each window's tail (its window features, the same at every step) is projected once, with the bias;
 *   3. per step, a chunk of windows gathers its rows' projections, gate by gate (gate-major, so each
 *      activation runs over the whole chunk at once), and adds h · each gate's recurrent kernel, then the
 *      cell's gates;
 *   4. the last h through the dense layer, softmax in JS.
 *
 * The same sums as tfjs in float32, in another order: within 1e-5 of its probabilities (fast-lstm.test.ts).
 */
import type { LstmKernels } from './lstm-kernels-module.ts';

export interface LstmWeights {
  readonly inDim: number;
  readonly units: number;
  /** [inDim][4·units], as tfjs keeps it (gate blocks i, f, c, o). */
  readonly kernel: Float32Array;
  /** [units][4·units]. */
  readonly recurrent: Float32Array;
  readonly bias: Float32Array;
}

export interface DenseWeights {
  readonly inDim: number;
  readonly units: number;
  /** [inDim][units]. */
  readonly kernel: Float32Array;
  readonly bias: Float32Array;
}

/** A batch as the kernels read it: rows (with their stride), each window's step rows, and its tail. */
export interface BatchInput {
  readonly n: number;
  readonly rows: Float32Array;
  /** Floats from one row to the next in `rows` (at least rowWidth). */
  readonly rowStride: number;
  readonly rowWidth: number;
  readonly rowCount: number;
  /** n × steps row numbers; null: window j's step t is row j · steps + t. */
  readonly rowIndex: Int32Array | null;
  readonly tails: Float32Array;
  /** Floats from one window's tail to the next. */
  readonly tailStride: number;
  readonly tailWidth: number;
}

/** Windows per chunk of the step loop: its z, h and c (about 50 KB at 32 units) stay in the L1/L2 caches. */
const CHUNK = 64;

const up = (v: number, to: number): number => Math.ceil(v / to) * to;

/** Whether the kernels can run a stack of these layers (units in eights: a gate's block is whole 8-column panels). */
export function batchable(layers: readonly LstmWeights[]): boolean {
  return layers.length > 0 && layers.every((l) => l.units % 8 === 0);
}

export class BatchedLstm {
  private readonly steps: number;
  private readonly layers: readonly LstmWeights[];
  private readonly dense: DenseWeights;
  /** Byte offsets of each layer's kernel, recurrent kernel and bias, and the dense layer's (padded to 8 columns). */
  private readonly kOff: number[] = [];
  private readonly rOff: number[] = [];
  private readonly bOff: number[] = [];
  private readonly dOff: number;
  private readonly dbOff: number;
  private readonly classCols: number;
  /** Where the per-batch buffers start (bytes). */
  private readonly dynamic: number;
  private readonly maxUnits: number;

  constructor(
    private readonly k: LstmKernels,
    layers: readonly LstmWeights[],
    dense: DenseWeights,
    steps: number,
  ) {
    if (!batchable(layers)) throw new Error('batched LSTM: every layer needs units in multiples of 8');
    this.layers = layers;
    this.dense = dense;
    this.steps = steps;
    this.classCols = up(dense.units, 8);
    let at = 0;
    const take = (floats: number): number => {
      const o = at;
      at += up(floats, 4) * 4;
      return o;
    };
    for (const l of layers) {
      this.kOff.push(take(l.kernel.length));
      this.rOff.push(take(l.recurrent.length));
      this.bOff.push(take(l.bias.length));
    }
    this.dOff = take(dense.inDim * this.classCols);
    this.dbOff = take(this.classCols);
    this.dynamic = at;
    this.maxUnits = Math.max(...layers.map((l) => l.units));
    k.ensure(at);
    layers.forEach((l, i) => {
      k.f32.set(l.kernel, this.kOff[i] / 4);
      k.f32.set(l.recurrent, this.rOff[i] / 4);
      k.f32.set(l.bias, this.bOff[i] / 4);
    });
    for (let i = 0; i < dense.inDim; i++) {
      k.f32.set(dense.kernel.subarray(i * dense.units, (i + 1) * dense.units), this.dOff / 4 + i * this.classCols);
    }
    k.f32.set(dense.bias, this.dbOff / 4);
  }

  /** n × classes probabilities. */
  run(b: BatchInput): Float32Array {
    const { steps } = this;
    const first = this.layers[0];
    if (b.rowWidth + b.tailWidth !== first.inDim)
      throw new Error(`batched LSTM: rows of ${b.rowWidth} and tails of ${b.tailWidth} for an input of ${first.inDim}`);
    const C = this.dense.units;
    const out = new Float32Array(b.n * C);
    if (b.n === 0) return out;
    const G = 4 * first.units;
    const U = this.maxUnits;
    // Per batch: the rows (padded by three, which the 4-row tiles of gemm read), tails, row numbers, projections.
    let at = this.dynamic;
    const take = (bytes: number): number => {
      const o = at;
      at += up(bytes, 16);
      return o;
    };
    const rowsAt = take((b.rowCount + 3) * b.rowStride * 4);
    const tailsAt = take((b.n + 3) * Math.max(b.tailStride, 1) * 4);
    const idxAt = take(b.n * steps * 4);
    const projAt = take(up(b.rowCount, 4) * G * 4);
    // Per chunk of windows.
    const maxG = 4 * U;
    const tailpAt = take(CHUNK * maxG * 4);
    // Gate-major: gate q's rows (U floats per window) at zAt + q·zBlock.
    const zBlock = CHUNK * U * 4;
    const zAt = take(4 * zBlock);
    const cAt = take(CHUNK * U * 4);
    const hAt = take(CHUNK * U * 4);
    const deep = this.layers.length > 1;
    const seqAt = deep ? take(CHUNK * steps * U * 4) : 0;
    const proj2At = deep ? take(CHUNK * steps * maxG * 4) : 0;
    const idIdx = deep ? take(CHUNK * steps * 4) : 0;
    const logitsAt = take(CHUNK * this.classCols * 4);
    this.k.ensure(at);
    const k = this.k;
    k.f32.set(b.rows.subarray(0, b.rowCount * b.rowStride), rowsAt / 4);
    if (b.tailWidth > 0) k.f32.set(b.tails.subarray(0, b.n * b.tailStride), tailsAt / 4);
    if (b.rowIndex) k.i32.set(b.rowIndex.subarray(0, b.n * steps), idxAt / 4);
    else for (let i = 0; i < b.n * steps; i++) k.i32[idxAt / 4 + i] = i;
    if (deep) for (let i = 0; i < CHUNK * steps; i++) k.i32[idIdx / 4 + i] = i;
    const rowsPadded = up(b.rowCount, 4);
    k.f32.fill(0, projAt / 4, projAt / 4 + rowsPadded * G);
    k.gemm(projAt, G * 4, rowsAt, b.rowStride * 4, this.kOff[0], G * 4, rowsPadded, b.rowWidth, G / 4);

    for (let c0 = 0; c0 < b.n; c0 += CHUNK) {
      const m = Math.min(CHUNK, b.n - c0);
      const mp = up(m, 4);
      for (let li = 0; li < this.layers.length; li++) {
        const L = this.layers[li];
        const Gl = 4 * L.units;
        const last = li === this.layers.length - 1;
        this.fillRows(tailpAt, mp, this.bOff[li], Gl);
        let projOf = projAt;
        let idx = idxAt + c0 * steps * 4;
        if (li === 0) {
          if (b.tailWidth > 0) {
            const tails = tailsAt + c0 * b.tailStride * 4;
            k.gemm(
              tailpAt,
              Gl * 4,
              tails,
              b.tailStride * 4,
              this.kOff[0] + b.rowWidth * Gl * 4,
              Gl * 4,
              mp,
              b.tailWidth,
              Gl / 4,
            );
          }
        } else {
          // The previous layer's outputs, every step of every window, are this layer's rows.
          const rows = up(m * steps, 4);
          k.f32.fill(0, proj2At / 4, proj2At / 4 + rows * Gl);
          k.gemm(
            proj2At,
            Gl * 4,
            seqAt,
            this.layers[li - 1].units * 4,
            this.kOff[li],
            Gl * 4,
            rows,
            this.layers[li - 1].units,
            Gl / 4,
          );
          projOf = proj2At;
          idx = idIdx;
        }
        k.f32.fill(0, cAt / 4, cAt / 4 + mp * L.units);
        k.f32.fill(0, hAt / 4, hAt / 4 + mp * L.units);
        const U4 = L.units * 4;
        for (let t = 0; t < steps; t++) {
          k.gather(zAt, zBlock, tailpAt, projOf, idx + t * 4, steps * 4, m, L.units);
          // h is 0 before the first step: no recurrent product then.
          if (t > 0)
            for (let q = 0; q < 4; q++)
              k.gemm(zAt + q * zBlock, U4, hAt, U4, this.rOff[li] + q * U4, Gl * 4, mp, L.units, L.units / 4);
          const toSeq = !last;
          k.gates(zAt, zBlock, cAt, hAt, toSeq ? seqAt + t * U4 : hAt, toSeq ? steps * U4 : U4, m, L.units);
        }
      }
      this.fillRows(logitsAt, mp, this.dbOff, this.classCols);
      const lastUnits = this.layers[this.layers.length - 1].units;
      k.gemm(
        logitsAt,
        this.classCols * 4,
        hAt,
        lastUnits * 4,
        this.dOff,
        this.classCols * 4,
        mp,
        lastUnits,
        this.classCols / 4,
      );
      softmaxRows(k.f32, logitsAt / 4, this.classCols, m, C, out, c0 * C);
    }
    return out;
  }

  /** Rows [0, m) at `at` (cols floats each) set to the `cols` floats at `from`. */
  private fillRows(at: number, m: number, from: number, cols: number): void {
    const f = this.k.f32;
    const a = at / 4;
    f.copyWithin(a, from / 4, from / 4 + cols);
    for (let filled = 1; filled < m; ) {
      const n = Math.min(filled, m - filled);
      f.copyWithin(a + filled * cols, a, a + n * cols);
      filled += n;
    }
  }
}

/** Softmax as tfjs does it (exponentials of logit - max, over their sum), m rows of C classes into out. */
function softmaxRows(
  f: Float32Array,
  at: number,
  stride: number,
  m: number,
  C: number,
  out: Float32Array,
  o: number,
): void {
  for (let j = 0; j < m; j++) {
    const r = at + j * stride;
    let max = -Infinity;
    for (let c = 0; c < C; c++) if (f[r + c] > max) max = f[r + c];
    let sum = 0;
    for (let c = 0; c < C; c++) {
      const e = Math.exp(f[r + c] - max);
      out[o + j * C + c] = e;
      sum += e;
    }
    for (let c = 0; c < C; c++) out[o + j * C + c] /= sum;
  }
}
