/**
 * The one module that creates Workers, so who runs off the main thread is visible in one place.
 * Two cores is the common case here; more are used when the machine has them.
 */

export function workerCount(): number {
  const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 2 : 2;
  return Math.max(2, Math.min(cores, 8));
}

export function createIngestWorkers(n: number): Worker[] {
  return Array.from({ length: n }, (_, i) => new Worker(new URL('./ingest.worker.ts', import.meta.url), { type: 'module', name: `ingest-${i}` }));
}

/** The reader runs beside the ingest workers; it mostly waits on I/O, so it gets no core of its own. */
export function createReaderWorker(): Worker {
  return new Worker(new URL('./reader.worker.ts', import.meta.url), { type: 'module', name: 'reader' });
}

/** One engine per page: it holds the open capture and answers queries about it. */
export function createEngineWorker(): Worker {
  return new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module', name: 'engine' });
}

/** Trains and evaluates models (tfjs); created on first use and kept, since it holds the models. */
export function createTrainWorker(): Worker {
  return new Worker(new URL('./train.worker.ts', import.meta.url), { type: 'module', name: 'train' });
}
