/// <reference lib="webworker" />
/**
 * Imported first by every worker entry, for its side effects, so they are in place before the entry's own
 * code runs. A Worker has no exit event: a worker the browser ends (or that calls close()) fires nothing on the
 * page. So the worker holds a Web Lock for its whole life and tells the page its name; the page queues for
 * the same lock, which the browser grants the moment this worker ends, however it ends.
 *
 * Also reported: a rejection nothing caught (it reaches no `error` event on the page, and whatever waited
 * on that work would wait forever), and the tests' crash requests.
 */
import { errorText, isCrashRequest, type WorkerSignal } from './worker-signals.ts';

declare const self: DedicatedWorkerGlobalScope;

const post = (signal: WorkerSignal): void => self.postMessage(signal);

/** Resolves once this worker holds its life lock; never, where there are no Web Locks (an insecure page). */
const holding = new Promise<void>((held) => {
  if (!('locks' in self.navigator)) return;
  const lock = `nids-worker-life:${crypto.randomUUID()}`;
  void self.navigator.locks.request(lock, () => {
    post({ type: 'worker.alive', lock });
    held();
    return new Promise<never>(() => {});
  });
});

self.addEventListener('unhandledrejection', (ev) => {
  post({ type: 'worker.fatal', message: `Uncaught (in promise) ${errorText(ev.reason)}` });
});

/** Set by a crash request: from then on the worker does no more work, as if it were already gone. */
let crashed = false;

// Registered before the entry's onmessage, so it can keep messages from the entry.
self.addEventListener('message', (ev) => {
  if (crashed) {
    ev.stopImmediatePropagation();
    return;
  }
  if (!isCrashRequest(ev.data)) return;
  ev.stopImmediatePropagation();
  crashed = true;
  if (ev.data.how === 'throw') throw new Error('crash requested by a test');
  // Only once the page can see the end: a worker gone before it named its lock ends unseen.
  void holding.then(() => self.close());
});
