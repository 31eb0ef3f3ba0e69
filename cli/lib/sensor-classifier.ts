/**
 * The sensor's model: for each view in the bundle, its trees' kernel (src/core/model/tree-classifier.ts), or
 * the hand-written fast LSTM (src/core/model/fast-lstm.ts) where it covers the view's network, else its tfjs
 * model on the wasm backend; same interface
 * (WindowClassifier), chosen here. A format-1 bundle is one view.
 *
 * tfjs is loaded only when it runs: with its wasm backend it costs ~100 MB of the sensor's memory, which the
 * group table under a random-source flood needs more.
 */
import { stepWidth } from '../../src/core/features/feature-spec.ts';
import { importBundle } from '../../src/core/model/bundle.ts';
import { isTrees } from '../../src/core/model/model-config.ts';
import { viewZip, type BundleView } from '../../src/core/model/bundle-views.ts';
import { fastClassifierOf, sensorModelOf } from '../../src/core/sensor/bundle-model.ts';
import { tfjsClassifier, type WindowClassifier } from '../../src/core/sensor/classifier.ts';
import type { SensorModel } from '../../src/core/sensor/sensor.ts';
import { classifierPool } from './classifier-pool.ts';
import { naming, readBundleFile } from './named-file.ts';

export type ClassifierKind = 'auto' | 'tfjs' | 'fast';

export interface LoadedModel {
  /** Views with their classifiers; the vote rule is the bundle's (the CLI may override it). */
  readonly model: SensorModel;
  readonly formatVersion: number;
  /** Per view, the classifier that runs it. */
  readonly classifiers: readonly string[];
  /** Ends the classifier thread, if any. */
  close(): Promise<void>;
}

/**
 * `vote`: the command line's K and threshold, each in place of the bundle's where given. `threads`: when every
 * view runs on the fast path, run them on that many classifier threads (0: here; close() ends them).
 */
export async function loadSensorModel(
  modelPath: string,
  kind: ClassifierKind = 'auto',
  vote: { k?: number | null; threshold?: number | null; minVotes?: number | null; minScore?: number | null } = {},
  threads = 0,
): Promise<LoadedModel> {
  const bundle = readBundleFile(modelPath);
  const k = vote.k ?? bundle.vote.k;
  const rule = {
    k,
    threshold: vote.threshold ?? bundle.vote.threshold,
    ...(vote.minVotes ? { minVotes: Math.min(vote.minVotes, k) } : {}),
    ...(vote.minScore != null ? { minScore: vote.minScore } : {}),
  };
  const classifiers: WindowClassifier[] = [];
  const names: string[] = [];
  for (const v of bundle.views) {
    const { classifier, name } = await classifierOf(v, kind).catch((e: unknown) => {
      throw naming(modelPath, e);
    });
    classifiers.push(classifier);
    names.push(name);
  }
  if (threads > 0 && names.every((n) => FAST_NAMES.some((f) => n.startsWith(f)))) {
    const t = await classifierPool(modelPath, classifiers.length, bundle.classes.length, threads);
    const where = t.threads > 1 ? `on ${t.threads} threads` : 'on a thread';
    return {
      model: sensorModelOf(bundle, t.classifiers, rule),
      formatVersion: bundle.formatVersion,
      classifiers: names.map((n) => `${n} ${where}`),
      close: t.close,
    };
  }
  return {
    model: sensorModelOf(bundle, classifiers, rule),
    formatVersion: bundle.formatVersion,
    classifiers: names,
    close: async () => {},
  };
}

/** The names of the fast paths, which run on classifier threads. */
const FAST_NAMES = ['fast-lstm', 'trees'];

async function classifierOf(
  v: BundleView,
  kind: ClassifierKind,
): Promise<{ classifier: WindowClassifier; name: string }> {
  if (isTrees(v.manifest.model.kind)) {
    // Trees have only their own path (no tfjs model): --classifier tfjs runs them on it too.
    const classifier = fastClassifierOf(v);
    return { classifier, name: classifier.kernel === 'simd' ? 'trees' : 'trees in plain JS' };
  }
  if (kind !== 'tfjs') {
    try {
      // Checks every layer and weight shape against the view's manifest, as importBundle does.
      const classifier = fastClassifierOf(v);
      // Said when a view's network runs without the batched SIMD kernels (GRU, dense, or an engine without SIMD).
      return { classifier, name: classifier.kernel === 'simd' ? 'fast-lstm' : 'fast-lstm in plain JS' };
    } catch (e) {
      if (kind === 'fast') throw e;
      // auto: a network the fast path does not cover (GRU, dense) goes to tfjs, whose import also says what
      // is wrong with a broken one.
    }
  }
  const { nodeTf } = await import('./tf-node.ts'); // not at the top: loading tfjs is what costs the memory
  const tf = await nodeTf();
  const { model, manifest } = await importBundle(tf, viewZip(v));
  const { window: win } = manifest;
  return {
    classifier: tfjsClassifier(tf, model, win.size, stepWidth(manifest.featureSpec)),
    name: `tfjs-${tf.getBackend()}`,
  };
}
