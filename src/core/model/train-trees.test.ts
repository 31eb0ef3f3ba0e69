/**
 * The trees through the whole path on a small synthetic capture: trained per view by trainViews (progress a
 * round at a time, Stop heard between rounds), exported as trees.json in the bundle, read back by the same
 * reader, and run by the sensor's classifier (rows read in place) to the probabilities training measured.
 */
import * as tf from '@tensorflow/tfjs';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { fastClassifierOf } from '../sensor/bundle-model.ts';
import { windowsAsRows } from '../sensor/window-inputs.ts';
import { BundleError, importModel } from './bundle.ts';
import { readBundle, viewZip } from './bundle-views.ts';
import { DEFAULT_GBDT_CONFIG } from './model-config.ts';
import { predictWindows } from './predict.ts';
import { floodRequest } from './test-capture.ts';
import type { TrainProgress } from './train-loop.ts';
import { DEFAULT_VIEWS, exportViewsBundle, trainViews, type ViewsTrainRequest } from './train-views.ts';
import { isTreesModel } from './tree-model.ts';

describe('trees trained per view', () => {
  let req: ViewsTrainRequest;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    req = { ...floodRequest({ ...DEFAULT_GBDT_CONFIG, epochs: 30, maxPerClass: 400 }), floodVariants: false };
  });

  it('learn the flood, and the bundle runs on the sensor as training measured', async () => {
    const rounds: TrainProgress[] = [];
    const trained = await trainViews(tf, req, { onEpoch: (p) => rounds.push(p) });
    expect(trained.layout).toBe('per-view');
    expect(rounds.length).toBeGreaterThan(3);
    expect(rounds[0]).toMatchObject({ epoch: 1, epochs: 30, batch: 1, batches: 1 });
    expect(rounds.at(-1)?.valLoss).toBeLessThan(rounds[0].valLoss ?? 0);
    // Per class validation recall, as the networks give it for the live curves.
    expect(rounds.at(-1)?.valRecall).toHaveLength(2);
    expect(rounds.at(-1)?.valRecall?.[1]).toBeGreaterThan(0.9);
    expect(trained.report.macroF1).toBeGreaterThan(0.9);
    for (const v of trained.views) {
      expect(isTreesModel(v.result.model)).toBe(true);
      expect(v.result.manifest.model.kind).toBe('gbdt');
      expect(v.result.manifest.training.seconds).toBeGreaterThanOrEqual(0);
    }

    const zip = await exportViewsBundle(tf, trained);
    const names = Object.keys(unzipSync(zip));
    expect(names).toContain('views/pair/trees.json');
    expect(names.some((n) => n.endsWith('weights.bin'))).toBe(false);
    const b = readBundle(zip);
    for (const [v, view] of b.views.entries()) {
      const r = trained.views[v].result;
      const { model, manifest } = await importModel(tf, viewZip(view));
      expect(await predictWindows(tf, model, r.prepared.builder, manifest.normaliser, r.test.windows)).toEqual(
        r.test.probs,
      );
      // The sensor's path: the kernel, reading the windows as rows, gives the same probabilities.
      const c = fastClassifierOf(view);
      expect(c.kernel).toBe('simd');
      const { builder } = r.prepared;
      const per = builder.steps * builder.width;
      const x = builder.fill(r.test.windows, new Float32Array(r.test.windows.length * per), manifest.normaliser);
      const fast = await c.classify?.(windowsAsRows(x, r.test.windows.length, builder.steps, builder.width));
      expect(fast?.length).toBe(r.test.probs.length);
      for (let i = 0; i < r.test.probs.length; i++) expect(fast?.[i]).toBeCloseTo(r.test.probs[i], 5);
    }
  });

  it('stop between rounds, keeping the rounds done', async () => {
    let rounds = 0;
    const trained = await trainViews(
      tf,
      { ...req, views: [DEFAULT_VIEWS[0]] },
      { onEpoch: () => rounds++, shouldStop: () => rounds >= 2 },
    );
    expect(trained.views[0].result.outcome.ended).toBe('stopped');
    expect(trained.views[0].result.outcome.history.length).toBe(2);
  });

  it('refuse the shared layout, and a trees.json that does not fit the manifest', async () => {
    await expect(trainViews(tf, { ...req, layout: 'shared' })).rejects.toThrow(/trees are trained one model per view/);
    const trained = await trainViews(tf, { ...req, views: [DEFAULT_VIEWS[0]], config: { ...req.config, epochs: 2 } });
    const files = unzipSync(await exportViewsBundle(tf, trained));
    const trees = JSON.parse(new TextDecoder().decode(files['views/pair/trees.json']));
    trees.features = 9999;
    files['views/pair/trees.json'] = strToU8(JSON.stringify(trees));
    expect(() => readBundle(zipSync(files))).toThrow(BundleError);
    expect(() => readBundle(zipSync(files))).toThrow(
      /view pair: trees.json: the trees read windows of 9999 values but the manifest says 5 steps × \d+ features/,
    );
  });
});
