/**
 * The networks: recurrent (LSTM or GRU, stacked) over the window's steps, or a dense baseline that sees the
 * window flattened, each ending in a softmax over the classes. tf comes in as a parameter so core never
 * picks a backend (the page uses WebGL/WebGPU, Node uses wasm).
 */
import type { LayersModel } from '@tensorflow/tfjs';
import type { ModelConfig } from './model-config.ts';

export type Tf = typeof import('@tensorflow/tfjs');

export function buildModel(tf: Tf, cfg: ModelConfig, steps: number, width: number, classes: number): LayersModel {
  // Every initializer and dropout gets its own seed derived from cfg.seed, so one seed gives one model.
  let k = 0;
  const seed = (): number => cfg.seed * 1000 + ++k;
  const glorot = () => tf.initializers.glorotUniform({ seed: seed() });
  const model = tf.sequential();
  if (cfg.kind === 'dense') {
    model.add(tf.layers.flatten({ inputShape: [steps, width] }));
    for (let i = 0; i < cfg.layers; i++) {
      model.add(tf.layers.dense({ units: cfg.units, activation: 'relu', kernelInitializer: glorot() }));
      if (cfg.dropout > 0) model.add(tf.layers.dropout({ rate: cfg.dropout, seed: seed() }));
    }
  } else {
    for (let i = 0; i < cfg.layers; i++) {
      const options = {
        units: cfg.units,
        returnSequences: i < cfg.layers - 1,
        kernelInitializer: glorot(),
        recurrentInitializer: tf.initializers.orthogonal({ seed: seed() }),
        ...(i === 0 ? { inputShape: [steps, width] } : {}),
      };
      model.add(cfg.kind === 'lstm' ? tf.layers.lstm(options) : tf.layers.gru(options));
      if (cfg.dropout > 0) model.add(tf.layers.dropout({ rate: cfg.dropout, seed: seed() }));
    }
  }
  model.add(tf.layers.dense({ units: classes, activation: 'softmax', kernelInitializer: glorot() }));
  return model;
}
