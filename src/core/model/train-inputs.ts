/**
 * The inputs a model trains on, drawn the same way for the networks (train-loop.ts, per batch) and the trees
 * (train-trees.ts, once): each class capped per draw, each stretch alike with balanceRuns, and the same
 * augmentation (time-scaling, jitter, masked feature groups) before normalising.
 */
import { augmentWindows, jitterWindows, maskSlots, maskWindows, timingSlots } from '../features/augment.ts';
import { normaliseInPlace } from '../features/samples.ts';
import type { ModelConfig } from './model-config.ts';
import { mulberry32, type Rng } from './prng.ts';
import {
  byClassAndRunInTime,
  byClassInTime,
  classWeightsFor,
  drawEpoch,
  drawEpochByRuns,
  drawEven,
} from './sampling.ts';
import type { TrainData } from './train-loop.ts';

export interface TrainingDraws {
  /** A draw of training windows: each class up to the cap (each stretch alike with balanceRuns). */
  draw(): Int32Array;
  /** The fixed validation draw: each class up to half the cap, spread over time. */
  readonly validation: Int32Array;
  /** Per class: its loss weight (all 1 without classWeights). */
  readonly weights: Float32Array;
  /** Windows per draw. */
  readonly perDraw: number;
  /** The windows `part` as normalised model input (n × steps × width), augmented as configured. */
  fill(part: Int32Array, out: Float32Array): Float32Array;
}

/** `rng` draws the training windows (the loop shares it with dropout's seeds, so runs repeat as before). */
export function trainingDraws(data: TrainData, cfg: ModelConfig, rng: Rng = mulberry32(cfg.seed)): TrainingDraws {
  const C = data.classes.length;
  const { builder, norm, labels } = data;
  const steps = builder.steps;
  const W = builder.width;
  const endUs = data.endUs ?? Float64Array.from({ length: labels.length }, (_, i) => i);
  const trainByClass = byClassInTime(data.train, labels, endUs, C);
  const trainByRun = cfg.balanceRuns && data.runs ? byClassAndRunInTime(data.train, labels, endUs, data.runs, C) : null;
  // Its own PRNG, so turning augmentation on or off leaves the draws the same.
  const augRng = mulberry32(cfg.seed * 7919 + 17);
  const augment = { timeScale: cfg.timeScale ?? 1, probability: cfg.augmentShare ?? 0 };
  const jitter = { maxUs: (cfg.jitterMs ?? 0) * 1000, probability: cfg.jitterShare ?? 0 };
  // Its own PRNG too, so turning jitter on or off leaves the time-scaling draws the same.
  const jitterRng: Rng = mulberry32(cfg.seed * 104_729 + 31);
  const jittering = jitter.maxUs > 0 && jitter.probability > 0;
  const augmenting = (augment.timeScale > 1 && augment.probability > 0) || jittering;
  const slots = timingSlots(builder.spec);
  const maskShare = cfg.maskShare ?? 0;
  const groups = maskSlots(builder.spec);
  const valByClass = byClassInTime(data.validation, labels, endUs, C);
  return {
    draw: () =>
      trainByRun ? drawEpochByRuns(trainByRun, cfg.maxPerClass, rng) : drawEpoch(trainByClass, cfg.maxPerClass, rng),
    validation: drawEven(valByClass, Math.max(1, Math.ceil(cfg.maxPerClass / 2))),
    weights: cfg.classWeights ? classWeightsFor(trainByClass, cfg.maxPerClass) : new Float32Array(C).fill(1),
    perDraw: trainByClass.reduce((a, l) => a + Math.min(l.length, cfg.maxPerClass), 0),
    fill(part: Int32Array, out: Float32Array): Float32Array {
      const x = out.subarray(0, part.length * steps * W);
      if (augmenting) {
        builder.fill(part, x);
        augmentWindows(x, part.length, steps, W, slots, augment, augRng);
        if (jittering) jitterWindows(x, part.length, steps, W, slots, jitter, jitterRng);
        normaliseInPlace(x, norm, part.length * steps);
      } else builder.fill(part, x, norm);
      if (maskShare > 0) maskWindows(x, part.length, steps, W, groups, maskShare, augRng);
      return x;
    },
  };
}
