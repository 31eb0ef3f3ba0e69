/**
 * A bundle of views as the sensor runs it: each view's window, features, normaliser and vote rule with the
 * classifier that judges it. The CLI, `npm run evaluate` and the workbench's evaluation build it here, so
 * they run one model the same way.
 */
import { strFromU8 } from 'fflate';
import type { VoteRule } from '../detect/vote.ts';
import { BundleError, readTrees, TREES_JSON } from '../model/bundle.ts';
import { isTrees } from '../model/model-config.ts';
import { treeClassifier } from '../model/tree-classifier.ts';
import type { BundleView, ReadBundle } from '../model/bundle-views.ts';
import { fastClassifier } from '../model/fast-lstm.ts';
import type { WindowClassifier } from './classifier.ts';
import type { SensorModel } from './sensor.ts';

/** `classifiers[i]` judges `bundle.views[i]`; `vote` in place of the bundle's rule. */
export function sensorModelOf(
  bundle: ReadBundle,
  classifiers: readonly WindowClassifier[],
  vote: VoteRule = bundle.vote,
): SensorModel {
  if (classifiers.length !== bundle.views.length)
    throw new Error(`${bundle.views.length} views need as many classifiers (got ${classifiers.length})`);
  return {
    classes: bundle.classes,
    malicious: bundle.malicious,
    views: bundle.views.map((v, i) => {
      const { window: win } = v.manifest; // destructured: core's purity check forbids the text `window.`
      return {
        name: v.name,
        key: win.key,
        size: win.size,
        featureSpec: v.manifest.featureSpec,
        normaliser: v.manifest.normaliser,
        classifier: classifiers[i],
        vote,
      };
    }),
  };
}

/**
 * The fast path for a view: the trees' kernel, or the networks' (LSTM, GRU or dense as the bundle exports
 * them); throws for a network it does not cover.
 */
export function fastClassifierOf(v: BundleView): WindowClassifier {
  if (isTrees(v.manifest.model.kind)) {
    try {
      return treeClassifier(v.manifest, readTrees({ [TREES_JSON]: v.modelJson }, v.manifest));
    } catch (e) {
      throw new BundleError(`view ${v.name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  let modelJson: unknown;
  try {
    modelJson = JSON.parse(strFromU8(v.modelJson));
  } catch (e) {
    // readBundle does not parse a per-view model.json; a broken one was a bare SyntaxError here (found by fuzzing).
    throw new BundleError(
      `view ${v.name}: model.json is not valid JSON (${e instanceof Error ? e.message : String(e)})`,
    );
  }
  return fastClassifier(v.manifest, modelJson, v.weights);
}
