/**
 * The sensor's model: the hand-written fast LSTM (src/core/model/fast-lstm.ts) where it covers the bundle's
 * network, else the bundle's tfjs model on the wasm backend; same interface (WindowClassifier), chosen here.
 *
 * tfjs is loaded only when it runs: with its wasm backend it costs ~100 MB of the sensor's memory, which the
 * group table under a random-source flood needs more.
 */
import { readFileSync } from 'node:fs';
import { stepWidth } from '../../src/core/features/feature-spec.ts';
import { importBundle, type Manifest } from '../../src/core/model/bundle.ts';
import { fastModelFromBundle } from '../../src/core/model/fast-lstm.ts';
import { tfjsClassifier, type WindowClassifier } from '../../src/core/sensor/classifier.ts';

export type ClassifierKind = 'auto' | 'tfjs' | 'fast';

export async function loadClassifier(modelPath: string, kind: ClassifierKind = 'auto'): Promise<{ manifest: Manifest; classifier: WindowClassifier; name: string }> {
  const zip = new Uint8Array(readFileSync(modelPath));
  if (kind !== 'tfjs') {
    try {
      // Checks the manifest and every weight's shape against it, as importBundle does.
      const { manifest, classifier } = fastModelFromBundle(zip);
      return { manifest, classifier, name: 'fast-lstm' };
    } catch (e) {
      if (kind === 'fast') throw e;
      // auto: a model the fast path does not cover (GRU, dense), or a broken bundle, goes to tfjs, whose
      // import says what is wrong with a broken one.
    }
  }
  const { nodeTf } = await import('./tf-node.ts'); // not at the top: loading tfjs is what costs the memory
  const tf = await nodeTf();
  const { model, manifest } = await importBundle(tf, zip);
  const { window: win } = manifest;
  return { manifest, classifier: tfjsClassifier(tf, model, win.size, stepWidth(manifest.featureSpec)), name: `tfjs-${tf.getBackend()}` };
}
