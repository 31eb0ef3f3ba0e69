/**
 * A hand-written inference path for the bundles this workbench exports (issue 6): the same arithmetic as
 * tfjs's layers (LSTM/GRU stacks, or flatten + dense; dropout is the identity at inference; softmax out)
 * over plain Float32Arrays, checked against tfjs to 1e-5 (fast-lstm.test.ts).
 *
 * Why it is fast: tfjs pays per op (a tensor, a kernel launch, an allocation) and a 10-step LSTM is about 80
 * ops per batch. Here the default network (LSTM layers, a softmax dense layer) runs a whole batch as matrix
 * products in WebAssembly SIMD (batched-lstm.ts, kernels/lstm.wat): each distinct packet row is projected
 * once however many windows share it, and the window features the SampleBuilder repeats at every step once per
 * window. GRU and dense networks, other activations, and engines without SIMD use plain-JS loops over
 * weights transposed so each gate's weights are one contiguous row, four windows at a time. Anything it
 * does not know, it refuses: guessing a layer's meaning would give plausible, wrong probabilities.
 */
import { unzipSync, strFromU8 } from 'fflate';
import { stepWidth } from '../features/feature-spec.ts';
import type { WindowClassifier } from '../sensor/classifier.ts';
import { denseWindows, type WindowInputs } from '../sensor/window-inputs.ts';
import { batchable, BatchedLstm, type BatchInput } from './batched-lstm.ts';
import { BundleError, checkManifest, quoted, type Manifest } from './bundle.ts';
import { fastTanh } from './fast-tanh.ts';
import { lstmKernels } from './lstm-kernels-module.ts';

export type { WindowClassifier };

type Act = (v: number) => number;

const hardSigmoid: Act = (v) => {
  const y = 0.2 * v + 0.5;
  return y < 0 ? 0 : Math.min(y, 1);
};

// The activations tfjs-layers serialises, with tfjs's own formulas (hard_sigmoid is its clip(0.2x + 0.5)).
// tanh by table (fast-tanh.ts: within 1e-9), and sigmoid through it (σ(v) = (1 + tanh(v/2)) / 2, exactly).
const ACTIVATIONS: Readonly<Record<string, Act>> = {
  linear: (v) => v,
  relu: (v) => Math.max(v, 0),
  tanh: fastTanh,
  sigmoid: (v) => 0.5 + 0.5 * fastTanh(0.5 * v),
  hard_sigmoid: hardSigmoid,
};

interface Recurrent {
  readonly op: 'lstm' | 'gru';
  readonly name: string;
  readonly inDim: number;
  readonly units: number;
  /** The kernel as tfjs keeps it, [inDim][gates × units] (the SIMD path's layout). */
  readonly k: Float32Array;
  /** The recurrent kernel as tfjs keeps it, [units][gates × units]. */
  readonly r: Float32Array;
  /** (gates × units) rows of inDim: the kernel transposed, so a gate unit's input weights are contiguous. */
  readonly kt: Float32Array;
  /** (gates × units) rows of units: the recurrent kernel transposed. */
  readonly rt: Float32Array;
  readonly bias: Float32Array;
  readonly act: Act;
  readonly recAct: Act;
  readonly returnSequences: boolean;
}

interface Dense {
  readonly op: 'dense';
  readonly name: string;
  readonly inDim: number;
  readonly units: number;
  /** units rows of inDim: the kernel transposed. */
  readonly wt: Float32Array;
  readonly bias: Float32Array;
  /** null = softmax, done over the whole row. */
  readonly act: Act | null;
}

type Op = Recurrent | Dense | { readonly op: 'flatten' };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

class FastModelError extends BundleError {}

const fail = (msg: string): never => {
  throw new FastModelError(`fast inference: ${msg}`);
};

/** The layer list of a Sequential topology (tfjs writes {class_name, config: {layers}}; Keras may wrap it in model_config). */
function layerList(topology: unknown): Record<string, unknown>[] {
  let t = topology;
  if (isRecord(t) && isRecord(t.model_config)) t = t.model_config;
  if (!isRecord(t) || t.class_name !== 'Sequential')
    return fail(`only Sequential models are supported (got ${isRecord(t) ? quoted(t.class_name) : 'no topology'})`);
  const cfg = t.config;
  const layers = Array.isArray(cfg) ? cfg : isRecord(cfg) && Array.isArray(cfg.layers) ? cfg.layers : null;
  if (!layers) return fail('the Sequential model lists no layers');
  return layers.map((l, i) => (isRecord(l) && isRecord(l.config) ? l : fail(`layer ${i} is not {class_name, config}`)));
}

function activation(name: unknown, layer: string): Act {
  // Own names only: "__proto__" found Object.prototype (then "act is not a function"), "constructor" Object (fuzzing).
  const f = typeof name === 'string' && Object.hasOwn(ACTIVATIONS, name) ? ACTIVATIONS[name] : undefined;
  return (
    f ??
    fail(
      `layer ${layer}: activation ${quoted(name)} is not supported (${Object.keys(ACTIVATIONS).join(', ')}, softmax on dense)`,
    )
  );
}

/** Row-major [rows][cols] -> [cols][rows], so a column becomes a contiguous row. */
function transpose(w: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(w.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = w[r * cols + c];
  return out;
}

function weight(weights: ReadonlyMap<string, Float32Array>, layer: string, part: string, size: number): Float32Array {
  const w = weights.get(`${layer}/${part}`);
  if (!w) return fail(`layer ${layer} has no weight ${layer}/${part}`);
  if (w.length !== size) fail(`weight ${layer}/${part} has ${w.length} values, expected ${size}`);
  return w;
}

/** Turns the topology + weights into ops, checking every shape against the manifest's window. */
function compile(
  topology: unknown,
  weights: ReadonlyMap<string, Float32Array>,
  steps: number,
  width: number,
): { ops: Op[]; classes: number; maxDim: number } {
  const ops: Op[] = [];
  let seq = true; // the value flowing between layers: a sequence (steps × dim) or one vector (dim)
  let dim = width;
  let maxDim = steps * width;
  let softmaxLast = false;
  for (const l of layerList(topology)) {
    const cls = l.class_name;
    const c = l.config as Record<string, unknown>;
    const name = typeof c.name === 'string' ? c.name : fail(`a ${String(cls)} layer has no name`);
    const shape = c.batch_input_shape;
    if (Array.isArray(shape) && (shape.length !== 3 || shape[1] !== steps || shape[2] !== width))
      fail(`the model takes input ${quoted(shape)} but the manifest says windows of ${steps} × ${width}`);
    if (softmaxLast) fail(`layer ${name} follows the softmax; only a final softmax is supported`);
    if (cls === 'Dropout' || cls === 'InputLayer') continue; // identity at inference
    if (cls === 'Flatten') {
      if (seq) {
        ops.push({ op: 'flatten' });
        dim *= steps;
        seq = false;
      }
      continue;
    }
    if (c.use_bias === false) fail(`layer ${name}: use_bias false is not supported`);
    if (cls === 'Dense') {
      if (seq) fail(`layer ${name}: a dense layer on a sequence is not supported (flatten first)`);
      const units = c.units;
      if (!Number.isInteger(units) || (units as number) < 1) return fail(`layer ${name}: units ${quoted(units)}`);
      const u = units as number;
      const act = c.activation === 'softmax' ? null : activation(c.activation, name);
      softmaxLast = act === null;
      ops.push({
        op: 'dense',
        name,
        inDim: dim,
        units: u,
        wt: transpose(weight(weights, name, 'kernel', dim * u), dim, u),
        bias: weight(weights, name, 'bias', u),
        act,
      });
      dim = u;
    } else if (cls === 'LSTM' || cls === 'GRU') {
      if (!seq) fail(`layer ${name}: a recurrent layer needs a sequence input`);
      for (const f of ['go_backwards', 'stateful', 'return_state', 'reset_after'] as const)
        if (c[f] === true) fail(`layer ${name}: ${f} is not supported`);
      const units = c.units;
      if (!Number.isInteger(units) || (units as number) < 1) return fail(`layer ${name}: units ${quoted(units)}`);
      const u = units as number;
      const g = cls === 'LSTM' ? 4 : 3; // tfjs/Keras column blocks: LSTM [i, f, c, o], GRU [z, r, h]
      const k = weight(weights, name, 'kernel', dim * g * u);
      const r = weight(weights, name, 'recurrent_kernel', u * g * u);
      ops.push({
        op: cls === 'LSTM' ? 'lstm' : 'gru',
        name,
        inDim: dim,
        units: u,
        k,
        r,
        kt: transpose(k, dim, g * u),
        rt: transpose(r, u, g * u),
        bias: weight(weights, name, 'bias', g * u),
        act: activation(c.activation, name),
        recAct: activation(c.recurrent_activation, name),
        returnSequences: c.return_sequences === true,
      });
      dim = u;
      seq = c.return_sequences === true;
    } else {
      fail(`layer ${name}: ${quoted(cls)} layers are not supported (LSTM, GRU, Dense, Flatten, Dropout are)`);
    }
    maxDim = Math.max(maxDim, seq ? steps * dim : dim);
  }
  if (seq) fail('the model ends in a sequence, not one vector of class scores');
  if (!softmaxLast) fail('the model does not end in a softmax dense layer');
  return { ops, classes: dim, maxDim };
}

/** Σ a[ao + i] · b[bo + i] for i < n, four accumulators so the adds do not wait on each other. */
function dot(a: Float32Array, ao: number, b: Float32Array, bo: number, n: number): number {
  let s0 = 0,
    s1 = 0,
    s2 = 0,
    s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += a[ao + i] * b[bo + i];
    s1 += a[ao + i + 1] * b[bo + i + 1];
    s2 += a[ao + i + 2] * b[bo + i + 2];
    s3 += a[ao + i + 3] * b[bo + i + 3];
  }
  for (; i < n; i++) s0 += a[ao + i] * b[bo + i];
  return s0 + s1 + (s2 + s3);
}

/** Scratch of runGru, allocated once per classifier, sized for the widest layer. */
interface Scratch {
  readonly z: Float32Array; // gate pre-activations, 3 × units
  readonly h: Float32Array;
  readonly rh: Float32Array; // r ⊙ h
}

/** Windows run together by runLstm4: each weight read feeds four windows' sums, halving the loads per multiply-add. */
const BLOCK = 4;

/** Scratch of runLstm4, allocated once per classifier. */
interface Scratch4 {
  readonly z: Float64Array; // BLOCK × 4·units pre-activations
  readonly h: Float32Array; // BLOCK × units
  readonly c: Float64Array; // BLOCK × units
  readonly zw: Float64Array; // BLOCK × 4·units: the constant columns' share of the input projection
}

/**
 * One LSTM layer over four windows at once, in plain JS (the arithmetic of tfjs's LSTMCell). Input
 * rows of window k at src[so[k] + t·inDim]; h per step (or the last) to dst[dOff[k] + …].
 *
 * `shared` > 0 says the last `shared` input columns hold the same values at every step of each of these
 * windows (the window features the SampleBuilder appends to every step): their share of the projection is
 * then computed once per window instead of once per step, which skips about an eighth of the first layer's work.
 */
function runLstm4(
  L: Recurrent,
  steps: number,
  src: Float32Array,
  so: Int32Array,
  dst: Float32Array,
  dOff: Int32Array,
  shared: number,
  s: Scratch4,
): void {
  const { units: U, inDim: D, kt, rt, bias, act, recAct } = L;
  const { z, h, c, zw } = s;
  const G = 4 * U;
  const P = D - shared; // the columns that change per step
  const s0 = so[0],
    s1 = so[1],
    s2 = so[2],
    s3 = so[3];
  h.fill(0, 0, BLOCK * U);
  c.fill(0, 0, BLOCK * U);
  for (let g = 0; g < G; g++) {
    const wo = g * D;
    let a0 = bias[g],
      a1 = a0,
      a2 = a0,
      a3 = a0;
    for (let i = P; i < D; i++) {
      const w = kt[wo + i];
      a0 += w * src[s0 + i];
      a1 += w * src[s1 + i];
      a2 += w * src[s2 + i];
      a3 += w * src[s3 + i];
    }
    zw[g] = a0;
    zw[G + g] = a1;
    zw[2 * G + g] = a2;
    zw[3 * G + g] = a3;
  }
  for (let t = 0; t < steps; t++) {
    const x0 = s0 + t * D,
      x1 = s1 + t * D,
      x2 = s2 + t * D,
      x3 = s3 + t * D;
    for (let g = 0; g < G; g++) {
      const wo = g * D;
      let a0 = zw[g],
        a1 = zw[G + g],
        a2 = zw[2 * G + g],
        a3 = zw[3 * G + g];
      for (let i = 0; i < P; i++) {
        const w = kt[wo + i];
        a0 += w * src[x0 + i];
        a1 += w * src[x1 + i];
        a2 += w * src[x2 + i];
        a3 += w * src[x3 + i];
      }
      const ro = g * U;
      for (let i = 0; i < U; i++) {
        const r = rt[ro + i];
        a0 += r * h[i];
        a1 += r * h[U + i];
        a2 += r * h[2 * U + i];
        a3 += r * h[3 * U + i];
      }
      z[g] = a0;
      z[G + g] = a1;
      z[2 * G + g] = a2;
      z[3 * G + g] = a3;
    }
    for (let k = 0; k < BLOCK; k++) {
      const zo = k * G;
      const ho = k * U;
      for (let j = 0; j < U; j++) {
        const cc = recAct(z[zo + U + j]) * c[ho + j] + recAct(z[zo + j]) * act(z[zo + 2 * U + j]);
        c[ho + j] = cc;
        h[ho + j] = recAct(z[zo + 3 * U + j]) * act(cc);
      }
      if (L.returnSequences) for (let j = 0; j < U; j++) dst[dOff[k] + t * U + j] = h[ho + j];
    }
  }
  if (!L.returnSequences) for (let k = 0; k < BLOCK; k++) for (let j = 0; j < U; j++) dst[dOff[k] + j] = h[k * U + j];
}

/** Whether the last `shared` columns of window rows at x[o + t·D] are the same at every step. */
function constantTail(x: Float32Array, o: number, steps: number, D: number, shared: number): boolean {
  for (let t = 1; t < steps; t++) {
    const a = o + t * D;
    for (let i = D - shared; i < D; i++) if (x[a + i] !== x[o + i]) return false;
  }
  return true;
}

/** One GRU layer (reset_after false, tfjs's only kind): z, r from x and h; candidate from x and r ⊙ h. */
function runGru(
  L: Recurrent,
  steps: number,
  src: Float32Array,
  so: number,
  dst: Float32Array,
  dOff: number,
  s: Scratch,
): void {
  const { units: U, inDim: D, kt, rt, bias, act, recAct } = L;
  const { z, h, rh } = s;
  h.fill(0, 0, U);
  for (let t = 0; t < steps; t++) {
    const xo = so + t * D;
    for (let g = 0; g < 2 * U; g++) z[g] = recAct(bias[g] + dot(kt, g * D, src, xo, D) + dot(rt, g * U, h, 0, U));
    for (let j = 0; j < U; j++) rh[j] = z[U + j] * h[j];
    for (let j = 0; j < U; j++) {
      const g = 2 * U + j;
      const hh = act(bias[g] + dot(kt, g * D, src, xo, D) + dot(rt, g * U, rh, 0, U));
      const zj = z[j];
      h[j] = zj * h[j] + (1 - zj) * hh;
    }
    if (L.returnSequences) for (let j = 0; j < U; j++) dst[dOff + t * U + j] = h[j];
  }
  if (!L.returnSequences) for (let j = 0; j < U; j++) dst[dOff + j] = h[j];
}

function runDense(L: Dense, src: Float32Array, so: number, dst: Float32Array, dOff: number): void {
  const { units: U, inDim: D, wt, bias, act } = L;
  if (act) {
    for (let j = 0; j < U; j++) dst[dOff + j] = act(bias[j] + dot(wt, j * D, src, so, D));
    return;
  }
  // Softmax as tfjs does it: exponentials of (logit - max), over their sum.
  let max = -Infinity;
  for (let j = 0; j < U; j++) {
    const v = bias[j] + dot(wt, j * D, src, so, D);
    dst[dOff + j] = v;
    if (v > max) max = v;
  }
  let sum = 0;
  for (let j = 0; j < U; j++) {
    const e = Math.exp(dst[dOff + j] - max);
    dst[dOff + j] = e;
    sum += e;
  }
  for (let j = 0; j < U; j++) dst[dOff + j] /= sum;
}

/**
 * A WindowClassifier computing the bundle's model without tfjs. `topology` is model.json's modelTopology and
 * `weights` its weights by tfjs name (`<layer>/kernel`, `/recurrent_kernel`, `/bias`). Throws naming the first
 * layer, setting or shape it does not support.
 */
export interface FastOptions {
  /** Use WebAssembly SIMD for LSTM layers where the engine has it (default true; false: the plain-JS kernels). */
  readonly simd?: boolean;
}

export function fastClassifier(
  manifest: Manifest,
  topology: unknown,
  weights: ReadonlyMap<string, Float32Array> | Uint8Array,
  options: FastOptions = {},
): WindowClassifier {
  // Also accepted, for callers holding the bundle's files as they are: the whole model.json as `topology`
  // and weights.bin's bytes as `weights` (cli/lib/sensor-classifier.ts calls it so).
  const byName = weights instanceof Uint8Array ? decodeWeights(topology, weights) : weights;
  const topo = isRecord(topology) && 'modelTopology' in topology ? topology.modelTopology : topology;
  const { window: win } = manifest; // destructured: core's purity check forbids the text `window.`
  const steps = win.size;
  const width = stepWidth(manifest.featureSpec);
  const { ops, classes, maxDim } = compile(topo, byName, steps, width);
  if (classes !== manifest.classes.length)
    fail(`the model has ${classes} outputs but the manifest lists ${manifest.classes.length} classes`);
  const perWindow = manifest.featureSpec.perWindow.length;
  const batched = options.simd === false ? null : batchedOf(ops, steps);
  if (!batched) {
    const plain = plainPredict(ops, classes, maxDim, steps, width, perWindow);
    return { classes, kernel: 'js', predict: plain, classify: (w) => plain(denseWindows(w), w.n) };
  }
  const per = steps * width;
  return {
    classes,
    kernel: 'simd',
    predict(x: Float32Array, n: number): Float32Array {
      if (x.length < n * per) fail(`predict got ${x.length} values for ${n} windows of ${steps} × ${width}`);
      const out = new Float32Array(n * classes);
      // In pieces, so the module's memory stays near one piece's rows and projections.
      for (let w0 = 0; w0 < n; w0 += DENSE_PIECE) {
        const m = Math.min(DENSE_PIECE, n - w0);
        out.set(
          batched.run(denseInput(x.subarray(w0 * per, (w0 + m) * per), m, steps, width, perWindow)),
          w0 * classes,
        );
      }
      return out;
    },
    classify(w: WindowInputs): Float32Array {
      if (w.steps !== steps || w.rowWidth + w.tailWidth !== width)
        fail(`windows of ${w.steps} × ${w.rowWidth + w.tailWidth} for a model of ${steps} × ${width}`);
      return batched.run({
        n: w.n,
        rows: w.rows,
        rowStride: w.rowWidth,
        rowWidth: w.rowWidth,
        rowCount: w.rowCount,
        rowIndex: w.rowIndex,
        tails: w.tails,
        tailStride: w.tailWidth,
        tailWidth: w.tailWidth,
      });
    },
  };
}

/** Windows per piece of a dense predict on the batched path. */
const DENSE_PIECE = 4096;

/** The batched SIMD path for LSTM layers of the default cell ending in a softmax dense layer; null otherwise. */
function batchedOf(ops: readonly Op[], steps: number): BatchedLstm | null {
  const lstm = ops.slice(0, -1);
  const head = ops[ops.length - 1];
  if (head?.op !== 'dense' || head.act !== null) return null;
  const layers: Recurrent[] = [];
  for (const [i, o] of lstm.entries()) {
    if (o.op !== 'lstm' || o.act !== fastTanh || o.recAct !== hardSigmoid) return null;
    if (o.returnSequences !== i < lstm.length - 1) return null;
    layers.push(o);
  }
  const weights = layers.map((l) => ({ inDim: l.inDim, units: l.units, kernel: l.k, recurrent: l.r, bias: l.bias }));
  if (!batchable(weights)) return null;
  const kernels = lstmKernels();
  if (!kernels) return null;
  return new BatchedLstm(
    kernels,
    weights,
    { inDim: head.inDim, units: head.units, kernel: transpose(head.wt, head.units, head.inDim), bias: head.bias },
    steps,
  );
}

/**
 * Dense windows as the batched path reads them: each step a row of x; the last `perWindow` columns a tail
 * read once per window when they are the same at every step of every window (as the SampleBuilder writes
 * them), else part of the rows.
 */
function denseInput(x: Float32Array, n: number, steps: number, width: number, perWindow: number): BatchInput {
  let tail = perWindow > 0 && perWindow < width ? perWindow : 0;
  for (let j = 0; j < n && tail; j++) if (!constantTail(x, j * steps * width, steps, width, tail)) tail = 0;
  return {
    n,
    rows: x,
    rowStride: width,
    rowWidth: width - tail,
    rowCount: n * steps,
    rowIndex: null,
    tails: tail ? x.subarray(width - tail) : x.subarray(0, 0),
    tailStride: steps * width,
    tailWidth: tail,
  };
}

/** predict in plain JS (GRU, dense, other activations, no SIMD): blocks of four windows through each op. */
function plainPredict(
  ops: readonly Op[],
  classes: number,
  maxDim: number,
  steps: number,
  width: number,
  perWindow: number,
): (x: Float32Array, n: number) => Float32Array {
  let maxUnits = 1;
  for (const o of ops) if (o.op !== 'flatten') maxUnits = Math.max(maxUnits, o.units);
  const scratch: Scratch = {
    z: new Float32Array(3 * maxUnits),
    h: new Float32Array(maxUnits),
    rh: new Float32Array(maxUnits),
  };
  const scratch4: Scratch4 = {
    z: new Float64Array(BLOCK * 4 * maxUnits),
    h: new Float32Array(BLOCK * maxUnits),
    c: new Float64Array(BLOCK * maxUnits),
    zw: new Float64Array(BLOCK * 4 * maxUnits),
  };
  // Ping-pong buffers between layers, one slot of maxDim per window of a block; the first layer reads the
  // caller's x in place.
  const per = steps * width;
  const last = ops.length - 1;
  const mem = new Float32Array(2 * BLOCK * maxDim);
  const bases = [0, BLOCK * maxDim];
  const so = new Int32Array(BLOCK);
  const dOff = new Int32Array(BLOCK);
  return (x: Float32Array, n: number): Float32Array => {
    if (x.length < n * per) fail(`predict got ${x.length} values for ${n} windows of ${steps} × ${width}`);
    const out = new Float32Array(n * classes);
    for (let w0 = 0; w0 < n; w0 += BLOCK) {
      const m = Math.min(BLOCK, n - w0);
      let src = x;
      // A short last block repeats its last window (computed twice, written once).
      for (let k = 0; k < BLOCK; k++) so[k] = (w0 + Math.min(k, m - 1)) * per;
      let side = 0;
      for (let k = 0; k <= last; k++) {
        const o = ops[k];
        if (o.op === 'flatten') continue; // the sequence is already contiguous, row after row
        if (o.op === 'dense' && k === last) {
          for (let j = 0; j < m; j++) runDense(o, src, so[j], out, (w0 + j) * classes);
          break;
        }
        for (let j = 0; j < BLOCK; j++) dOff[j] = bases[side] + j * maxDim;
        if (o.op === 'lstm') {
          let shared = 0;
          if (k === 0 && perWindow > 0 && perWindow < o.inDim) {
            shared = perWindow;
            for (let j = 0; j < BLOCK && shared; j++)
              if (!constantTail(src, so[j], steps, o.inDim, perWindow)) shared = 0;
          }
          runLstm4(o, steps, src, so, mem, dOff, shared, scratch4);
        } else {
          for (let j = 0; j < m; j++) {
            if (o.op === 'dense') runDense(o, src, so[j], mem, dOff[j]);
            else runGru(o, steps, src, so[j], mem, dOff[j], scratch);
          }
        }
        for (let j = 0; j < BLOCK; j++) so[j] = dOff[j];
        src = mem;
        side = 1 - side;
      }
    }
    return out;
  };
}

/** The weight specs of a model.json's weightsManifest, every group in order (tfjs concatenates their data so). */
function weightSpecs(modelJson: unknown): { specs: Record<string, unknown>[]; paths: string[] } {
  if (!isRecord(modelJson) || !Array.isArray(modelJson.weightsManifest))
    return fail('model.json has no weightsManifest');
  const specs: Record<string, unknown>[] = [];
  const paths: string[] = [];
  for (const group of modelJson.weightsManifest) {
    if (!isRecord(group) || !Array.isArray(group.paths) || !Array.isArray(group.weights))
      return fail('a weightsManifest entry lacks paths or weights');
    for (const p of group.paths)
      paths.push(typeof p === 'string' ? p : fail(`weights path ${quoted(p)} is not a string`));
    for (const w of group.weights) specs.push(isRecord(w) ? w : fail('a weight spec is not an object'));
  }
  return { specs, paths };
}

/** Weights by name from the weight data (every weights file, concatenated in manifest order); float32 only. */
export function decodeWeights(modelJson: unknown, data: Uint8Array): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  let offset = 0;
  for (const spec of weightSpecs(modelJson).specs) {
    if (typeof spec.name !== 'string' || !Array.isArray(spec.shape)) return fail('a weight spec lacks name or shape');
    if (spec.dtype !== 'float32' || spec.quantization)
      fail(`weight ${spec.name}: only unquantised float32 weights are supported`);
    // Whole sizes only: 1.5 made a Float32Array of 6 bytes (a RangeError), [[[...]]] overflowed Number() (fuzzing).
    if (!spec.shape.every((d: unknown) => Number.isInteger(d) && (d as number) >= 0))
      fail(`weight ${spec.name}: shape ${quoted(spec.shape)} is not a list of whole sizes`);
    const size = spec.shape.reduce((a: number, b: number) => a * b, 1);
    if (offset + size * 4 > data.length) fail(`weight ${spec.name} runs past the end of the weights`);
    // Copied, not viewed: the offset inside the zip need not be 4-byte aligned.
    out.set(spec.name, new Float32Array(data.slice(offset, offset + size * 4).buffer));
    offset += size * 4;
  }
  return out;
}

/** Weights by name from a model.json and the files its weightsManifest names. */
export function readWeights(
  modelJson: unknown,
  files: Readonly<Record<string, Uint8Array>>,
): Map<string, Float32Array> {
  const parts = weightSpecs(modelJson).paths.map(
    (p) => files[p] ?? fail(`weights file ${JSON.stringify(p)} is missing from the bundle`),
  );
  const data = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    data.set(p, at);
    at += p.length;
  }
  return decodeWeights(modelJson, data);
}

/** fastClassifier straight from a bundle .zip (as exportBundle writes it). */
export function fastClassifierFromBundle(zip: Uint8Array, options: FastOptions = {}): WindowClassifier {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip);
  } catch (e) {
    throw new BundleError(
      `not a model bundle: the file is not a readable .zip (${e instanceof Error ? e.message : String(e)})`,
    );
  }
  const json = (name: string): unknown => {
    const b = files[name];
    if (!b) return fail(`${name} is missing from the bundle`);
    try {
      return JSON.parse(strFromU8(b));
    } catch {
      return fail(`${name} is not valid JSON`);
    }
  };
  const manifest = checkManifest(json('manifest.json'));
  const modelJson = json('model.json');
  if (!isRecord(modelJson)) return fail('model.json is not an object');
  return fastClassifier(manifest, modelJson.modelTopology, readWeights(modelJson, files), options);
}
