/**
 * The page's watch over one worker: reports once, with a reason, when the worker dies: an uncaught error (the
 * `error` event, also a script that failed to load), a message that could not be read (`messageerror`), a
 * fatal signal the worker posted (worker-life.ts), or an end with no word at all (its life lock released: the
 * browser ended it, or it closed itself). A worker that errs is ended too: what it was doing will never be
 * answered, and its state is unknown. The page ending its own worker (`terminate()`) is no death.
 */
import { isWorkerSignal } from './worker-signals.ts';

/** The part of the Web Locks API the watch uses; injected by tests. */
export interface LockQueue {
  request(name: string, options: { signal: AbortSignal }, granted: () => void): Promise<unknown>;
}

export interface WatchOptions {
  /** Called once whether the worker died or the page ended it. */
  readonly onGone?: () => void;
  /** null: no Web Locks here, so an end without a word goes unseen. */
  readonly locks?: LockQueue | null;
}

export interface WorkerWatch {
  /** Whether an end without a word would be seen now (the worker has named its life lock). */
  seesSilentEnd(): boolean;
  /** Ends the worker the way the browser would, unannounced to the watch: for tests. */
  kill(): void;
}

export const SILENT_END = 'it ended without reporting an error (the browser may have stopped it for lack of memory)';
const NO_START = 'it could not start (its script failed to load)';

function pageLocks(): LockQueue | null {
  return typeof navigator !== 'undefined' && 'locks' in navigator ? navigator.locks : null;
}

export function watchWorker(
  worker: Worker,
  onDeath: (reason: string) => void,
  options: WatchOptions = {},
): WorkerWatch {
  const locks = options.locks === undefined ? pageLocks() : options.locks;
  const terminate = worker.terminate.bind(worker);
  const stopWaiting = new AbortController();
  let over = false;
  let watchingLock = false;

  const end = (): boolean => {
    if (over) return false;
    over = true;
    stopWaiting.abort();
    terminate();
    options.onGone?.();
    return true;
  };
  const die = (reason: string): void => {
    if (end()) onDeath(reason);
  };

  // Every terminate() in the page is deliberate; it must not read as a death when the lock comes free.
  worker.terminate = () => {
    end();
  };
  worker.addEventListener('error', (ev: Event) => die(errorEventText(ev) || NO_START));
  worker.addEventListener('messageerror', () => die('a message from it could not be read'));
  // Added before the owner sets onmessage (the pool watches a worker as it creates it), so this runs first
  // and the owner's handler sees only its own protocol.
  worker.addEventListener('message', (ev: MessageEvent<unknown>) => {
    const signal = ev.data;
    if (!isWorkerSignal(signal)) return;
    ev.stopImmediatePropagation();
    if (signal.type === 'worker.fatal') {
      die(signal.message);
      return;
    }
    if (over || !locks) return;
    watchingLock = true;
    // Aborted when the page ends the worker itself; that rejection is expected.
    locks.request(signal.lock, { signal: stopWaiting.signal }, () => die(SILENT_END)).catch(() => undefined);
  });

  return {
    seesSilentEnd: () => watchingLock && !over,
    kill: () => {
      if (!over) terminate();
    },
  };
}

/** An ErrorEvent's message; a script that failed to load fires a plain Event, without one. */
function errorEventText(ev: Event): string {
  return 'message' in ev && typeof ev.message === 'string' ? ev.message : '';
}
