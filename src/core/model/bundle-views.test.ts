import * as tf from '@tensorflow/tfjs';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { featureSpec, stepWidth } from '../features/feature-spec.ts';
import type { GroupKey } from '../features/group-key.ts';
import { buildModel } from './build-model.ts';
import { BUNDLE_FORMAT, BUNDLE_VERSION, exportBundle, importBundle, type Manifest } from './bundle.ts';
import { joinSharedBundle, joinViewBundles, readBundle, viewZip, VIEWS_BUNDLE_VERSION } from './bundle-views.ts';
import { DEFAULT_MODEL_CONFIG } from './model-config.ts';

const SPEC = featureSpec();
const W = stepWidth(SPEC);

function manifest(key: GroupKey, classes = ['benign', 'hping3']): Manifest {
  return {
    format: BUNDLE_FORMAT,
    formatVersion: BUNDLE_VERSION,
    createdAt: '2026-11-23T00:00:00.000Z',
    featureSpec: SPEC,
    normaliser: { mean: new Array<number>(W).fill(0), std: new Array<number>(W).fill(1) },
    window: { key, size: 4, stride: 1 },
    labelRule: 'last',
    classes,
    malicious: classes.map((_, i) => i > 0),
    vote: { k: 5, threshold: 0.5 },
    model: { ...DEFAULT_MODEL_CONFIG, units: 4 },
    training: { fingerprint: 'abc', fileName: 'x.csv', rows: 10, windows: 5, split: 'per-class', metrics: null },
  };
}

async function single(key: GroupKey, classes?: string[]): Promise<Uint8Array> {
  const m = manifest(key, classes);
  const model = buildModel(tf, m.model, 4, W, m.classes.length);
  const zip = await exportBundle(tf, model, m);
  model.dispose();
  return zip;
}

describe('bundles of views', () => {
  let pair: Uint8Array, dst: Uint8Array, src: Uint8Array;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    [pair, dst, src] = await Promise.all([single('pair'), single('dst'), single('src')]);
  });

  it('joins single-view bundles into one that reads back view by view, each view a loadable bundle', async () => {
    const joined = joinViewBundles([
      { name: 'pair', zip: pair },
      { name: 'src', zip: src },
      { name: 'dst', zip: dst },
    ]);
    const b = readBundle(joined);
    expect(b.formatVersion).toBe(VIEWS_BUNDLE_VERSION);
    expect(b.views.map((v) => [v.name, v.manifest.window.key])).toEqual([
      ['pair', 'pair'],
      ['src', 'src'],
      ['dst', 'dst'],
    ]);
    expect(b.layout).toBe('per-view');
    expect(b.classes).toEqual(['benign', 'hping3']);
    expect(b.vote).toEqual({ k: 5, threshold: 0.5 });
    // The dst view's model is the dst bundle's, byte for byte.
    expect(b.views[2].weights).toEqual(unzipSync(dst)['weights.bin']);
    expect(readBundle(viewZip(b.views[2])).views[0].manifest.window.key).toBe('dst');
  });

  it('reads a single-view (format 1) bundle as its one view', () => {
    const b = readBundle(pair);
    expect(b.formatVersion).toBe(1);
    expect(b.layout).toBeUndefined();
    expect(b.views.map((v) => v.name)).toEqual(['pair']);
  });

  it('refuses views that disagree, and says which', async () => {
    const other = await single('dst', ['benign', 'nmap']);
    expect(() =>
      joinViewBundles([
        { name: 'pair', zip: pair },
        { name: 'dst', zip: other },
      ]),
    ).toThrow(/view dst has classes benign, nmap/);
    expect(() =>
      joinViewBundles([
        { name: 'pair', zip: pair },
        { name: 'pair', zip: dst },
      ]),
    ).toThrow(/two views are named pair/);
    expect(() => joinViewBundles([{ name: 'Pair!', zip: pair }])).toThrow(/lower-case/);
  });

  it('says what is wrong with a broken bundle of views', () => {
    const files = unzipSync(
      joinViewBundles([
        { name: 'pair', zip: pair },
        { name: 'dst', zip: dst },
      ]),
    );
    const without = (name: string): Uint8Array =>
      zipSync(Object.fromEntries(Object.entries(files).filter(([k]) => k !== name)));
    expect(() => readBundle(without('views/dst/weights.bin'))).toThrow(/views\/dst\/weights.bin is missing/);
    const top = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as {
      views: { name: string; key: string }[];
      layout: string;
    };
    const edited = (f: (t: typeof top) => void): Uint8Array => {
      const t = structuredClone(top);
      f(t);
      return zipSync({ ...files, 'manifest.json': strToU8(JSON.stringify(t)) });
    };
    expect(() =>
      readBundle(
        edited((t) => {
          t.views[1].key = 'src';
        }),
      ),
    ).toThrow(/view dst says key src but its model was trained on windows by dst/);
    expect(() =>
      readBundle(
        edited((t) => {
          t.layout = 'mixed';
        }),
      ),
    ).toThrow(/layout "mixed" is not supported \(this workbench reads "per-view" and "shared"\)/);
    // A per-view bundle relabelled shared has no shared model to fold.
    expect(() =>
      readBundle(
        edited((t) => {
          t.layout = 'shared';
        }),
      ),
    ).toThrow(/view pair: not a model bundle: shared\/model.json is missing/);
    expect(() => readBundle(new Uint8Array([1, 2, 3]))).toThrow(/not a readable .zip/);
  });

  it('writes a shared model once and reads it back as one model per view (fold-view-input.test.ts checks the numbers)', async () => {
    const m = manifest('pair');
    const shared = buildModel(tf, m.model, 4, W + 2, m.classes.length);
    const f = unzipSync(await exportBundle(tf, shared, m));
    shared.dispose();
    const zip = joinSharedBundle({ modelJson: f['model.json'], weights: f['weights.bin'] }, [
      { name: 'pair', manifest: m },
      { name: 'dst', manifest: manifest('dst') },
    ]);
    const files = unzipSync(zip);
    expect(Object.keys(files).sort()).toEqual([
      'manifest.json',
      'shared/model.json',
      'shared/weights.bin',
      'views/dst/manifest.json',
      'views/pair/manifest.json',
    ]);
    const b = readBundle(zip);
    expect(b.layout).toBe('shared');
    expect(b.views.map((v) => [v.name, v.manifest.window.key])).toEqual([
      ['pair', 'pair'],
      ['dst', 'dst'],
    ]);
    // Each view loads as an ordinary single-view bundle.
    for (const v of b.views) expect((await importBundle(tf, viewZip(v))).model.inputs[0].shape).toEqual([null, 4, W]);
    expect(() =>
      readBundle(zipSync(Object.fromEntries(Object.entries(files).filter(([k]) => k !== 'shared/weights.bin')))),
    ).toThrow(/view pair: not a model bundle: shared\/weights.bin is missing/);
    expect(() =>
      joinSharedBundle({ modelJson: f['model.json'], weights: f['weights.bin'] }, [
        { name: 'pair', manifest: m },
        { name: 'pair', manifest: m },
      ]),
    ).toThrow(/two views are named pair/);
  });
});
