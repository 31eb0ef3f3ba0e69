/**
 * Trains, exports, imports and evaluates bundles of views off the page's thread (the work itself is in
 * train-views-run.ts and train-bundles.ts). Holds the last trained bundle and the last imported one side by
 * side, as read bundles (bytes, not live models: each view's model is loaded only while it is evaluated), so
 * a bad import loses nothing. Batch progress is throttled (the loop runs hundreds of batches a second on small
 * models; the page redraws at most ~5 times a second).
 */
import './worker-life.ts'; // first: see there
import * as tf from '@tensorflow/tfjs';
import type { ReadBundle } from '../core/model/bundle-views.ts';
import type { TrainProgress } from '../core/model/train-loop.ts';
import { selectBackend } from './train-backend.ts';
import { bundleInfo, checkBundle, evaluateBundle } from './train-bundles.ts';
import type { ModelSource, TrainReplyMsg, TrainRequestMsg } from './train-messages.ts';
import { fetchBenignCorpus } from './benign-corpus-fetch.ts';
import { runTraining } from './train-views-run.ts';

const BATCH_REPORT_MS = 200;
/**
 * An evaluation in the page scores at most this many windows per view, so it answers in seconds, not
 * minutes (every window of lab-a's 238k packets in two views took 131 s on two busy cores).
 */
const EVALUATE_MAX_WINDOWS = 30_000;

const bundles = new Map<ModelSource, ReadBundle>();
const stopAsked = new Set<number>();

function post(msg: TrainReplyMsg, transfer: Transferable[] = []): void {
  (self as unknown as Worker).postMessage(msg, transfer);
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

async function train(msg: Extract<TrainRequestMsg, { type: 'train.start' }>): Promise<void> {
  const { jobId, data, options } = msg;
  try {
    post({ type: 'train.backend', jobId, backend: await selectBackend(tf, msg.backend) });
    let lastBatch = 0;
    const progress = (kind: 'batch' | 'epoch', p: TrainProgress): void =>
      post({ type: 'train.progress', jobId, kind, progress: p });
    const { report, bundle } = await runTraining(
      tf,
      data,
      options,
      {
        onView: (index, count, view) => {
          lastBatch = 0;
          post({ type: 'train.view', jobId, index, count, view });
        },
        onCheck: (notes) => post({ type: 'train.check', jobId, notes }),
        onSplit: (view, split, dropped) => post({ type: 'train.split', jobId, view, split, dropped }),
        onBatch: (p) => {
          const now = Date.now();
          if (now - lastBatch < BATCH_REPORT_MS) return;
          lastBatch = now;
          progress('batch', p);
        },
        onEpoch: (p) => progress('epoch', p),
        shouldStop: () => stopAsked.has(jobId),
      },
      options.benignCorpus ? await fetchBenignCorpus() : [],
    );
    bundles.set('trained', bundle);
    // Copied, not transferred: a few hundred KB, and the kept bundle must not depend on how the zip reader slices.
    post({ type: 'train.done', jobId, ...report });
  } catch (e) {
    post({ type: 'train.failed', jobId, message: errorText(e) });
  } finally {
    stopAsked.delete(jobId);
  }
}

async function importModel(msg: Extract<TrainRequestMsg, { type: 'train.import' }>): Promise<void> {
  try {
    await selectBackend(tf, msg.backend);
    const bundle = await checkBundle(tf, msg.bytes);
    bundles.set(msg.source ?? 'imported', bundle);
    post({
      type: 'train.imported',
      requestId: msg.requestId,
      ok: true,
      info: bundleInfo(bundle),
      bytes: msg.bytes.byteLength,
    });
  } catch (e) {
    post({ type: 'train.imported', requestId: msg.requestId, ok: false, message: errorText(e) });
  }
}

async function evaluate(msg: Extract<TrainRequestMsg, { type: 'train.evaluate' }>): Promise<void> {
  try {
    const backend = await selectBackend(tf, msg.backend);
    const bundle = bundles.get(msg.source);
    if (!bundle) throw new Error(msg.source === 'imported' ? 'Import a model first.' : 'Train a model first.');
    const r = await evaluateBundle(tf, bundle, msg.data, EVALUATE_MAX_WINDOWS);
    post({ type: 'train.evaluated', requestId: msg.requestId, backend, ...r });
  } catch (e) {
    post({ type: 'train.evalFailed', requestId: msg.requestId, message: errorText(e) });
  }
}

self.onmessage = (ev: MessageEvent<TrainRequestMsg>) => {
  const msg = ev.data;
  switch (msg.type) {
    case 'train.start':
      void train(msg);
      break;
    case 'train.stop':
      stopAsked.add(msg.jobId);
      break;
    case 'train.import':
      void importModel(msg);
      break;
    case 'train.evaluate':
      void evaluate(msg);
      break;
  }
};
