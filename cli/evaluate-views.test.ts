/**
 * `npm run evaluate` on a bundle of views: the top level is the combined detector, `views` each view, with
 * the same fields; a single-view bundle reads as one view. Small untrained models: this checks the plumbing
 * and the combination, not a model's quality (bench and train-evaluate tests do that).
 */
import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { featureSpec, stepWidth } from '../src/core/features/feature-spec.ts';
import type { GroupKey } from '../src/core/features/group-key.ts';
import { buildModel } from '../src/core/model/build-model.ts';
import { BUNDLE_FORMAT, BUNDLE_VERSION, exportBundle, type Manifest } from '../src/core/model/bundle.ts';
import { joinViewBundles } from '../src/core/model/bundle-views.ts';
import { DEFAULT_MODEL_CONFIG } from '../src/core/model/model-config.ts';
import { runEvaluate } from './lib/run-evaluate.ts';

const DATA = 'fixtures/rand-source/lab-a-syn-rand-source.csv.gz';
const CLASSES = ['benign', 'hping3', 'hydra', 'nmap', 'ping'];
const SPEC = featureSpec();
const W = stepWidth(SPEC);

async function single(key: GroupKey): Promise<Uint8Array> {
  const m: Manifest = {
    format: BUNDLE_FORMAT,
    formatVersion: BUNDLE_VERSION,
    createdAt: '2026-11-23T00:00:00.000Z',
    featureSpec: SPEC,
    normaliser: { mean: new Array<number>(W).fill(0), std: new Array<number>(W).fill(1) },
    window: { key, size: 5, stride: 1 },
    labelRule: 'last',
    classes: CLASSES,
    malicious: CLASSES.map((_, i) => i > 0),
    vote: { k: 5, threshold: 0.5 },
    model: { ...DEFAULT_MODEL_CONFIG, units: 4 },
    training: { fingerprint: 'abc', fileName: 'x.csv', rows: 10, windows: 5, split: 'per-class', metrics: null },
  };
  const model = buildModel(tf, m.model, 5, W, CLASSES.length);
  const zip = await exportBundle(tf, model, m);
  model.dispose();
  return zip;
}

type Json = Record<string, unknown> & { views: Record<string, Record<string, unknown>> };

describe('evaluate with views', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nids-views-'));
  const one = join(dir, 'pair.zip');
  const three = join(dir, 'views.zip');
  beforeAll(async () => {
    await tf.setBackend('cpu');
    const [pair, src, dst] = await Promise.all((['pair', 'src', 'dst'] as const).map(single));
    writeFileSync(one, pair);
    writeFileSync(
      three,
      joinViewBundles([
        { name: 'pair', zip: pair },
        { name: 'src', zip: src },
        { name: 'dst', zip: dst },
      ]),
    );
  }, 60_000);

  // Window metrics, then what the sensor wrote (its alert records, scored against the episodes).
  const FIELDS = [
    'macro_f1',
    'per_class',
    'confusion',
    'windows',
    'alerts',
    'episodes',
    'false_alerts',
    'false_alerts_per_hour',
    'benign_hours',
  ];

  it('prints the combined detector at the top and each view under views, with the same fields', async () => {
    const r = await runEvaluate(['--model', three, '--data', DATA, '--label-column', 'attack']);
    expect(r.errors).toEqual([]);
    const out = JSON.parse(r.lines[0]) as Json;
    expect(Object.keys(out.views)).toEqual(['pair', 'src', 'dst']);
    for (const f of FIELDS) expect(out).toHaveProperty(f);
    for (const v of Object.values(out.views)) expect(Object.keys(v)).toEqual(FIELDS);
    expect(out.windows).toBe(Object.values(out.views).reduce((s, v) => s + (v.windows as number), 0));
    // A random-source flood: nearly every pair and source group is one packet, the destination view has them all.
    expect(out.views.dst.windows as number).toBeGreaterThan((10 * (out.views.pair.windows as number)) / 2);
  }, 120_000);

  it('reads a single-view bundle as its one view: the combined result is that view', async () => {
    const r = await runEvaluate(['--model', one, '--data', DATA, '--label-column', 'attack']);
    expect(r.errors).toEqual([]);
    const out = JSON.parse(r.lines[0]) as Json;
    expect(Object.keys(out.views)).toEqual(['pair']);
    for (const f of FIELDS) expect(out[f]).toEqual(out.views.pair[f]);
  }, 120_000);
});
