/** Class probabilities for chosen windows, built and predicted in batches so memory stays flat. */
import type { LayersModel, Tensor } from '@tensorflow/tfjs';
import type { Normaliser, SampleBuilder } from '../features/samples.ts';
import type { Tf } from './build-model.ts';
import { denseFiller, treeScorer } from './gbdt/trees.ts';
import { isTreesModel, type TrainedModel, type TreesModel } from './tree-model.ts';

export async function predictWindows(
  tf: Tf,
  model: TrainedModel,
  builder: SampleBuilder,
  norm: Normaliser,
  windows: ArrayLike<number>,
  batch = 2048,
): Promise<Float32Array> {
  const steps = builder.steps;
  const W = builder.width;
  const judge = isTreesModel(model) ? treesJudge(model, steps * W) : networkJudge(tf, model, steps, W);
  const out = new Float32Array(windows.length * judge.classes);
  const buf = new Float32Array(batch * steps * W);
  for (let b = 0; b < windows.length; b += batch) {
    const part = Array.prototype.slice.call(windows, b, b + batch) as number[];
    const x = builder.fill(part, buf.subarray(0, part.length * steps * W), norm);
    out.set(await judge.run(x, part.length), b * judge.classes);
  }
  return out;
}

interface Judge {
  readonly classes: number;
  run(x: Float32Array, n: number): Promise<Float32Array> | Float32Array;
}

function treesJudge(model: TreesModel, per: number): Judge {
  const scorer = treeScorer(model.trees);
  return { classes: model.trees.classes, run: (x, n) => scorer.score(n, denseFiller(x, per)) };
}

function networkJudge(tf: Tf, model: LayersModel, steps: number, W: number): Judge {
  const shape = model.outputs[0].shape;
  return {
    classes: shape[shape.length - 1] ?? 0,
    async run(x, n) {
      const y = tf.tidy(() => model.predict(tf.tensor3d(x, [n, steps, W])) as Tensor);
      const data = (await y.data()) as Float32Array;
      y.dispose();
      return data;
    },
  };
}
