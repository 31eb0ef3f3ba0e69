/**
 * For unit tests (Node has no Worker): a worker that records what the page posts and lets the test reply,
 * fail or end it, and a Web Locks queue the test releases by hand.
 */
import type { LockQueue } from './worker-watch.ts';

export class FakeWorker extends EventTarget {
  readonly posted: unknown[] = [];
  terminated = false;
  private handler: ((ev: MessageEvent) => void) | null = null;

  /** As in the DOM: the handler joins the listeners when first set, after any added before it. */
  set onmessage(handler: ((ev: MessageEvent) => void) | null) {
    if (this.handler === null && handler !== null) {
      this.addEventListener('message', (ev) => this.handler?.(ev as MessageEvent));
    }
    this.handler = handler;
  }

  postMessage(data: unknown): void {
    this.posted.push(data);
  }

  terminate(): void {
    this.terminated = true;
  }

  reply(data: unknown): void {
    this.dispatchEvent(new MessageEvent('message', { data }));
  }

  /** An uncaught error in the worker (an ErrorEvent's message), or with none, a script that failed to load. */
  fail(message?: string): void {
    this.dispatchEvent(Object.assign(new Event('error'), message === undefined ? {} : { message }));
  }

  asWorker(): Worker {
    return this as unknown as Worker;
  }
}

export class FakeLocks implements LockQueue {
  private readonly queued = new Map<string, { granted: () => void; signal: AbortSignal }>();

  request(name: string, options: { signal: AbortSignal }, granted: () => void): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.queued.set(name, { granted: () => resolve(granted()), signal: options.signal });
      options.signal.addEventListener('abort', () => {
        this.queued.delete(name);
        reject(new DOMException('The request was aborted.', 'AbortError'));
      });
    });
  }

  isQueued(name: string): boolean {
    return this.queued.has(name);
  }

  /** The worker holding `name` has ended. */
  release(name: string): void {
    const q = this.queued.get(name);
    this.queued.delete(name);
    q?.granted();
  }
}
