/**
 * Trees where a tfjs model would be: a trained ensemble travels through training, export, import and
 * evaluation as a `TrainedModel`, and the trees read the same normalised window a network reads, flattened.
 *
 * The trees' features are places in the dense window (steps × width, tfjs' input): each step's packet
 * features, and the window features once (every step repeats them), so a split names what it reads the
 * same way whichever form the windows come in (tree-classifier.ts).
 */
import type { LayersModel } from '@tensorflow/tfjs';
import type { TreeEnsemble } from './gbdt/trees.ts';

export interface TreesModel {
  readonly kind: 'trees';
  readonly trees: TreeEnsemble;
  /** Nothing to free (a tfjs model's dispose frees its tensors); here so callers treat both alike. */
  dispose(): void;
}

export type TrainedModel = LayersModel | TreesModel;

export function treesModel(trees: TreeEnsemble): TreesModel {
  return { kind: 'trees', trees, dispose: () => {} };
}

export function isTreesModel(m: TrainedModel): m is TreesModel {
  return (m as Partial<TreesModel>).kind === 'trees';
}

/** Places in a dense window of `steps` × `width` (the last `tail` of each step the window features) the trees read. */
export function treeInputColumns(steps: number, width: number, tail: number): Int32Array {
  const perStep = width - tail;
  const cols: number[] = [];
  for (let t = 0; t < steps; t++) for (let c = 0; c < perStep; c++) cols.push(t * width + c);
  for (let c = perStep; c < width; c++) cols.push((steps - 1) * width + c);
  return Int32Array.from(cols);
}

/** n dense windows of `per` values as n rows of the columns `cols`. */
export function pickColumns(x: Float32Array, n: number, per: number, cols: Int32Array): Float32Array {
  const D = cols.length;
  const out = new Float32Array(n * D);
  for (let i = 0; i < n; i++) for (let k = 0; k < D; k++) out[i * D + k] = x[i * per + cols[k]];
  return out;
}
