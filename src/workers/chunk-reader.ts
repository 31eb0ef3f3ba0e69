/**
 * The main thread's side of the reader worker: `next()` gives the next piece (a line-aligned chunk, or a
 * capture's frame batch) and at once asks for the one after, so reading the file overlaps parsing it.
 */
import type { ReaderReply, ReaderRequest } from './reader-messages.ts';

export class ChunkReader {
  private pending: Promise<ReaderReply> = Promise.resolve({ type: 'read.failed', jobId: -1, message: 'not started' });
  private resolve: ((r: ReaderReply) => void) | null = null;
  private failed: ReaderReply | null = null;

  constructor(
    private readonly worker: Worker,
    private readonly jobId: number,
    file: Blob,
    gzip: boolean,
    shards: number,
    signal: AbortSignal,
  ) {
    worker.onmessage = (ev: MessageEvent<ReaderReply>) => {
      if (ev.data.jobId === jobId) this.settle(ev.data);
    };
    signal.addEventListener('abort', () => this.settle({ type: 'read.failed', jobId, message: 'cancelled' }));
    this.post({ type: 'read.start', jobId, file, gzip, shards });
    this.request();
  }

  async next(): Promise<ReaderReply> {
    if (this.failed) return this.failed;
    const r = await this.pending;
    if (r.type === 'read.chunk' && r.piece) this.request();
    return r;
  }

  /** The reader worker died (its owner watches it): the piece awaited, and every later one, fails. */
  fail(message: string): void {
    this.failed ??= { type: 'read.failed', jobId: this.jobId, message };
    this.settle(this.failed);
  }

  private request(): void {
    this.pending = new Promise((resolve) => {
      this.resolve = resolve;
    });
    this.post({ type: 'read.next', jobId: this.jobId });
  }

  private settle(r: ReaderReply): void {
    const resolve = this.resolve;
    this.resolve = null;
    resolve?.(r);
  }

  private post(msg: ReaderRequest): void {
    this.worker.postMessage(msg);
  }
}
