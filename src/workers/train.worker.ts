/**
 * Trains, exports, imports and evaluates models off the page's thread. Holds the last trained model and the
 * last imported one side by side, so a bad import loses nothing. Batch progress is throttled (the loop runs
 * hundreds of batches a second on small models; the page redraws at most ~5 times a second).
 */
import * as tf from '@tensorflow/tfjs';
import type { LayersModel } from '@tensorflow/tfjs';
import { exportBundle, importBundle, type Manifest } from '../core/model/bundle.ts';
import { attackCurve } from '../core/model/metrics.ts';
import { evaluateOn, trainPipeline } from '../core/model/pipeline.ts';
import type { TrainProgress } from '../core/model/train-loop.ts';
import { useBackend } from './train-backend.ts';
import { denseClasses, labelEpisodes, labelsForModel, remapLabels } from './train-classes.ts';
import type { ModelSource, TrainReplyMsg, TrainRequestMsg } from './train-messages.ts';

const BATCH_REPORT_MS = 200;
/** An evaluation in the page scores at most this many windows, so it answers in seconds, not minutes. */
const EVALUATE_MAX_WINDOWS = 30_000;

const models = new Map<ModelSource, { model: LayersModel; manifest: Manifest }>();
const stopAsked = new Set<number>();

function post(msg: TrainReplyMsg, transfer: Transferable[] = []): void {
  (self as unknown as Worker).postMessage(msg, transfer);
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

function keep(source: ModelSource, model: LayersModel, manifest: Manifest): void {
  const old = models.get(source);
  if (old && old.model !== model) old.model.dispose();
  models.set(source, { model, manifest });
}

async function train(msg: Extract<TrainRequestMsg, { type: 'train.start' }>): Promise<void> {
  const { jobId, data, options } = msg;
  try {
    post({ type: 'train.backend', jobId, backend: await useBackend(tf, msg.backend) });
    const dense = denseClasses(data.classNames, data.labels);
    if (dense.classes.length < 2) throw new Error('Label at least one class besides benign before training.');
    let lastBatch = 0;
    const progress = (kind: 'batch' | 'epoch', p: TrainProgress): void => post({ type: 'train.progress', jobId, kind, progress: p });
    const rowLabels = remapLabels(data.labels, dense.lut);
    const result = await trainPipeline(tf, {
      table: data.table,
      rowLabels,
      ...(options.split === 'by-episode' ? { episodes: labelEpisodes(data.table.timeUs, rowLabels) } : {}),
      classes: dense.classes,
      window: options.window,
      labelRule: options.labelRule,
      split: options.split,
      config: options.config,
      fingerprint: data.fingerprint,
      fileName: data.fileName,
    }, {
      onSplit: (s) => post({ type: 'train.split', jobId, split: { classes: dense.classes, counts: s.counts.slice(0, 3), warnings: s.warnings }, dropped: dense.dropped }),
      onBatch: (p) => {
        const now = Date.now();
        if (now - lastBatch < BATCH_REPORT_MS) return;
        lastBatch = now;
        progress('batch', p);
      },
      onEpoch: (p) => progress('epoch', p),
      shouldStop: () => stopAsked.has(jobId),
    });
    keep('trained', result.model, result.manifest);
    const bundle = await exportBundle(tf, result.model, result.manifest);
    post({ type: 'train.done', jobId, report: result.report, curve: result.curve, alerts: result.alerts, outcome: result.outcome, manifest: result.manifest, bundle }, [bundle.buffer as ArrayBuffer]);
  } catch (e) {
    post({ type: 'train.failed', jobId, message: errorText(e) });
  } finally {
    stopAsked.delete(jobId);
  }
}

async function importModel(msg: Extract<TrainRequestMsg, { type: 'train.import' }>): Promise<void> {
  try {
    await useBackend(tf, msg.backend);
    const { model, manifest } = await importBundle(tf, msg.bytes);
    keep('imported', model, manifest);
    post({ type: 'train.imported', requestId: msg.requestId, ok: true, manifest, bytes: msg.bytes.byteLength });
  } catch (e) {
    post({ type: 'train.imported', requestId: msg.requestId, ok: false, message: errorText(e) });
  }
}

async function evaluate(msg: Extract<TrainRequestMsg, { type: 'train.evaluate' }>): Promise<void> {
  try {
    const backend = await useBackend(tf, msg.backend);
    const held = models.get(msg.source);
    if (!held) throw new Error(msg.source === 'imported' ? 'Import a model first.' : 'Train a model first.');
    const { manifest, model } = held;
    const { labels, names, unknown } = labelsForModel(msg.data.classNames, msg.data.labels, manifest.classes);
    const evaluated = await evaluateOn(tf, model, manifest, msg.data.table, labels, EVALUATE_MAX_WINDOWS);
    const C = manifest.classes.length;
    const windows = evaluated.probs.length / C;
    const benign = Math.max(0, manifest.malicious.indexOf(false));
    const report = evaluated.report && { ...evaluated.report, classes: names.slice(0, evaluated.report.classes.length) };
    const truth = Uint8Array.from(evaluated.windows, (w) => evaluated.prepared.labels[w]);
    const curve = report ? attackCurve(truth, evaluated.probs, C, benign) : null;
    const notes = [
      ...(unknown.length ? [`The model does not know ${unknown.join(', ')}: its windows count as misses.`] : []),
      ...(evaluated.every > 1 ? [`Scored every ${evaluated.every}th of ${evaluated.prepared.windows.count.toLocaleString('en-US')} windows, spread over the capture (npm run evaluate scores them all).`] : []),
    ];
    const note = notes.length ? notes.join(' ') : null;
    post({ type: 'train.evaluated', requestId: msg.requestId, backend, report, curve, windows, note });
  } catch (e) {
    post({ type: 'train.evalFailed', requestId: msg.requestId, message: errorText(e) });
  }
}

self.onmessage = (ev: MessageEvent<TrainRequestMsg>) => {
  const msg = ev.data;
  switch (msg.type) {
    case 'train.start': void train(msg); break;
    case 'train.stop': stopAsked.add(msg.jobId); break;
    case 'train.import': void importModel(msg); break;
    case 'train.evaluate': void evaluate(msg); break;
  }
};
