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
import { lstmKernels } from './lstm-kernels-module.ts';
import { DEFAULT_MODEL_CONFIG, type ModelConfig } from './model-config.ts';
import { mulberry32 } from './prng.ts';
import { classifyWindows } from '../sensor/classifier.ts';
import { denseWindows, type WindowInputs } from '../sensor/window-inputs.ts';

const SPEC = featureSpec();
const WIDTH = stepWidth(SPEC);
const STEPS = 10;
const CLASSES = ['benign', 'hping3', 'nmap'];

function manifest(model: ModelConfig): Manifest {
  return {
    format: BUNDLE_FORMAT,
    formatVersion: BUNDLE_VERSION,
    createdAt: '2026-11-23T00:00:00.000Z',
    featureSpec: SPEC,
    normaliser: { mean: new Array<number>(WIDTH).fill(0), std: new Array<number>(WIDTH).fill(1) },
    window: { key: 'pair', size: STEPS, stride: 1 },
    labelRule: 'last',
    classes: CLASSES,
    malicious: [false, true, true],
    vote: { k: 5, threshold: 0.5 },
    model,
    training: { fingerprint: 'abc', fileName: 'x.csv', rows: 10, windows: 5, split: 'per-class', metrics: null },
  };
}

/** The first `lines` packets of the shipped lab-a capture. */
function labASlice(lines: number): string {
  const text = gunzipSync(
    readFileSync(join(import.meta.dirname, '..', '..', '..', 'public', 'samples', 'lab-a', 'packets.csv.gz')),
  ).toString('utf8');
  let at = 0;
  for (let i = 0; i <= lines && at >= 0; i++) at = text.indexOf('\n', at + 1);
  return text.slice(0, at < 0 ? text.length : at + 1);
}

function randomise(model: tf.LayersModel, seed: number, scale: number): void {
  const rand = mulberry32(seed);
  model.setWeights(
    model.getWeights().map((w) =>
      tf.tensor(
        Float32Array.from({ length: w.size }, () => (rand() * 2 - 1) * scale),
        w.shape,
      ),
    ),
  );
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
  ['stacked LSTM (2 × 16 units: the batched kernels layer on layer)', { layers: 2, units: 16 }],
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
    const p = prepareWindows(
      table,
      new Uint8Array(table.rowCount),
      SPEC,
      { key: 'pair', size: STEPS, stride: 1 },
      'last',
    );
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
      // The batched SIMD kernels take LSTMs of the default cell with units in eights; the rest stays in JS.
      expect(fast.kernel).toBe(simd && cfg.kind === 'lstm' && cfg.units % 8 === 0 ? 'simd' : 'js');
      for (const [input, n] of [
        [x, nRand],
        [real, nReal],
      ] as const) {
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
    const fast = fastClassifierFromBundle(
      await exportBundle(tf, model, manifest({ ...DEFAULT_MODEL_CONFIG, units: 6 })),
    );
    const want = (model.predict(tf.tensor3d(real, [nReal, STEPS, WIDTH])) as tf.Tensor).dataSync() as Float32Array;
    expect(maxDiff(await fast.predict(real, nReal), want)).toBeLessThan(1e-5);
  });

  it('classifies windows given as distinct rows (as the sensor cuts them) as tfjs does the dense windows', async () => {
    const model = buildModel(tf, DEFAULT_MODEL_CONFIG, STEPS, WIDTH, CLASSES.length);
    randomise(model, 13, 0.4);
    const fast = fastClassifierFromBundle(await exportBundle(tf, model, manifest(DEFAULT_MODEL_CONFIG)));
    const inputs = asRows(real, nReal, SPEC.perWindow.length);
    expect(inputs.rowCount, 'overlapping windows share rows').toBeLessThan((nReal * STEPS) / 2);
    expect(Array.from(denseWindows(inputs))).toEqual(Array.from(real));
    const want = (model.predict(tf.tensor3d(real, [nReal, STEPS, WIDTH])) as tf.Tensor).dataSync() as Float32Array;
    expect(maxDiff(await classifyWindows(fast, inputs), want)).toBeLessThan(1e-5);
    model.dispose();
  });
});

/** Dense windows as WindowInputs: each distinct step row once, each window's tail (the same at every step) once. */
function asRows(x: Float32Array, n: number, tail: number): WindowInputs {
  const P = WIDTH - tail;
  const seen = new Map<string, number>();
  const rows: number[] = [];
  const rowIndex = new Int32Array(n * STEPS);
  const tails = new Float32Array(n * tail);
  for (let j = 0; j < n; j++) {
    for (let t = 0; t < STEPS; t++) {
      const at = (j * STEPS + t) * WIDTH;
      const row = Array.from(x.subarray(at, at + P));
      const key = row.join(',');
      let r = seen.get(key);
      if (r === undefined) {
        r = seen.size;
        seen.set(key, r);
        rows.push(...row);
      }
      rowIndex[j * STEPS + t] = r;
    }
    tails.set(x.subarray(j * STEPS * WIDTH + P, j * STEPS * WIDTH + WIDTH), j * tail);
  }
  return {
    n,
    steps: STEPS,
    rowWidth: P,
    tailWidth: tail,
    rows: Float32Array.from(rows),
    rowCount: seen.size,
    rowIndex,
    tails,
  };
}

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
    const b = await fastClassifier(
      manifest(cfg),
      JSON.parse(strFromU8(files['model.json'])),
      files['weights.bin'],
    ).predict(x, 9);
    expect(Array.from(b)).toEqual(Array.from(a));
  });
});

describe('fastClassifier refuses what it does not know', () => {
  let zip: Uint8Array;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    zip = await exportBundle(tf, buildModel(tf, DEFAULT_MODEL_CONFIG, STEPS, WIDTH, 3), manifest(DEFAULT_MODEL_CONFIG));
  });

  const edited = (
    edit: (topology: { config: { layers: { class_name: string; config: Record<string, unknown> }[] } }) => void,
  ): Uint8Array => {
    const files = unzipSync(zip);
    const json = JSON.parse(strFromU8(files['model.json'])) as { modelTopology: Parameters<typeof edit>[0] };
    edit(json.modelTopology);
    files['model.json'] = strToU8(JSON.stringify(json));
    return zipSync(files);
  };
  const refuses = (bytes: Uint8Array, message: RegExp): void => {
    const err = (() => {
      try {
        fastClassifierFromBundle(bytes);
        return null;
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(BundleError);
    expect((err as Error).message).toMatch(message);
  };

  it('an unknown layer', () =>
    refuses(
      edited((t) => {
        t.config.layers.splice(1, 0, { class_name: 'BatchNormalization', config: { name: 'bn' } });
      }),
      /"BatchNormalization" layers are not supported/,
    ));
  it('an unknown activation', () =>
    refuses(
      edited((t) => {
        t.config.layers[0].config.activation = 'elu';
      }),
      /activation "elu" is not supported/,
    ));
  it('go_backwards', () =>
    refuses(
      edited((t) => {
        t.config.layers[0].config.go_backwards = true;
      }),
      /go_backwards is not supported/,
    ));
  it('reset_after on a GRU', () =>
    refuses(
      edited((t) => {
        t.config.layers[0].class_name = 'GRU';
        t.config.layers[0].config.reset_after = true;
      }),
      /reset_after is not supported/,
    ));
  it('a weight of the wrong size', () =>
    refuses(
      edited((t) => {
        t.config.layers[0].config.units = 31;
      }),
      /has \d+ values, expected/,
    ));
});

describe('the WebAssembly kernels (kernels/lstm.wat)', () => {
  const k = lstmKernels();

  it('load in Node (which has WebAssembly SIMD)', () => expect(k).not.toBeNull());

  it('gemm: C += A · B over 4-row tiles and 8-column panels, with row strides', () => {
    if (!k) return;
    const rand = mulberry32(4);
    const m = 8,
      kk = 5,
      gv = 4,
      lda = 7,
      ldb = 24,
      ldc = 20; // strides in floats, wider than the rows
    const A = 0,
      B = 256,
      C = 512;
    k.ensure(4096 * 4);
    for (let i = 0; i < m * lda; i++) k.f32[A + i] = rand() * 2 - 1;
    for (let i = 0; i < kk * ldb; i++) k.f32[B + i] = rand() * 2 - 1;
    for (let i = 0; i < m * ldc; i++) k.f32[C + i] = i;
    const before = k.f32.slice(C, C + m * ldc);
    k.gemm(C * 4, ldc * 4, A * 4, lda * 4, B * 4, ldb * 4, m, kk, gv);
    for (let r = 0; r < m; r++) {
      for (let col = 0; col < ldc; col++) {
        let want = before[r * ldc + col];
        // In float32, in the kernel's order: exactly its result.
        if (col < 4 * gv)
          for (let p = 0; p < kk; p++)
            want = Math.fround(want + Math.fround(k.f32[A + r * lda + p] * k.f32[B + p * ldb + col]));
        expect(k.f32[C + r * ldc + col], `row ${r}, column ${col}`).toBe(want);
      }
    }
  });

  it("gather: each window its tail plus its row's projection, gate by gate into gate-major blocks", () => {
    if (!k) return;
    const Z = 0,
      BLOCK = 40,
      T = 256,
      P = 512,
      I = 1024,
      U = 4; // rows of 4 gates × 4 units; blocks of 40 floats
    for (let i = 0; i < 3 * 16; i++) {
      k.f32[T + i] = i;
      k.f32[P + i] = 100 * i;
    }
    [2, 0, 1].forEach((r, j) => {
      k.i32[I + 2 * j] = r;
    }); // idx stride: 2 ints
    k.gather(Z * 4, BLOCK * 4, T * 4, P * 4, I * 4, 8, 3, U);
    [2, 0, 1].forEach((r, j) => {
      for (let q = 0; q < 4; q++) {
        for (let u = 0; u < U; u++)
          expect(k.f32[Z + q * BLOCK + j * U + u]).toBe(j * 16 + q * U + u + 100 * (r * 16 + q * U + u));
      }
    });
  });

  it("gates: tfjs's default cell (hard_sigmoid, tanh) within float32 rounding", () => {
    if (!k) return;
    const U = 8,
      m = 3,
      Z = 0,
      BLOCK = 32,
      C = 256,
      H = 512,
      OUT = 768; // gate blocks of 32 floats (m × U = 24 used)
    const rand = mulberry32(9);
    for (let i = 0; i < 4 * BLOCK; i++) k.f32[Z + i] = (rand() * 2 - 1) * 12;
    for (let i = 0; i < m * U; i++) k.f32[C + i] = rand() * 2 - 1;
    const z = k.f32.slice(Z, Z + 4 * BLOCK),
      c = k.f32.slice(C, C + m * U);
    k.gates(Z * 4, BLOCK * 4, C * 4, H * 4, OUT * 4, 2 * U * 4, m, U);
    const hs = (v: number): number => Math.min(1, Math.max(0, 0.2 * v + 0.5));
    for (let j = 0; j < m; j++) {
      for (let u = 0; u < U; u++) {
        const g = (q: number): number => z[q * BLOCK + j * U + u];
        const cc = hs(g(1)) * c[j * U + u] + hs(g(0)) * Math.tanh(g(2));
        const h = hs(g(3)) * Math.tanh(cc);
        expect(k.f32[C + j * U + u]).toBeCloseTo(cc, 6);
        expect(k.f32[H + j * U + u]).toBeCloseTo(h, 6);
        expect(k.f32[OUT + j * 2 * U + u]).toBe(k.f32[H + j * U + u]);
      }
    }
  });
});
