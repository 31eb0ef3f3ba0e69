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
