/**
 * What the sensor asks of a model: class probabilities for a batch of normalised windows. An interface so the
 * tfjs model (any backend) and a hand-written fast path (src/core/model/fast-lstm.ts) are interchangeable.
 */
import type { LayersModel, Tensor } from '@tensorflow/tfjs';
import type { Tf } from '../model/build-model.ts';
import { denseWindows, type WindowInputs } from './window-inputs.ts';

export interface WindowClassifier {
  readonly classes: number;
  /** x: n × steps × width, normalised; returns n × classes probabilities. */
  predict(x: Float32Array, n: number): Promise<Float32Array> | Float32Array;
  /** How it computes (the fast path: 'simd', its batched WebAssembly kernels, or 'js'), for tests and logs. */
  readonly kernel?: string;
  /** The same for windows as the sensor cuts them (distinct rows once); without it, `predict` on them made dense. */
  classify?(w: WindowInputs): Promise<Float32Array> | Float32Array;
}

/** Class probabilities of the windows `w`, by the classifier's own way of reading them where it has one. */
export function classifyWindows(c: WindowClassifier, w: WindowInputs): Promise<Float32Array> | Float32Array {
  return c.classify ? c.classify(w) : c.predict(denseWindows(w), w.n);
}

/** The bundle's tfjs model, predicted in slices of `batch` windows so one big input never builds one huge tensor. */
export function tfjsClassifier(
  tf: Tf,
  model: LayersModel,
  steps: number,
  width: number,
  batch = 2048,
): WindowClassifier {
  const shape = model.outputs[0].shape;
  const classes = shape[shape.length - 1] ?? 0;
  return {
    classes,
    async predict(x: Float32Array, n: number): Promise<Float32Array> {
      const out = new Float32Array(n * classes);
      const per = steps * width;
      for (let b = 0; b < n; b += batch) {
        const m = Math.min(batch, n - b);
        const y = tf.tidy(
          () => model.predict(tf.tensor3d(x.subarray(b * per, (b + m) * per), [m, steps, width])) as Tensor,
        );
        out.set((await y.data()) as Float32Array, b * classes);
        y.dispose();
      }
      return out;
    },
  };
}

/**
 * An ensemble: the mean of the classifiers' probabilities on the same windows. Their views must read the
 * same inputs (window, features and normaliser); the caller checks that.
 */
export function meanClassifier(parts: readonly WindowClassifier[]): WindowClassifier {
  const classes = parts[0]?.classes ?? 0;
  if (parts.length === 0 || parts.some((p) => p.classes !== classes))
    throw new Error('an ensemble needs classifiers of the same classes');
  const mean = (outs: readonly Float32Array[]): Float32Array => {
    const out = new Float32Array(outs[0].length);
    for (const o of outs) for (let i = 0; i < out.length; i++) out[i] += o[i] / outs.length;
    return out;
  };
  return {
    classes,
    kernel: parts.map((p) => p.kernel ?? '?').join('+'),
    predict: async (x, n) => mean(await Promise.all(parts.map((p) => p.predict(x, n)))),
    classify: async (w) => mean(await Promise.all(parts.map((p) => classifyWindows(p, w)))),
  };
}
