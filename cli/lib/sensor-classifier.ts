/**
 * The sensor's model: the bundle's tfjs model on the wasm backend, or the hand-written fast LSTM
 * (src/core/model/fast-lstm.ts) once it exists — same interface (WindowClassifier), chosen here only.
 */
import { existsSync, readFileSync } from 'node:fs';
import { unzipSync, strFromU8 } from 'fflate';
import { stepWidth } from '../../src/core/features/feature-spec.ts';
import { importBundle, type Manifest } from '../../src/core/model/bundle.ts';
import { tfjsClassifier, type WindowClassifier } from '../../src/core/sensor/classifier.ts';
import { nodeTf } from './tf-node.ts';

export type ClassifierKind = 'auto' | 'tfjs' | 'fast';

const FAST_PATH = new URL('../../src/core/model/fast-lstm.ts', import.meta.url);

interface FastModule {
  fastClassifier(manifest: Manifest, modelJson: unknown, weights: Uint8Array): { predict(x: Float32Array, n: number): Float32Array };
}

export async function loadClassifier(modelPath: string, kind: ClassifierKind = 'auto'): Promise<{ manifest: Manifest; classifier: WindowClassifier; name: string }> {
  const zip = new Uint8Array(readFileSync(modelPath));
  const tf = await nodeTf();
  // importBundle checks the manifest and the model's shapes, whichever classifier runs.
  const { model, manifest } = await importBundle(tf, zip);
  const { window: win } = manifest;
  if (kind !== 'tfjs' && existsSync(FAST_PATH)) {
    try {
      // A runtime path, so this file compiles before fast-lstm.ts exists.
      const fast = (await import(FAST_PATH.href)) as FastModule;
      const files = unzipSync(zip);
      const modelJson: unknown = JSON.parse(strFromU8(files['model.json']));
      const f = fast.fastClassifier(manifest, modelJson, files['weights.bin']);
      model.dispose();
      return { manifest, classifier: { classes: manifest.classes.length, predict: (x, n) => f.predict(x, n) }, name: 'fast-lstm' };
    } catch (e) {
      if (kind === 'fast') throw e;
      // auto: a model the fast path does not cover (GRU, dense) stays on tfjs.
    }
  } else if (kind === 'fast') {
    throw new Error('the fast classifier (src/core/model/fast-lstm.ts) is not available');
  }
  return { manifest, classifier: tfjsClassifier(tf, model, win.size, stepWidth(manifest.featureSpec)), name: `tfjs-${tf.getBackend()}` };
}
