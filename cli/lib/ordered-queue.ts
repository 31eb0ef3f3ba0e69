/**
 * Items handled one at a time, in the order they were added, however they arrive (a thread's replies, a
 * timer): the parse stage's events on the main thread. The reader waits on it, so only a few items wait.
 */
export class OrderedQueue<T> {
  private tail: Promise<void> = Promise.resolve();
  /** Added and not yet started. */
  private waiting = 0;
  private readonly wakers: (() => void)[] = [];

  /** `handle` must not throw (it reports its own failures). */
  constructor(private readonly handle: (item: T) => Promise<void> | void) {}

  add(item: T): void {
    this.waiting++;
    this.tail = this.tail.then(() => {
      this.waiting--;
      for (const w of this.wakers.splice(0)) w();
      return this.handle(item);
    });
  }

  /** Resolves once fewer than `max` items wait to be started. */
  async room(max: number): Promise<void> {
    while (this.waiting >= max) await new Promise<void>((r) => this.wakers.push(r));
  }

  /** Resolves once every item added so far is handled. */
  idle(): Promise<void> {
    return this.tail;
  }
}
