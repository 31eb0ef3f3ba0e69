/** Class probabilities for chosen windows, built and predicted in batches so memory stays flat. */
import type { LayersModel, Tensor } from '@tensorflow/tfjs';
import type { Normaliser, SampleBuilder } from '../features/samples.ts';
import type { Tf } from './build-model.ts';

export async function predictWindows(
  tf: Tf,
  model: LayersModel,
  builder: SampleBuilder,
  norm: Normaliser,
  windows: ArrayLike<number>,
  batch = 2048,
): Promise<Float32Array> {
  const steps = builder.steps;
  const W = builder.width;
  const shape = model.outputs[0].shape;
  const classes = shape[shape.length - 1] ?? 0;
  const out = new Float32Array(windows.length * classes);
  const buf = new Float32Array(batch * steps * W);
  for (let b = 0; b < windows.length; b += batch) {
    const part = Array.prototype.slice.call(windows, b, b + batch) as number[];
    const x = builder.fill(part, buf.subarray(0, part.length * steps * W), norm);
    const y = tf.tidy(() => model.predict(tf.tensor3d(x, [part.length, steps, W])) as Tensor);
    out.set((await y.data()) as Float32Array, b * classes);
    y.dispose();
  }
  return out;
}
