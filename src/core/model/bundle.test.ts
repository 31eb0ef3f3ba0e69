import * as tf from '@tensorflow/tfjs';
import { strToU8, unzipSync, zipSync, strFromU8 } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { featureSpec, stepWidth } from '../features/feature-spec.ts';
import { buildModel } from './build-model.ts';
import { BUNDLE_FORMAT, BUNDLE_VERSION, BundleError, exportBundle, importBundle, type Manifest } from './bundle.ts';
import { DEFAULT_MODEL_CONFIG } from './model-config.ts';

const SPEC = featureSpec();
const WIDTH = stepWidth(SPEC);
const STEPS = 6;
const CLASSES = ['benign', 'hping3', 'nmap'];

function manifest(over: Partial<Manifest> = {}): Manifest {
  return {
    format: BUNDLE_FORMAT,
    formatVersion: BUNDLE_VERSION,
    createdAt: '2026-11-23T00:00:00.000Z',
    featureSpec: SPEC,
    normaliser: { mean: new Array<number>(WIDTH).fill(0.5), std: new Array<number>(WIDTH).fill(2) },
    window: { key: 'pair', size: STEPS, stride: 1 },
    labelRule: 'last',
    classes: CLASSES,
    malicious: [false, true, true],
    vote: { k: 5, threshold: 0.5 },
    model: { ...DEFAULT_MODEL_CONFIG, units: 4 },
    training: { fingerprint: 'abc', fileName: 'x.csv', rows: 10, windows: 5, split: 'per-class', metrics: null },
    ...over,
  };
}

/** Rewrites one file of a bundle. */
function patched(zip: Uint8Array, name: string, edit: (text: string) => string): Uint8Array {
  const files = unzipSync(zip);
  files[name] = strToU8(edit(strFromU8(files[name])));
  return zipSync(files);
}

describe('model bundle', () => {
  let zip: Uint8Array;
  let model: tf.LayersModel;
  const x = tf.randomUniform([7, STEPS, WIDTH], -1, 1, 'float32', 3);
  beforeAll(async () => {
    await tf.setBackend('cpu');
    model = buildModel(tf, { ...DEFAULT_MODEL_CONFIG, units: 4 }, STEPS, WIDTH, CLASSES.length);
    zip = await exportBundle(tf, model, manifest());
  });

  it('round-trips: same manifest, same predictions', async () => {
    const back = await importBundle(tf, zip);
    expect(back.manifest).toEqual(manifest());
    const a = (model.predict(x) as tf.Tensor).dataSync();
    const b = (back.model.predict(x) as tf.Tensor).dataSync();
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(Object.keys(unzipSync(zip)).sort()).toEqual(['manifest.json', 'model.json', 'weights.bin']);
  });

  const rejects = async (bytes: Uint8Array, message: RegExp): Promise<void> => {
    const err = await importBundle(tf, bytes).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(BundleError);
    expect((err as Error).message).toMatch(message);
  };

  it('rejects a file that is not a zip', () =>
    rejects(strToU8('frame.number,frame.len\n1,60\n'), /not a readable \.zip/));

  it('rejects a zip without a manifest', () => {
    const files = unzipSync(zip);
    delete files['manifest.json'];
    return rejects(zipSync(files), /manifest\.json is missing/);
  });

  it('rejects another format or version', async () => {
    await rejects(
      patched(zip, 'manifest.json', (t) => t.replace(BUNDLE_FORMAT, 'other.model')),
      /format is "other\.model"/,
    );
    await rejects(
      patched(zip, 'manifest.json', (t) => t.replace('"formatVersion": 1', '"formatVersion": 99')),
      /format version 99 is not supported/,
    );
  });

  it('rejects a feature spec this code does not compute', async () => {
    await rejects(
      patched(zip, 'manifest.json', (t) => t.replace('"log_frame_len"', '"frame_len"')),
      /features .* are not the ones this workbench computes/,
    );
    await rejects(
      patched(zip, 'manifest.json', (t) => t.replace(/"version": \d+,/, '"version": 7,')),
      /spec version 7/,
    );
  });

  it('rejects a window shape the model does not take', () =>
    rejects(
      patched(zip, 'manifest.json', (t) => t.replace(/"size": 6/, '"size": 8')),
      new RegExp(`takes input \\[6, ${WIDTH}\\] but the manifest says windows of 8 steps`),
    ));

  it('rejects a class count that does not match the outputs', async () => {
    const m = manifest({ classes: ['benign', 'hping3'], malicious: [false, true] });
    await rejects(await exportBundle(tf, model, m), /3 outputs but the manifest lists 2 classes/);
  });

  it('rejects badly typed fields, naming them', async () => {
    await rejects(
      patched(zip, 'manifest.json', (t) => t.replace('"labelRule": "last"', '"labelRule": 3')),
      /labelRule/,
    );
    await rejects(
      patched(zip, 'manifest.json', (t) => t.replace('"k": 5', '"k": "5"')),
      /vote/,
    );
    await rejects(
      patched(zip, 'manifest.json', (t) => JSON.stringify({ ...JSON.parse(t), malicious: [true] })),
      /malicious must be 3 booleans/,
    );
    await rejects(
      patched(zip, 'manifest.json', (t) => JSON.stringify({ ...JSON.parse(t), normaliser: { mean: [1], std: [1] } })),
      /normaliser has 1 means/,
    );
    await rejects(
      patched(zip, 'manifest.json', () => '{not json'),
      /manifest\.json is not valid JSON/,
    );
  });
});
