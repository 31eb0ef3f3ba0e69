import type { LayersModel } from '@tensorflow/tfjs';
/**
 * The shared layout on a small synthetic capture (benign traffic between two hosts, a SYN flood from a third):
 * one model for every view, trained on the same row split as the per-view layout, and a bundle whose views,
 * folded when read, give the probabilities training measured.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEST } from '../features/splits.ts';
import { floodRequest } from './test-capture.ts';
import { importBundle } from './bundle.ts';
import { readBundle, viewZip } from './bundle-views.ts';
import { DEFAULT_MODEL_CONFIG } from './model-config.ts';
import { predictWindows } from './predict.ts';
import { disposeViews, exportViewsBundle, trainViews, type ViewsTrainRequest } from './train-views.ts';

describe('the shared layout', () => {
  let req: ViewsTrainRequest;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    req = floodRequest({ ...DEFAULT_MODEL_CONFIG, units: 6, epochs: 3, maxPerClass: 150, batchSize: 64 });
  });

  it("trains one model on every view's windows, on the per-view layout's split, and exports a bundle that gives the same probabilities", async () => {
    const shared = await trainViews(tf, { ...req, layout: 'shared' });
    const perView = await trainViews(tf, { ...req, layout: 'per-view', config: { ...req.config, epochs: 1 } });
    try {
      expect(shared.layout).toBe('shared');
      expect(shared.views.map((v) => v.view.name)).toEqual(['pair', 'src', 'dst']);
      expect(new Set(shared.views.map((v) => v.result.model)).size).toBe(1);
      // The one model takes the spec's features and one column per view.
      const inShape = (shared.views[0].result.model as LayersModel).inputs[0].shape;
      expect(inShape.slice(1)).toEqual([5, shared.views[0].result.prepared.builder.width + 3]);
      // Same rows, same windows: the two layouts are measured on the same test windows of each view.
      expect(Array.from(shared.rowParts)).toEqual(Array.from(perView.rowParts));
      expect(shared.rowParts.includes(TEST)).toBe(true);
      for (let v = 0; v < 3; v++) {
        expect(Array.from(shared.views[v].result.test.windows)).toEqual(
          Array.from(perView.views[v].result.test.windows),
        );
        expect(shared.views[v].result.test.probs.length).toBe(shared.views[v].result.test.windows.length * 2);
      }
      expect(shared.report.perClass[1].support).toBeGreaterThan(0);
      expect(shared.alerts.episodes.length).toBe(perView.alerts.episodes.length);
      // A flood this plain is learnt in three epochs.
      expect(shared.report.macroF1).toBeGreaterThan(0.8);

      const zip = await exportViewsBundle(tf, shared);
      const b = readBundle(zip);
      expect(b.layout).toBe('shared');
      expect(b.views.map((v) => v.manifest.window.key)).toEqual(['pair', 'src', 'dst']);
      for (const [v, view] of b.views.entries()) {
        const r = shared.views[v].result;
        const { model, manifest } = await importBundle(tf, viewZip(view));
        const probs = await predictWindows(tf, model, r.prepared.builder, manifest.normaliser, r.test.windows);
        model.dispose();
        let diff = 0;
        for (let i = 0; i < probs.length; i++) diff = Math.max(diff, Math.abs(probs[i] - r.test.probs[i]));
        expect(diff).toBeLessThan(1e-5);
      }
    } finally {
      disposeViews(shared);
      disposeViews(perView);
    }
  }, 120_000);

  it('refuses a layout it does not know', async () => {
    await expect(trainViews(tf, { ...req, layout: 'mixed' as never })).rejects.toThrow(
      /layout must be one of per-view, shared \(got "mixed"\)/,
    );
  });
});
