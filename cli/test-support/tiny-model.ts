/**
 * A small untrained model bundle (one pair view, two classes, vote K=5), made in a second with tfjs' cpu
 * backend: for tests of the CLIs' plumbing and failures, which need a bundle the sensor loads, not a good one
 * (default-model.ts trains that, in minutes).
 */
import * as tf from '@tensorflow/tfjs';
import { writeFileSync } from 'node:fs';
import { featureSpec, stepWidth } from '../../src/core/features/feature-spec.ts';
import { buildModel } from '../../src/core/model/build-model.ts';
import { BUNDLE_FORMAT, BUNDLE_VERSION, exportBundle, type Manifest } from '../../src/core/model/bundle.ts';
import { DEFAULT_MODEL_CONFIG } from '../../src/core/model/model-config.ts';

/** Writes the bundle to `path`. */
export async function writeTinyModel(path: string): Promise<void> {
  await tf.setBackend('cpu');
  const spec = featureSpec();
  const width = stepWidth(spec);
  const classes = ['benign', 'hping3'];
  const m: Manifest = {
    format: BUNDLE_FORMAT,
    formatVersion: BUNDLE_VERSION,
    createdAt: '2026-01-01T00:00:00.000Z',
    featureSpec: spec,
    normaliser: { mean: new Array<number>(width).fill(0), std: new Array<number>(width).fill(1) },
    window: { key: 'pair', size: 5, stride: 1 },
    labelRule: 'last',
    classes,
    malicious: [false, true],
    vote: { k: 5, threshold: 0.5 },
    model: { ...DEFAULT_MODEL_CONFIG, units: 4 },
    training: { fingerprint: 'tiny', fileName: 'none.csv', rows: 0, windows: 0, split: 'per-class', metrics: null },
  };
  const model = buildModel(tf, m.model, 5, width, classes.length);
  writeFileSync(path, await exportBundle(tf, model, m));
  model.dispose();
}
