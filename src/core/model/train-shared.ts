/**
 * The shared layout of a detector of views (issue 8): ONE model trained on the windows of every view pooled,
 * the view given as an input (a one-hot after each step's features, src/core/features/view-input.ts).
 *
 * Everything else is as in the per-view layout, so the two can be compared on the same test rows: the same
 * row split (each view's windows take their rows' part), the same per-view windows, labels and stretches.
 * What a view would get on its own is kept per view: the per-epoch cap is per class AND per view (cap × views
 * in all, the windows the per-view layout draws across its models), and with balanceRuns every (stretch, view)
 * gets an equal share, so a view with more windows (destination groups during a sweep) does not crowd the
 * others out of an epoch.
 */
import { featureSpec } from '../features/feature-spec.ts';
import { labelRuns, STRETCH_GAP_US } from '../features/label-runs.ts';
import { prepareWindows, type PreparedWindows } from '../features/prepare.ts';
import { fitNormaliser } from '../features/samples.ts';
import { TEST, TRAIN, VALIDATION } from '../features/splits.ts';
import { ViewInputBuilder, withViewColumns } from '../features/view-input.ts';
import { buildModel, type Tf } from './build-model.ts';
import {
  BENIGN_CLASS,
  checkTrainRequest,
  indicesWhere,
  NORMALISER_PER_CLASS,
  splitFromRowParts,
  testFigures,
  trainedManifest,
  type TrainResult,
} from './pipeline.ts';
import { predictWindows } from './predict.ts';
import { byClassInTime, drawEven } from './sampling.ts';
import { trainModel } from './train-loop.ts';
import type { ViewSpec, ViewsTrainHooks, ViewsTrainRequest } from './train-views.ts';

/**
 * Trains the one model on `rowParts`; per view its TrainResult (its own windows, test predictions, report,
 * alerts and the manifest of the view's model once the one-hot is folded away), all sharing `model`.
 */
export async function trainSharedViews(
  tf: Tf,
  req: ViewsTrainRequest,
  rowParts: Uint8Array,
  hooks: ViewsTrainHooks = {},
): Promise<{ view: ViewSpec; result: TrainResult }[]> {
  checkTrainRequest(req);
  const C = req.classes.length;
  const V = req.views.length;
  const spec = featureSpec(req.portServices ?? false);
  const prepared: PreparedWindows[] = [];
  const splits: ReturnType<typeof splitFromRowParts>[] = [];
  for (const [i, view] of req.views.entries()) {
    hooks.onView?.(i, view);
    const p = prepareWindows(
      req.table,
      req.rowLabels,
      spec,
      { key: view.key, size: req.size, stride: req.stride },
      req.labelRule,
    );
    const s = splitFromRowParts(p, rowParts, C);
    hooks.onSplit?.(s, view);
    prepared.push(p);
    splits.push(s);
  }
  const builder = new ViewInputBuilder(prepared, spec);
  const N = builder.count;
  const labels = new Uint8Array(N);
  const endUs = new Float64Array(N);
  const runs = new Int32Array(N);
  const part = new Uint8Array(N);
  const stretchRows = labelRuns(req.table.timeUs, req.rowLabels, STRETCH_GAP_US, BENIGN_CLASS);
  prepared.forEach((p, v) => {
    const o = builder.offsets[v];
    labels.set(p.labels, o);
    endUs.set(p.endUs, o);
    part.set(splits[v].part, o);
    // (stretch, view) as the run, so balanceRuns shares each class's draw alike among views too; benign
    // (no stretch) gets one run per view.
    for (let w = 0; w < p.labels.length; w++) {
      const r = stretchRows[p.endRow[w]];
      runs[o + w] = r >= 0 ? r * V + v : -1 - v;
    }
  });
  const [train, validation, test] = [TRAIN, VALIDATION, TEST].map((q) => indicesWhere(part, q));
  if (train.length === 0) throw new Error('the training split has no windows (too few packets for the window size?)');

  const fitted = fitNormaliser(builder, drawEven(byClassInTime(train, labels, endUs, C), NORMALISER_PER_CLASS * V));
  const norm = withViewColumns(fitted, builder.baseWidth, V);
  const model = buildModel(tf, req.config, req.size, builder.width, C);
  try {
    const cfg = { ...req.config, maxPerClass: req.config.maxPerClass * V };
    const t0 = Date.now();
    const outcome = await trainModel(
      tf,
      model,
      { builder, norm, labels, train, validation, classes: req.classes, endUs, runs },
      cfg,
      hooks,
    );
    const seconds = (Date.now() - t0) / 1000;
    const viewNorm = { mean: norm.mean.slice(0, builder.baseWidth), std: norm.std.slice(0, builder.baseWidth) };
    const out: { view: ViewSpec; result: TrainResult }[] = [];
    for (const [v, view] of req.views.entries()) {
      const p = prepared[v];
      const o = builder.offsets[v];
      const pooled = test.filter((g) => g >= o && g < builder.offsets[v + 1]);
      const probs = await predictWindows(tf, model, builder, norm, pooled);
      const mine = pooled.map((g) => g - o);
      const figures = testFigures(p, mine, probs, req.classes);
      const manifest = trainedManifest(
        req,
        spec,
        viewNorm,
        { key: view.key, size: req.size, stride: req.stride },
        p.windows.count,
        figures.report,
        seconds,
      );
      out.push({
        view,
        result: { model, manifest, ...figures, split: splits[v], outcome, test: { windows: mine, probs }, prepared: p },
      });
    }
    return out;
  } catch (e) {
    model.dispose();
    throw e;
  }
}
