/**
 * Classifier threads, as many as asked: each loads the bundle, and each view's batch goes to the thread with
 * the fewest batches in hand, so the views of one batch (and the next batch, while this one votes) are
 * classified side by side on whatever cores parsing and windowing leave free. The sensor votes in batch
 * order whatever thread answers first.
 */
import { classifierThread, type ClassifierThread, type ThreadClassifier } from './classifier-thread.ts';
import type { WindowInputs } from '../../src/core/sensor/window-inputs.ts';

export interface ClassifierPool {
  /** One classifier per view of the bundle, in its order. */
  readonly classifiers: readonly ThreadClassifier[];
  readonly threads: number;
  close(): Promise<void>;
}

export async function classifierPool(
  modelPath: string,
  views: number,
  classes: number,
  threads: number,
): Promise<ClassifierPool> {
  const pool: ClassifierThread[] = await Promise.all(
    Array.from({ length: Math.max(1, threads) }, () => classifierThread(modelPath, views, classes)),
  );
  const inHand = new Int32Array(pool.length);
  /** The least busy thread (the first of equals), counted while `work` runs there. */
  const onLeastBusy = async (work: (t: ClassifierThread) => Promise<Float32Array>): Promise<Float32Array> => {
    let best = 0;
    for (let i = 1; i < pool.length; i++) if (inHand[i] < inHand[best]) best = i;
    inHand[best]++;
    try {
      return await work(pool[best]);
    } finally {
      inHand[best]--;
    }
  };
  const classifiers = Array.from(
    { length: views },
    (_, view): ThreadClassifier => ({
      classes,
      get threadMs() {
        return pool.reduce((s, t) => s + t.classifiers[view].threadMs, 0);
      },
      predict: (x: Float32Array, n: number) => onLeastBusy((t) => Promise.resolve(t.classifiers[view].predict(x, n))),
      classify: (w: WindowInputs) =>
        onLeastBusy((t) =>
          Promise.resolve((t.classifiers[view].classify as (w: WindowInputs) => Promise<Float32Array>)(w)),
        ),
    }),
  );
  return {
    classifiers,
    threads: pool.length,
    close: async () => {
      await Promise.all(pool.map((t) => t.close()));
    },
  };
}
