/**
 * The trees as the sensor runs them: a WindowClassifier over the bundle's trees.json, on the scoring kernel of
 * gbdt/trees.ts. Windows cut the sensor's way (each packet row once) are read in place: a split on step t's
 * packet feature c reads window j's row at step t, one on a window feature reads the window's tail.
 */
import { stepWidth } from '../features/feature-spec.ts';
import type { WindowClassifier } from '../sensor/classifier.ts';
import type { WindowInputs } from '../sensor/window-inputs.ts';
import type { Manifest } from './bundle.ts';
import { type BlockFiller, denseFiller, type ScorerOptions, type TreeEnsemble, treeScorer } from './gbdt/trees.ts';

export function treeClassifier(manifest: Manifest, trees: TreeEnsemble, options: ScorerOptions = {}): WindowClassifier {
  const { window: win } = manifest; // destructured: core's purity check forbids the text `window.`
  const steps = win.size;
  const width = stepWidth(manifest.featureSpec);
  if (trees.features !== steps * width)
    throw new Error(`the trees read windows of ${trees.features} values but the manifest says ${steps} × ${width}`);
  if (trees.classes !== manifest.classes.length)
    throw new Error(`the trees have ${trees.classes} classes but the manifest lists ${manifest.classes.length}`);
  const scorer = treeScorer(trees, options);
  return {
    classes: trees.classes,
    kernel: scorer.kernel,
    predict(x: Float32Array, n: number): Float32Array {
      if (x.length < n * steps * width)
        throw new Error(`predict got ${x.length} values for ${n} windows of ${steps} × ${width}`);
      return scorer.score(n, denseFiller(x, steps * width));
    },
    classify(w: WindowInputs): Float32Array {
      if (w.steps !== steps || w.rowWidth + w.tailWidth !== width)
        throw new Error(`windows of ${w.steps} × ${w.rowWidth + w.tailWidth} for trees of ${steps} × ${width}`);
      return scorer.score(w.n, inputsFiller(w, width));
    },
  };
}

/**
 * A BlockFiller reading dense-window places straight from the sensor's rows and tails: place c of a step is
 * the step's row below rowWidth, the window's tail from there (the sensor's split; a dense window as rows
 * has no tail).
 */
function inputsFiller(w: WindowInputs, width: number): BlockFiller {
  const { steps, rowWidth: P, tailWidth: Q, rows, rowIndex, tails } = w;
  return (block, used, B, from, count) => {
    for (let u = 0; u < used.length; u++) {
      const f = used[u];
      const c = f % width;
      const o = u * B;
      if (c >= P) {
        const q = c - P;
        for (let j = 0; j < count; j++) block[o + j] = tails[(from + j) * Q + q];
      } else {
        const t = (f - c) / width;
        for (let j = 0; j < count; j++) block[o + j] = rows[rowIndex[(from + j) * steps + t] * P + c];
      }
    }
  };
}
