/**
 * Training the trees on a view's windows: the networks' draw, class weights, augmentation and validation
 * windows (train-inputs.ts), flattened (tree-model.ts), boosted one round at a time (gbdt/train-gbdt.ts) with
 * a yield between rounds so a worker hears Stop. Progress comes as the networks' does, a round for an epoch.
 */
import { gbdtRounds } from './gbdt/train-gbdt.ts';
import { TREE_DEPTH, type ModelConfig } from './model-config.ts';
import { trainingDraws } from './train-inputs.ts';
import type { TrainData, TrainHooks, TrainOutcome, TrainProgress } from './train-loop.ts';
import { pickColumns, treeInputColumns, treesModel, type TreesModel } from './tree-model.ts';

/** Share of rows each tree grows on, and of features it may split on (bench/trees.bench.ts). */
const ROW_SHARE = 0.5;
const FEATURE_SHARE = 0.5;

const yieldToEvents = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

export async function trainTrees(
  data: TrainData,
  cfg: ModelConfig,
  hooks: TrainHooks = {},
): Promise<{ model: TreesModel; outcome: TrainOutcome }> {
  const { builder, labels } = data;
  const C = data.classes.length;
  const steps = builder.steps;
  const W = builder.width;
  const per = steps * W;
  const cols = treeInputColumns(steps, W, builder.spec.perWindow.length);
  const draws = trainingDraws(data, cfg);
  const pick = draws.draw();
  if (pick.length === 0) throw new Error('no training windows');
  const x = pickColumns(draws.fill(pick, new Float32Array(pick.length * per)), pick.length, per, cols);
  const y = Uint8Array.from(pick, (w) => labels[w]);
  const val = draws.validation;
  const valX = pickColumns(builder.fill(val, new Float32Array(val.length * per), data.norm), val.length, per, cols);
  const valY = Uint8Array.from(val, (w) => labels[w]);
  const run = gbdtRounds(x, y, pick.length, cols.length, C, {
    rounds: cfg.epochs,
    learningRate: cfg.learningRate,
    depth: cfg.depth ?? TREE_DEPTH,
    rowShare: ROW_SHARE,
    featureShare: FEATURE_SHARE,
    weights: Float32Array.from(y, (c) => draws.weights[c]),
    ...(val.length ? { valX, valY, valN: val.length } : {}),
    patience: Math.max(1, cfg.patience),
    seed: cfg.seed,
  });
  const history: TrainProgress[] = [];
  const t0 = Date.now();
  for (let info = run.next(); info !== null; info = run.next()) {
    const elapsedS = (Date.now() - t0) / 1000;
    const rate = elapsedS > 0 ? (info.round * pick.length) / elapsedS : 0;
    const p: TrainProgress = {
      epoch: info.round,
      epochs: cfg.epochs,
      batch: 1,
      batches: 1,
      loss: info.trainLoss,
      accuracy: info.trainAccuracy,
      valLoss: info.valLoss ?? null,
      valAccuracy: info.valAccuracy ?? null,
      valRecall: info.valRecall ?? null,
      windowsPerSecond: rate,
      elapsedS,
      etaS: rate > 0 ? ((cfg.epochs - info.round) * pick.length) / rate : 0,
    };
    history.push(p);
    hooks.onBatch?.(p);
    hooks.onEpoch?.(p);
    await yieldToEvents();
    if (hooks.shouldStop?.()) run.stop();
  }
  const r = run.result();
  const trees = { ...r.model, feature: Int32Array.from(r.model.feature, (f) => cols[f]), features: per };
  const ended = r.ended === 'rounds' ? 'done' : r.ended === 'early-stopping' ? 'early-stop' : 'stopped';
  return { model: treesModel(trees), outcome: { history, bestEpoch: r.bestRounds, ended } };
}
