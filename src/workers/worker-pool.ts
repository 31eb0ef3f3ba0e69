/**
 * The one module that creates Workers, so who runs off the main thread is visible in one place. Each is
 * watched from birth (worker-watch.ts): its owner hears, once, why it died, so nothing waits on a dead worker.
 * Two cores is the common case here; more are used when the machine has them.
 */
import type { CrashRequest } from './worker-signals.ts';
import { watchWorker, type WorkerWatch } from './worker-watch.ts';

/** Told once, with a reason for the user, when a worker dies; not when its owner terminates it. */
export type OnWorkerDeath = (reason: string) => void;

export function workerCount(): number {
  const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 2 : 2;
  return Math.max(2, Math.min(cores, 8));
}

export function createIngestWorkers(n: number, onDeath: OnWorkerDeath): Worker[] {
  return Array.from({ length: n }, (_, i) => {
    const worker = new Worker(new URL('./ingest.worker.ts', import.meta.url), { type: 'module', name: `ingest-${i}` });
    return watched(worker, 'ingest', onDeath);
  });
}

/**
 * The reader runs beside the ingest workers; it mostly waits on I/O, so it gets no core of its own. Its entry
 * adds the life signals to reader.worker.ts.
 */
export function createReaderWorker(onDeath: OnWorkerDeath): Worker {
  const worker = new Worker(new URL('./reader-entry.worker.ts', import.meta.url), { type: 'module', name: 'reader' });
  return watched(worker, 'reader', onDeath);
}

/** One engine per page: it holds the open capture and answers queries about it. */
export function createEngineWorker(onDeath: OnWorkerDeath): Worker {
  const worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module', name: 'engine' });
  return watched(worker, 'engine', onDeath);
}

/** Trains and evaluates models (tfjs); created on first use and kept, since it holds the models. */
export function createTrainWorker(onDeath: OnWorkerDeath): Worker {
  const worker = new Worker(new URL('./train.worker.ts', import.meta.url), { type: 'module', name: 'train' });
  return watched(worker, 'train', onDeath);
}

export type WorkerKind = 'engine' | 'train' | 'reader' | 'ingest';
/** 'kill': ended as the browser ends a worker, with no word; 'throw' and 'exit': see CrashRequest. */
export type CrashHow = 'kill' | CrashRequest['how'];

const live = new Map<Worker, { readonly kind: WorkerKind; readonly watch: WorkerWatch }>();
/** A crash for the next worker of a kind, made as it starts (the ingest workers live only during a load). */
const armed = new Map<WorkerKind, CrashRequest['how']>();

function watched(worker: Worker, kind: WorkerKind, onDeath: OnWorkerDeath): Worker {
  const watch = watchWorker(worker, onDeath, { onGone: () => live.delete(worker) });
  live.set(worker, { kind, watch });
  const how = armed.get(kind);
  armed.delete(kind);
  if (how) crash(worker, watch, how);
  return worker;
}

function crash(worker: Worker, watch: WorkerWatch, how: CrashHow): void {
  if (how === 'kill') watch.kill();
  else worker.postMessage({ type: 'worker.crashForTest', how } satisfies CrashRequest);
}

/**
 * Tests only: crashes the live workers of `kind`; returns how many. A 'kill' spares a worker whose end the
 * page could not see yet (it has not named its life lock), so a test retries rather than hangs.
 */
export function crashWorkersForTest(kind: WorkerKind, how: CrashHow): number {
  let n = 0;
  for (const [worker, w] of live) {
    if (w.kind !== kind || (how === 'kill' && !w.watch.seesSilentEnd())) continue;
    crash(worker, w.watch, how);
    n++;
  }
  return n;
}

/** Tests only: the next worker of `kind` crashes as soon as it starts. */
export function armCrashForTest(kind: WorkerKind, how: CrashRequest['how']): void {
  armed.set(kind, how);
}
