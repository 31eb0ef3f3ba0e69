/**
 * A shared model (one model for every view, the view a one-hot after each step's features: train-shared.ts)
 * turned into the model of ONE view: the one-hot of a view is the same at every step of every window, so its
 * share of the first layer's product, x·K, is a constant, added to the first layer's bias; the one-hot's rows
 * of the kernel are then dropped. That is exact (up to float rounding) for the first layers buildModel makes:
 * an LSTM or GRU (x·K + b feeds every gate, per step) and flatten + dense (each step's one-hot rows summed).
 *
 * Done on model.json and weights.bin alone (no tfjs), when a bundle is read, so the sensor, the fast path
 * and evaluation get an ordinary single-view model and never learn that the layout was shared.
 */
import { strFromU8, strToU8 } from 'fflate';
import { BundleError, quoted } from './bundle.ts';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const fail = (msg: string): never => {
  throw new BundleError(`shared model: ${msg}`);
};

interface WeightEntry {
  name: string;
  shape: number[];
  dtype: string;
}

/**
 * The model.json and weights.bin of view `view` (0-based, of `views` one-hot columns at the end of each step),
 * and the input that model takes ([steps, width]). The input bytes are left as they are.
 */
export function foldViewInput(
  modelJson: Uint8Array,
  weights: Uint8Array,
  view: number,
  views: number,
): { modelJson: Uint8Array; weights: Uint8Array; steps: number; width: number } {
  if (!(Number.isInteger(views) && views >= 1 && Number.isInteger(view) && view >= 0 && view < views))
    fail(`view ${view} of ${views}`);
  let doc: unknown;
  try {
    doc = JSON.parse(strFromU8(modelJson));
  } catch (e) {
    return fail(`model.json is not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (
    !isRecord(doc) ||
    !isRecord(doc.modelTopology) ||
    !Array.isArray(doc.weightsManifest) ||
    !isRecord(doc.weightsManifest[0]) ||
    !Array.isArray(doc.weightsManifest[0].weights)
  )
    return fail('model.json is not a tfjs layers model');
  const topology = doc.modelTopology;
  const cfg = isRecord(topology.config) ? topology.config : null;
  if (topology.class_name !== 'Sequential' || !cfg || !Array.isArray(cfg.layers))
    return fail('only Sequential models can be folded');
  const layers = cfg.layers as unknown[];
  const entries = doc.weightsManifest[0].weights as unknown[];
  const specs: WeightEntry[] = entries.map((e, i) =>
    isRecord(e) &&
    typeof e.name === 'string' &&
    Array.isArray(e.shape) &&
    e.shape.every((d) => Number.isInteger(d)) &&
    e.dtype === 'float32'
      ? (e as unknown as WeightEntry)
      : fail(`weight ${i} is not a float32 {name, shape}`),
  );

  // The input shape, wherever the first layer keeps it.
  const first = layers[0];
  const inShape = isRecord(first) && isRecord(first.config) ? first.config.batch_input_shape : undefined;
  if (!Array.isArray(inShape) || inShape.length !== 3 || !Number.isInteger(inShape[1]) || !Number.isInteger(inShape[2]))
    return fail('the first layer does not say its input shape [steps, width]');
  const steps = inShape[1] as number;
  const width = inShape[2] as number;
  const base = width - views;
  if (base < 1) fail(`input width ${width} cannot hold ${views} view columns`);

  // The first layer with weights, and whether the steps were flattened before it.
  let flat = false;
  let target: Record<string, unknown> | null = null;
  for (const l of layers) {
    if (!isRecord(l) || !isRecord(l.config)) return fail('a layer is not {class_name, config}');
    const cls = l.class_name;
    if (cls === 'InputLayer' || cls === 'Dropout') continue;
    if (cls === 'Flatten') {
      flat = true;
      continue;
    }
    if (cls !== 'LSTM' && cls !== 'GRU' && cls !== 'Dense')
      return fail(`a first layer of class ${quoted(cls)} cannot be folded (LSTM, GRU, Dense after Flatten can)`);
    if ((cls === 'Dense') !== flat)
      return fail(cls === 'Dense' ? 'a dense first layer must follow Flatten' : `${cls} after Flatten`);
    if (l.config.use_bias === false) fail(`layer ${String(l.config.name)} has no bias to fold the view into`);
    if (cls === 'GRU' && l.config.reset_after === true)
      fail(`layer ${String(l.config.name)}: reset_after GRU is not supported`);
    target = l.config;
    break;
  }
  if (!target || typeof target.name !== 'string') return fail('no layer with weights');
  const name = target.name;
  const ki = specs.findIndex((s) => s.name === `${name}/kernel`);
  const bi = specs.findIndex((s) => s.name === `${name}/bias`);
  if (ki < 0 || bi < 0) return fail(`layer ${name} has no kernel or bias in weightsManifest`);
  const inDim = flat ? steps * width : width;
  const [rows, cols] = specs[ki].shape;
  if (specs[ki].shape.length !== 2 || rows !== inDim)
    fail(`layer ${name}'s kernel is [${specs[ki].shape.join(', ')}], expected ${inDim} rows`);
  if (specs[bi].shape.length !== 1 || specs[bi].shape[0] !== cols)
    fail(`layer ${name}'s bias is [${specs[bi].shape.join(', ')}], expected [${cols}]`);

  // Offsets of every weight in weights.bin (float32, in manifest order).
  const offsets: number[] = [];
  let at = 0;
  for (const s of specs) {
    offsets.push(at);
    at += s.shape.reduce((a, b) => a * b, 1) * 4;
  }
  if (at !== weights.byteLength) fail(`weights.bin has ${weights.byteLength} bytes, the manifest lists ${at}`);
  const read = (i: number): Float32Array =>
    new Float32Array(weights.slice(offsets[i], offsets[i] + specs[i].shape.reduce((a, b) => a * b, 1) * 4).buffer);
  const kernel = read(ki);
  const bias = read(bi);

  // Row of the kernel for (step t, feature f): the flattened input is step-major, as Flatten lays it out.
  const rowOf = (t: number, f: number): number => (flat ? t * width + f : f);
  const foldedBias = Float32Array.from(bias);
  const oneHotRows = flat ? Array.from({ length: steps }, (_, t) => rowOf(t, base + view)) : [base + view];
  for (const r of oneHotRows) for (let c = 0; c < cols; c++) foldedBias[c] += kernel[r * cols + c];
  const keptRows = flat ? steps * base : base;
  const foldedKernel = new Float32Array(keptRows * cols);
  let k = 0;
  for (let t = 0; t < (flat ? steps : 1); t++) {
    for (let f = 0; f < base; f++)
      foldedKernel.set(kernel.subarray(rowOf(t, f) * cols, (rowOf(t, f) + 1) * cols), k++ * cols);
  }

  const parts: Uint8Array[] = specs.map((_, i) =>
    i === ki
      ? new Uint8Array(foldedKernel.buffer)
      : i === bi
        ? new Uint8Array(foldedBias.buffer)
        : weights.subarray(offsets[i], offsets[i] + specs[i].shape.reduce((a, b) => a * b, 1) * 4),
  );
  const out = new Uint8Array(parts.reduce((a, p) => a + p.byteLength, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.byteLength;
  }
  specs[ki].shape = [keptRows, cols];
  (first as { config: Record<string, unknown> }).config.batch_input_shape = [inShape[0], steps, base];
  let text: string;
  try {
    text = JSON.stringify(doc);
  } catch {
    // A value nested past JSON.stringify's stack somewhere in it (found by fuzzing: a bare RangeError).
    return fail('model.json is nested too deep to be written back');
  }
  return { modelJson: strToU8(text), weights: out, steps, width: base };
}
