/**
 * A shared model folded into one view's model must give the shared model's probabilities for that view's
 * one-hot (within 1e-5), for every network build-model.ts makes, through tfjs and through the fast path,
 * with random weights everywhere (biases too, so no term hides behind zero).
 */
import * as tf from '@tensorflow/tfjs';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { featureSpec, stepWidth } from '../features/feature-spec.ts';
import type { GroupKey } from '../features/group-key.ts';
import { buildModel } from './build-model.ts';
import { BUNDLE_FORMAT, BUNDLE_VERSION, exportBundle, importBundle, type Manifest } from './bundle.ts';
import { joinSharedBundle, readBundle, viewZip } from './bundle-views.ts';
import { fastClassifier } from './fast-lstm.ts';
import { foldViewInput } from './fold-view-input.ts';
import { DEFAULT_MODEL_CONFIG, type ModelConfig } from './model-config.ts';
import { mulberry32 } from './prng.ts';

const SPEC = featureSpec();
const W = stepWidth(SPEC);
const STEPS = 6;
const VIEWS: { name: string; key: GroupKey }[] = [
  { name: 'pair', key: 'pair' },
  { name: 'src', key: 'src' },
  { name: 'dst', key: 'dst' },
];
const V = VIEWS.length;
const CLASSES = ['benign', 'hping3', 'nmap'];

function manifest(model: ModelConfig, key: GroupKey): Manifest {
  return {
    format: BUNDLE_FORMAT,
    formatVersion: BUNDLE_VERSION,
    createdAt: '2026-11-23T00:00:00.000Z',
    featureSpec: SPEC,
    normaliser: { mean: new Array<number>(W).fill(0), std: new Array<number>(W).fill(1) },
    window: { key, size: STEPS, stride: 1 },
    labelRule: 'last',
    classes: CLASSES,
    malicious: [false, true, true],
    vote: { k: 5, threshold: 0.5 },
    model,
    training: { fingerprint: 'abc', fileName: 'x.csv', rows: 10, windows: 5, split: 'per-class', metrics: null },
  };
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

/** The windows x (n × STEPS × W) with view v's one-hot after each step. */
function withOneHot(x: Float32Array, n: number, v: number): Float32Array {
  const out = new Float32Array(n * STEPS * (W + V));
  for (let i = 0; i < n * STEPS; i++) {
    out.set(x.subarray(i * W, (i + 1) * W), i * (W + V));
    out[i * (W + V) + W + v] = 1;
  }
  return out;
}

function maxDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

const KINDS: [string, Partial<ModelConfig>][] = [
  ['LSTM (default)', {}],
  ['stacked LSTM (2 × 9)', { layers: 2, units: 9 }],
  ['GRU (2 × 7)', { kind: 'gru', layers: 2, units: 7 }],
  ['dense (2 × 16)', { kind: 'dense', layers: 2, units: 16 }],
];

describe('folding the view input of a shared model', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it.each(KINDS)("%s: each view as its own model gives the shared model's probabilities", async (_name, over) => {
    const cfg: ModelConfig = { ...DEFAULT_MODEL_CONFIG, ...over };
    const shared = buildModel(tf, cfg, STEPS, W + V, CLASSES.length);
    randomise(shared, 5, 0.4);
    const files = unzipSync(await exportBundle(tf, shared, manifest(cfg, 'pair')));
    const zip = joinSharedBundle(
      { modelJson: files['model.json'], weights: files['weights.bin'] },
      VIEWS.map((v) => ({ name: v.name, manifest: manifest(cfg, v.key) })),
    );
    const b = readBundle(zip);
    expect(b.layout).toBe('shared');
    expect(b.views.map((v) => [v.name, v.manifest.window.key])).toEqual([
      ['pair', 'pair'],
      ['src', 'src'],
      ['dst', 'dst'],
    ]);
    const rand = mulberry32(9);
    const n = 37;
    const x = Float32Array.from({ length: n * STEPS * W }, () => (rand() * 2 - 1) * 3);
    for (const [v, view] of b.views.entries()) {
      const want = (
        shared.predict(tf.tensor3d(withOneHot(x, n, v), [n, STEPS, W + V])) as tf.Tensor
      ).dataSync() as Float32Array;
      const { model } = await importBundle(tf, viewZip(view));
      const got = (model.predict(tf.tensor3d(x, [n, STEPS, W])) as tf.Tensor).dataSync() as Float32Array;
      expect(maxDiff(got, want)).toBeLessThan(1e-5);
      model.dispose();
      const fast = fastClassifier(view.manifest, JSON.parse(new TextDecoder().decode(view.modelJson)), view.weights);
      expect(maxDiff(await fast.predict(x, n), want)).toBeLessThan(1e-5);
    }
    shared.dispose();
  });

  it('refuses what it cannot fold, and a shared model that does not match the manifests', async () => {
    const cfg: ModelConfig = { ...DEFAULT_MODEL_CONFIG, units: 4 };
    const odd = tf.sequential();
    odd.add(tf.layers.conv1d({ filters: 2, kernelSize: 2, inputShape: [STEPS, W + V] }));
    odd.add(tf.layers.flatten());
    odd.add(tf.layers.dense({ units: 3, activation: 'softmax' }));
    const f = unzipSync(await exportBundle(tf, odd, manifest(cfg, 'pair')));
    expect(() => foldViewInput(f['model.json'], f['weights.bin'], 0, V)).toThrow(/Conv1D.*cannot be folded/);
    odd.dispose();
    const narrow = buildModel(tf, cfg, STEPS, W, CLASSES.length); // no view columns
    const g = unzipSync(await exportBundle(tf, narrow, manifest(cfg, 'pair')));
    expect(() =>
      joinSharedBundle(
        { modelJson: g['model.json'], weights: g['weights.bin'] },
        VIEWS.map((v) => ({ name: v.name, manifest: manifest(cfg, v.key) })),
      ),
    ).toThrow(/view pair: the shared model takes \[6, \d+ \+ 3 views\] but its manifest says windows of 6 × \d+/);
    expect(() => foldViewInput(g['model.json'], g['weights.bin'].subarray(4), 0, V)).toThrow(/weights.bin has/);
    narrow.dispose();
  });
});
