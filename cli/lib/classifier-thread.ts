/**
 * The sensor's classifiers on a thread of their own: on two cores, one thread windows the next batch while the
 * other classifies this one (the sensor votes in batch order whatever comes back first). The thread runs the
 * fast path for every view of the bundle; requests carry the windows by transfer, not by copy.
 */
import { Worker } from 'node:worker_threads';
import type { WindowClassifier } from '../../src/core/sensor/classifier.ts';
import { bundledWorker } from './bundled-worker.ts';
import { stopReason } from './thread-stop.ts';
import type { WindowInputs } from '../../src/core/sensor/window-inputs.ts';

export type ThreadRequest =
  | { readonly id: number; readonly view: number; readonly x: Float32Array; readonly n: number }
  /** Windows as the sensor cuts them (distinct rows once), their buffers moved to the thread. */
  | { readonly id: number; readonly view: number; readonly inputs: WindowInputs };

export type ThreadReply =
  /** ms: the time the thread spent predicting. */
  | { readonly id: number; readonly probs: Float32Array; readonly ms: number }
  | { readonly id: number; readonly error: string }
  | { readonly id: 0; readonly ready: true };

/** A classifier that runs on another thread, and says how long that thread has spent on it. */
export interface ThreadClassifier extends WindowClassifier {
  readonly threadMs: number;
}

export interface ClassifierThread {
  /** One classifier per view of the bundle, in its order. */
  readonly classifiers: readonly ThreadClassifier[];
  close(): Promise<void>;
}

/** Starts the thread on the bundle at `modelPath` (its views have `classes` classes each); resolves once it has loaded it. */
export async function classifierThread(modelPath: string, views: number, classes: number): Promise<ClassifierThread> {
  const worker = new Worker(await bundledWorker(new URL('./classifier-thread.worker.ts', import.meta.url)), {
    workerData: { model: modelPath },
  });
  const waiting = new Map<number, { resolve: (p: Float32Array, ms: number) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let failed: Error | null = null;
  let closing = false;
  const ready = new Promise<void>((resolve, reject) => {
    worker.on('message', (m: ThreadReply) => {
      if ('ready' in m) {
        resolve();
        return;
      }
      const w = waiting.get(m.id);
      waiting.delete(m.id);
      if ('error' in m) w?.reject(new Error(`classifier thread: ${m.error}`));
      else w?.resolve(m.probs, m.ms);
    });
    // A thread that stops unasked fails every batch in hand and every one after: none would be answered.
    const stopped = (why: Error | number): void => {
      if (failed || closing) return;
      failed = new Error(`the classifier thread stopped (${stopReason(why)}); no further windows can be classified`);
      reject(failed);
      for (const w of waiting.values()) w.reject(failed);
      waiting.clear();
    };
    worker.on('error', stopped);
    worker.on('exit', stopped);
  });
  await ready;
  const busyMs = new Float64Array(views);
  const classifiers = Array.from(
    { length: views },
    (_, view): ThreadClassifier => ({
      classes,
      get threadMs() {
        return busyMs[view];
      },
      predict(x: Float32Array, n: number): Promise<Float32Array> {
        if (failed) return Promise.reject(failed);
        const id = nextId++;
        // The windower hands over a batch it no longer needs (WindowBatch.x): moved to the thread, not copied,
        // with the unused tail of its buffer (the thread reads n windows).
        const own = x.byteOffset === 0 && x.buffer instanceof ArrayBuffer ? new Float32Array(x.buffer) : x.slice();
        return new Promise((resolve, reject) => {
          const done = (probs: Float32Array, ms: number): void => {
            busyMs[view] += ms;
            resolve(probs);
          };
          waiting.set(id, { resolve: done, reject });
          worker.postMessage({ id, view, x: own, n } satisfies ThreadRequest, [own.buffer as ArrayBuffer]);
        });
      },
      classify(inputs: WindowInputs): Promise<Float32Array> {
        if (failed) return Promise.reject(failed);
        const id = nextId++;
        // The windower hands each batch's buffers over (WindowBatch.inputs): moved, not copied.
        const moved = [inputs.rows.buffer, inputs.rowIndex.buffer, inputs.tails.buffer].filter(
          (b): b is ArrayBuffer => b instanceof ArrayBuffer,
        );
        return new Promise((resolve, reject) => {
          const done = (probs: Float32Array, ms: number): void => {
            busyMs[view] += ms;
            resolve(probs);
          };
          waiting.set(id, { resolve: done, reject });
          worker.postMessage({ id, view, inputs } satisfies ThreadRequest, [...new Set(moved)]);
        });
      },
    }),
  );
  return {
    classifiers,
    close: async () => {
      closing = true;
      await worker.terminate();
    },
  };
}
