/**
 * The training loop: class-capped epochs, weighted cross-entropy, Adam, early stopping on a class-balanced
 * validation loss, and Stop between batches. A hand-written loop instead of model.fit because fit cannot
 * yield to a worker's message queue between batches nor take per-sample weights on every backend; the best
 * weights seen are kept and restored at the end, whether training finished, stopped early or was stopped.
 */
import type { LayersModel, Scalar, Tensor, Variable } from '@tensorflow/tfjs';
import type { Normaliser, SampleBuilder } from '../features/samples.ts';
import type { Tf } from './build-model.ts';
import type { ModelConfig } from './model-config.ts';
import { predictWindows } from './predict.ts';
import { mulberry32 } from './prng.ts';
import { trainingDraws } from './train-inputs.ts';

export interface TrainData {
  readonly builder: SampleBuilder;
  readonly norm: Normaliser;
  /** Per window (all windows of the prepared set). */
  readonly labels: Uint8Array;
  readonly train: Int32Array;
  readonly validation: Int32Array;
  readonly classes: readonly string[];
  /** Per window end time (µs), to spread each epoch's draw over time; without it, index order is used. */
  readonly endUs?: Float64Array;
  /** Per window, its run (stretch) of its class, -1 none: with cfg.balanceRuns each run gets an equal share. */
  readonly runs?: Int32Array;
}

export interface TrainProgress {
  readonly epoch: number;
  readonly epochs: number;
  readonly batch: number;
  readonly batches: number;
  readonly loss: number;
  readonly accuracy: number;
  readonly valLoss: number | null;
  readonly valAccuracy: number | null;
  /** Per class, at epoch end. */
  readonly valRecall: readonly number[] | null;
  readonly windowsPerSecond: number;
  readonly elapsedS: number;
  readonly etaS: number;
}

export interface TrainHooks {
  onBatch?(p: TrainProgress): void;
  onEpoch?(p: TrainProgress): void;
  shouldStop?(): boolean;
}

export interface TrainOutcome {
  /** One per finished epoch. */
  readonly history: readonly TrainProgress[];
  /** 1-based; 0 when no epoch finished. */
  readonly bestEpoch: number;
  readonly ended: 'done' | 'early-stop' | 'stopped';
}

const yieldToEvents = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

export async function trainModel(
  tf: Tf,
  model: LayersModel,
  data: TrainData,
  cfg: ModelConfig,
  hooks: TrainHooks = {},
): Promise<TrainOutcome> {
  const C = data.classes.length;
  const { builder, labels } = data;
  const steps = builder.steps;
  const W = builder.width;
  const rng = mulberry32(cfg.seed);
  const draws = trainingDraws(data, cfg, rng);
  const valPick = draws.validation;
  const weights = draws.weights;
  const perEpoch = draws.perDraw;
  if (perEpoch === 0) throw new Error('no training windows');
  const batches = Math.ceil(perEpoch / cfg.batchSize);
  const optimizer = tf.train.adam(cfg.learningRate);
  const weightT = tf.tensor1d(weights);
  const buf = new Float32Array(cfg.batchSize * steps * W);
  const history: TrainProgress[] = [];
  let best: { loss: number; epoch: number; weights: Tensor[] } | null = null;
  let sinceBest = 0;
  let ended: TrainOutcome['ended'] = 'done';
  const t0 = Date.now();
  let seen = 0;
  const total = perEpoch * cfg.epochs;

  const progress = (
    epoch: number,
    batch: number,
    loss: number,
    accuracy: number,
    val: ValResult | null,
  ): TrainProgress => {
    const elapsedS = (Date.now() - t0) / 1000;
    const rate = elapsedS > 0 ? seen / elapsedS : 0;
    return {
      epoch,
      epochs: cfg.epochs,
      batch,
      batches,
      loss,
      accuracy,
      valLoss: val?.loss ?? null,
      valAccuracy: val?.accuracy ?? null,
      valRecall: val?.recall ?? null,
      windowsPerSecond: rate,
      elapsedS,
      etaS: rate > 0 ? (total - seen) / rate : 0,
    };
  };

  try {
    epochs: for (let epoch = 1; epoch <= cfg.epochs; epoch++) {
      const order = draws.draw();
      let lossSum = 0;
      let right = 0;
      let count = 0;
      for (let b = 0; b < batches; b++) {
        if (hooks.shouldStop?.()) {
          ended = 'stopped';
          break epochs;
        }
        const part = order.subarray(b * cfg.batchSize, Math.min(order.length, (b + 1) * cfg.batchSize));
        if (part.length === 0) continue;
        const x = draws.fill(part, buf);
        const y = Int32Array.from(part, (w) => labels[w]);
        reseedDropout(model, Math.floor(rng() * 2 ** 31));
        const { loss, correct } = step(tf, model, optimizer, weightT, x, y, part.length, steps, W, C);
        lossSum += loss * part.length;
        right += correct;
        count += part.length;
        seen += part.length;
        hooks.onBatch?.(progress(epoch, b + 1, lossSum / count, right / count, null));
        await yieldToEvents();
      }
      const val = valPick.length ? await validate(tf, model, data, valPick, weights) : null;
      const p = progress(epoch, batches, lossSum / Math.max(count, 1), right / Math.max(count, 1), val);
      history.push(p);
      hooks.onEpoch?.(p);
      const score = val ? val.loss : p.loss;
      if (!best || score < best.loss) {
        best?.weights.forEach((t) => {
          t.dispose();
        });
        best = { loss: score, epoch, weights: model.getWeights().map((t) => t.clone()) };
        sinceBest = 0;
      } else if (++sinceBest > cfg.patience) {
        ended = 'early-stop';
        break;
      }
      await yieldToEvents();
    }
    if (best) model.setWeights(best.weights);
    return { history, bestEpoch: best?.epoch ?? 0, ended };
  } finally {
    best?.weights.forEach((t) => {
      t.dispose();
    });
    weightT.dispose();
    optimizer.dispose();
  }
}

/**
 * tfjs' Dropout draws its mask from a fixed seed, so a seeded layer would drop the same units in every batch;
 * a fresh seed per batch from the run's PRNG gives real dropout that still repeats exactly for one seed.
 */
function reseedDropout(model: LayersModel, seed: number): void {
  model.layers.forEach((layer, i) => {
    if (layer.getClassName() === 'Dropout') (layer as unknown as { seed: number }).seed = seed + i;
  });
}

/** One Adam step on a batch; returns its mean weighted loss and how many it got right. */
function step(
  tf: Tf,
  model: LayersModel,
  optimizer: ReturnType<Tf['train']['adam']>,
  weightT: Tensor,
  x: Float32Array,
  y: Int32Array,
  n: number,
  steps: number,
  W: number,
  C: number,
): { loss: number; correct: number } {
  const vars = model.trainableWeights.map((w) => w.read() as Variable);
  let probs: Tensor | null = null;
  try {
    return tf.tidy(() => {
      const xs = tf.tensor3d(x, [n, steps, W]);
      const ys = tf.tensor1d(y, 'int32');
      const oneHot = tf.oneHot(ys, C).toFloat();
      const sw = tf.gather(weightT, ys);
      const lossT = optimizer.minimize(
        () => {
          // Kept past minimize's own tidy so accuracy needs no second forward pass.
          probs = tf.keep(model.apply(xs, { training: true }) as Tensor);
          const ce = tf.neg(tf.sum(tf.mul(oneHot, tf.log(tf.clipByValue(probs, 1e-7, 1))), -1));
          return tf.div(tf.sum(tf.mul(ce, sw)), tf.sum(sw)) as Scalar;
        },
        true,
        vars,
      );
      const correct = probs ? tf.sum(tf.equal(tf.argMax(probs, -1), ys).toInt()).dataSync()[0] : 0;
      return { loss: lossT ? lossT.dataSync()[0] : NaN, correct };
    });
  } finally {
    (probs as Tensor | null)?.dispose();
  }
}

interface ValResult {
  readonly loss: number;
  readonly accuracy: number;
  readonly recall: number[];
}

/** Class-weighted loss (as in training), accuracy and per-class recall on the fixed validation draw. */
async function validate(
  tf: Tf,
  model: LayersModel,
  data: TrainData,
  pick: Int32Array,
  weights: Float32Array,
): Promise<ValResult> {
  const C = data.classes.length;
  const probs = await predictWindows(tf, model, data.builder, data.norm, pick);
  let lossSum = 0;
  let wSum = 0;
  let right = 0;
  const hit = new Array<number>(C).fill(0);
  const support = new Array<number>(C).fill(0);
  for (let i = 0; i < pick.length; i++) {
    const t = data.labels[pick[i]];
    const w = weights[t] || 1;
    lossSum -= w * Math.log(Math.max(probs[i * C + t], 1e-7));
    wSum += w;
    let best = 0;
    for (let c = 1; c < C; c++) if (probs[i * C + c] > probs[i * C + best]) best = c;
    support[t]++;
    if (best === t) {
      right++;
      hit[t]++;
    }
  }
  return {
    loss: lossSum / wSum,
    accuracy: right / pick.length,
    recall: hit.map((h, c) => (support[c] ? h / support[c] : 0)),
  };
}
