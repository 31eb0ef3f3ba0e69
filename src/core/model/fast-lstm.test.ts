/**
 * The fast path must give tfjs's probabilities (within 1e-5) for every network build-model.ts makes, on random
 * inputs and on real lab-a windows, with random weights everywhere (biases too, so no term hides behind zero).
 */
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { featureSpec, stepWidth } from '../features/feature-spec.ts';
import { prepareWindows } from '../features/prepare.ts';
import { fitNormaliser, type SampleBuilder, type Normaliser } from '../features/samples.ts';
import { tableFromCsv } from '../labels/test-tables.ts';
import { buildModel } from './build-model.ts';
import { BUNDLE_FORMAT, BUNDLE_VERSION, BundleError, exportBundle, type Manifest } from './bundle.ts';
import { fastClassifier, fastClassifierFromBundle } from './fast-lstm.ts';
import { DEFAULT_MODEL_CONFIG, type ModelConfig } from './model-config.ts';
import { mulberry32 } from './prng.ts';

const SPEC = featureSpec();
const WIDTH = stepWidth(SPEC);
const STEPS = 10;
const CLASSES = ['benign', 'hping3', 'nmap'];

function manifest(model: ModelConfig): Manifest {
  return {
    format: BUNDLE_FORMAT, formatVersion: BUNDLE_VERSION, createdAt: '2026-11-23T00:00:00.000Z', featureSpec: SPEC,
    normaliser: { mean: new Array<number>(WIDTH).fill(0), std: new Array<number>(WIDTH).fill(1) },
    window: { key: 'pair', size: STEPS, stride: 1 }, labelRule: 'last', classes: CLASSES, malicious: [false, true, true],
    vote: { k: 5, threshold: 0.5 }, model,
    training: { fingerprint: 'abc', fileName: 'x.csv', rows: 10, windows: 5, split: 'per-class', metrics: null },
  };
}

/** The first `lines` packets of the shipped lab-a capture. */
function labASlice(lines: number): string {
  const text = gunzipSync(readFileSync(join(import.meta.dirname, '..', '..', '..', 'public', 'samples', 'lab-a', 'packets.csv.gz'))).toString('utf8');
  let at = 0;
  for (let i = 0; i <= lines && at >= 0; i++) at = text.indexOf('\n', at + 1);
  return text.slice(0, at < 0 ? text.length : at + 1);
}

function randomise(model: tf.LayersModel, seed: number, scale: number): void {
  const rand = mulberry32(seed);
  model.setWeights(model.getWeights().map((w) => tf.tensor(Float32Array.from({ length: w.size }, () => (rand() * 2 - 1) * scale), w.shape)));
}

function maxDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

const KINDS: [string, Partial<ModelConfig>][] = [
  ['default LSTM (32 units, 1 layer)', {}],
  ['stacked LSTM (2 × 13 units, return_sequences between)', { layers: 2, units: 13 }],
  ['GRU (1 × 32)', { kind: 'gru' }],
  ['stacked GRU (3 × 7)', { kind: 'gru', layers: 3, units: 7 }],
  ['dense baseline (2 × 32, relu)', { kind: 'dense', layers: 2 }],
  ['dense, no dropout (1 × 5)', { kind: 'dense', layers: 1, units: 5, dropout: 0 }],
];

describe('fastClassifier matches tfjs', () => {
  let real: Float32Array;
  let nReal = 0;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    const table = tableFromCsv(labASlice(6000));
    const p = prepareWindows(table, new Uint8Array(table.rowCount), SPEC, { key: 'pair', size: STEPS, stride: 1 }, 'last');
    const builder: SampleBuilder = p.builder;
    const all = Int32Array.from({ length: p.windows.count }, (_, i) => i);
    const norm: Normaliser = fitNormaliser(builder, all);
    // Every 7th window, so many groups and both ends of the slice are in.
    const picked = all.filter((w) => w % 7 === 0);
    nReal = picked.length;
    real = builder.fill(picked, new Float32Array(nReal * STEPS * WIDTH), norm);
  });

  it.each(KINDS)('%s', async (_name, over) => {
    const cfg: ModelConfig = { ...DEFAULT_MODEL_CONFIG, ...over };
    const model = buildModel(tf, cfg, STEPS, WIDTH, CLASSES.length);
    randomise(model, 7, 0.4);
    const zip = await exportBundle(tf, model, manifest(cfg));
    const rand = mulberry32(11);
    const nRand = 63; // not a multiple of the 4-window block
    const x = Float32Array.from({ length: nRand * STEPS * WIDTH }, () => (rand() * 2 - 1) * 3);
    // Both kernels: WebAssembly SIMD (LSTM, where Node has it) and plain JS.
    for (const simd of [true, false]) {
      const fast = fastClassifierFromBundle(zip, { simd });
      expect(fast.classes).toBe(3);
      for (const [input, n] of [[x, nRand], [real, nReal]] as const) {
        const want = (model.predict(tf.tensor3d(input, [n, STEPS, WIDTH])) as tf.Tensor).dataSync() as Float32Array;
        const got = await fast.predict(input, n);
        expect(maxDiff(got, want)).toBeLessThan(1e-5);
      }
    }
    expect(nReal).toBeGreaterThan(200);
    model.dispose();
  });

  it('follows a non-default recurrent activation (sigmoid) from the topology', async () => {
    const model = tf.sequential();
    model.add(tf.layers.lstm({ units: 6, recurrentActivation: 'sigmoid', inputShape: [STEPS, WIDTH] }));
    model.add(tf.layers.dense({ units: 3, activation: 'softmax' }));
    randomise(model, 3, 0.5);
    const fast = fastClassifierFromBundle(await exportBundle(tf, model, manifest({ ...DEFAULT_MODEL_CONFIG, units: 6 })));
    const want = (model.predict(tf.tensor3d(real, [nReal, STEPS, WIDTH])) as tf.Tensor).dataSync() as Float32Array;
    expect(maxDiff(await fast.predict(real, nReal), want)).toBeLessThan(1e-5);
  });
});

describe('fastClassifier from model.json + weights.bin', () => {
  it('gives the same probabilities as from the bundle (the sensor passes the files so)', async () => {
    await tf.setBackend('cpu');
    const cfg: ModelConfig = { ...DEFAULT_MODEL_CONFIG, layers: 2, units: 9 };
    const model = buildModel(tf, cfg, STEPS, WIDTH, 3);
    randomise(model, 5, 0.4);
    const zip = await exportBundle(tf, model, manifest(cfg));
    const files = unzipSync(zip);
    const rand = mulberry32(2);
    const x = Float32Array.from({ length: 9 * STEPS * WIDTH }, () => rand() * 2 - 1);
    const a = await fastClassifierFromBundle(zip).predict(x, 9);
    const b = await fastClassifier(manifest(cfg), JSON.parse(strFromU8(files['model.json'])), files['weights.bin']).predict(x, 9);
    expect(Array.from(b)).toEqual(Array.from(a));
  });
});

describe('fastClassifier refuses what it does not know', () => {
  let zip: Uint8Array;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    zip = await exportBundle(tf, buildModel(tf, DEFAULT_MODEL_CONFIG, STEPS, WIDTH, 3), manifest(DEFAULT_MODEL_CONFIG));
  });

  const edited = (edit: (topology: { config: { layers: { class_name: string; config: Record<string, unknown> }[] } }) => void): Uint8Array => {
    const files = unzipSync(zip);
    const json = JSON.parse(strFromU8(files['model.json'])) as { modelTopology: Parameters<typeof edit>[0] };
    edit(json.modelTopology);
    files['model.json'] = strToU8(JSON.stringify(json));
    return zipSync(files);
  };
  const refuses = (bytes: Uint8Array, message: RegExp): void => {
    const err = (() => { try { fastClassifierFromBundle(bytes); return null; } catch (e) { return e; } })();
    expect(err).toBeInstanceOf(BundleError);
    expect((err as Error).message).toMatch(message);
  };

  it('an unknown layer', () => refuses(edited((t) => { t.config.layers.splice(1, 0, { class_name: 'BatchNormalization', config: { name: 'bn' } }); }), /"BatchNormalization" layers are not supported/));
  it('an unknown activation', () => refuses(edited((t) => { t.config.layers[0].config.activation = 'elu'; }), /activation "elu" is not supported/));
  it('go_backwards', () => refuses(edited((t) => { t.config.layers[0].config.go_backwards = true; }), /go_backwards is not supported/));
  it('reset_after on a GRU', () => refuses(edited((t) => { t.config.layers[0].class_name = 'GRU'; t.config.layers[0].config.reset_after = true; }), /reset_after is not supported/));
  it('a weight of the wrong size', () => refuses(edited((t) => { t.config.layers[0].config.units = 31; }), /has \d+ values, expected/));
});

describe('the SIMD kernel', () => {
  it('is available in Node and computes z += xᵀ·W', async () => {
    const { simdGemv } = await import('./simd-gemv.ts');
    const m = simdGemv(256);
    expect(m).not.toBeNull();
    if (!m) return;
    const nIn = 5, nOut4 = 3, W = 64, X = 32;
    for (let i = 0; i < nIn * nOut4 * 4; i++) m.f32[W + i] = i * 0.5 - 3;
    for (let i = 0; i < nIn; i++) m.f32[X + i] = i + 1;
    for (let j = 0; j < 12; j++) m.f32[j] = j;
    m.gemv(0, W, X, nIn, nOut4);
    for (let j = 0; j < 12; j++) {
      let want = j;
      for (let i = 0; i < nIn; i++) want += (i + 1) * ((i * 12 + j) * 0.5 - 3);
      expect(m.f32[j]).toBeCloseTo(want, 4);
    }
    // gemv4: four windows' inputs XS floats apart, their outputs one after another.
    const XS = 40, G = 12, Z = 128, X4 = 256;
    for (let k = 0; k < 4; k++) for (let i = 0; i < nIn; i++) m.f32[X4 + k * XS + i] = (i + 1) * (k + 1);
    for (let j = 0; j < 4 * G; j++) m.f32[Z + j] = j;
    m.gemv4(Z, W, X4, XS, nIn, nOut4);
    for (let k = 0; k < 4; k++) {
      for (let j = 0; j < G; j++) {
        let want = k * G + j;
        for (let i = 0; i < nIn; i++) want += (i + 1) * (k + 1) * ((i * G + j) * 0.5 - 3);
        expect(m.f32[Z + k * G + j]).toBeCloseTo(want, 3);
      }
    }
  });
});
