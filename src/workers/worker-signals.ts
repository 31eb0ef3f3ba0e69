/**
 * Messages every worker and the page's watch (worker-watch.ts) exchange besides a worker's own protocol: how
 * the page learns that a worker has ended or failed, and how a test makes one crash.
 */

export type WorkerSignal =
  /** The worker holds this Web Lock until it ends; the browser grants it to the page then. */
  | { readonly type: 'worker.alive'; readonly lock: string }
  /** Something the worker could not report as an answer (a failed start, a rejection nothing caught). */
  | { readonly type: 'worker.fatal'; readonly message: string };

/**
 * A test's crash: 'throw' an uncaught error (the page gets an `error` event), or 'exit' without a word
 * (`self.close()`: the page gets nothing but the lock).
 */
export interface CrashRequest {
  readonly type: 'worker.crashForTest';
  readonly how: 'throw' | 'exit';
}

const typeOf = (data: unknown): unknown =>
  typeof data === 'object' && data !== null && 'type' in data ? (data as { type: unknown }).type : undefined;

export function isWorkerSignal(data: unknown): data is WorkerSignal {
  const type = typeOf(data);
  return type === 'worker.alive' || type === 'worker.fatal';
}

export function isCrashRequest(data: unknown): data is CrashRequest {
  return typeOf(data) === 'worker.crashForTest';
}

/** An error's text for the user, whatever was thrown. */
export function errorText(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}
