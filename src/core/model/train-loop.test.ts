import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { featureSpec } from '../features/feature-spec.ts';
import { prepareWindows } from '../features/prepare.ts';
import { fitNormaliser } from '../features/samples.ts';
import { tableFromCsv } from '../labels/test-tables.ts';
import { findColumn } from '../table/packet-table.ts';
import { buildModel } from './build-model.ts';
import { argmaxRows, classificationReport } from './metrics.ts';
import { DEFAULT_MODEL_CONFIG, type ModelConfig } from './model-config.ts';
import { predictWindows } from './predict.ts';
import { trainModel, type TrainData } from './train-loop.ts';

const SLICE = readFileSync(
  join(import.meta.dirname, '..', '..', '..', 'fixtures', 'capture', 'lab-a-slice.csv'),
  'utf8',
);

/** A tiny task with a known answer: is the window's last packet a TCP SYN? */
function synthetic(): TrainData {
  const table = tableFromCsv(SLICE);
  const flags = findColumn(table, 'tcp.flags');
  if (flags?.kind !== 'int') throw new Error('slice has no tcp.flags');
  const labels = Uint8Array.from({ length: table.rowCount }, (_, r) =>
    flags.present[r >>> 3] & (1 << (r & 7)) && flags.values[r] & 2 ? 1 : 0,
  );
  const p = prepareWindows(table, labels, featureSpec(), { key: 'pair', size: 5, stride: 1 }, 'last');
  const all = Int32Array.from({ length: p.windows.count }, (_, i) => i);
  const train = all.filter((w) => w % 5 !== 0);
  const validation = all.filter((w) => w % 5 === 0);
  return {
    builder: p.builder,
    norm: fitNormaliser(p.builder, train),
    labels: p.labels,
    train,
    validation,
    classes: ['benign', 'syn'],
    endUs: p.endUs,
  };
}

const CFG: ModelConfig = {
  ...DEFAULT_MODEL_CONFIG,
  units: 8,
  epochs: 4,
  maxPerClass: 400,
  batchSize: 64,
  learningRate: 0.01,
  patience: 10,
};

describe('trainModel', () => {
  let data: TrainData;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    data = synthetic();
  });

  it('fits a small synthetic task', async () => {
    const model = buildModel(tf, CFG, 5, data.builder.width, 2);
    const epochs: number[] = [];
    const out = await trainModel(tf, model, data, CFG, { onEpoch: (p) => epochs.push(p.epoch) });
    expect(out.ended).toBe('done');
    expect(epochs).toEqual([1, 2, 3, 4]);
    expect(out.history[3].valRecall).toHaveLength(2);
    const probs = await predictWindows(tf, model, data.builder, data.norm, data.validation);
    const truth = Uint8Array.from(data.validation, (w) => data.labels[w]);
    expect(classificationReport(truth, argmaxRows(probs, 2), data.classes).macroF1).toBeGreaterThan(0.9);
    model.dispose();
  });

  it('gives the same history for the same seed', async () => {
    const cfg = { ...CFG, epochs: 1 };
    const runs = [];
    for (let i = 0; i < 2; i++) {
      const model = buildModel(tf, cfg, 5, data.builder.width, 2);
      runs.push((await trainModel(tf, model, data, cfg)).history[0].valLoss);
      model.dispose();
    }
    expect(runs[0]).toBe(runs[1]);
  });

  it('stops early and restores the best weights', async () => {
    // A learning rate this high makes validation loss wander; whatever happens, the kept weights are the best epoch's.
    const cfg = { ...CFG, epochs: 6, patience: 0, learningRate: 0.5 };
    const model = buildModel(tf, cfg, 5, data.builder.width, 2);
    const out = await trainModel(tf, model, data, cfg);
    const best = Math.min(...out.history.map((h) => h.valLoss ?? Infinity));
    expect(out.history[out.bestEpoch - 1].valLoss).toBe(best);
    if (out.history.length < 6) expect(out.ended).toBe('early-stop');
    // Re-validating the restored model gives the best epoch's loss.
    const again = await trainModel(tf, model, data, { ...cfg, epochs: 1, learningRate: 1e-12 });
    expect(again.history[0].valLoss).toBeCloseTo(best, 3);
    model.dispose();
  });

  it('Stop ends between batches and keeps the best epoch so far', async () => {
    const model = buildModel(tf, CFG, 5, data.builder.width, 2);
    let batches = 0;
    const out = await trainModel(tf, model, data, CFG, {
      onBatch: () => {
        batches++;
      },
      shouldStop: () => batches >= 12,
    });
    expect(out.ended).toBe('stopped');
    expect(batches).toBe(12);
    expect(out.history.length).toBeLessThan(CFG.epochs);
    model.dispose();
  });
});
