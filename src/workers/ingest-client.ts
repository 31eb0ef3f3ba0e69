/**
 * Loads a CSV (or .csv.gz) into a PacketTable using every core: the main thread only reads the file in
 * pieces, cuts them at line breaks (LineChunker) and hands each chunk to the least busy ingest worker by
 * transfer. The workers parse; one of them merges, sorts by time and summarises. The main thread never
 * holds the file, never loops over rows, and the previous capture is untouched until a load succeeds.
 */
import { longLineError, LoadError, MAX_LINE_BYTES, splitHeader } from '../core/ingest/csv-load.ts';
import type { HeaderPlan } from '../core/ingest/csv-header.ts';
import { LineChunker, LineTooLongError, type LineChunk } from '../core/ingest/line-chunker.ts';
import type { PartialTable } from '../core/ingest/partial-table.ts';
import { partialBuffers } from '../core/ingest/partial-table.ts';
import { sniff } from '../core/ingest/sniff.ts';
import type { IngestReply, IngestRequest } from './ingest-messages.ts';
import { IngestCancelled, IngestError, type IngestHandle, type IngestProgress, type IngestResult } from './ingest-types.ts';
import { createIngestWorkers, workerCount } from './worker-pool.ts';
import { readPieces } from './read-pieces.ts';

/** Chunks in flight per worker: one being parsed, one waiting, so a worker never idles on I/O. */
const MAX_IN_FLIGHT = 2;
const PROGRESS_EVERY_MS = 100;
let lastJobId = 0;

export function startIngest(file: Blob, fileName: string, onProgress: (p: IngestProgress) => void): IngestHandle {
  const abort = new AbortController();
  const workers = createIngestWorkers(workerCount());
  const result = new IngestJob(++lastJobId, file, fileName, workers, abort.signal, onProgress)
    .run()
    .catch((e: unknown) => {
      if (abort.signal.aborted) throw new IngestCancelled();
      if (e instanceof LoadError) throw new IngestError(e.message, e.where);
      if (e instanceof IngestError) throw e;
      throw new IngestError(`Loading failed: ${e instanceof Error ? e.message : String(e)}`);
    })
    .finally(() => workers.forEach((w) => w.terminate()));
  return { result, cancel: () => abort.abort() };
}

class IngestJob {
  private readonly inFlight: number[];
  private readonly chunkLines: number[] = [];
  private readonly partials: PartialTable[] = [];
  private done: IngestResult | null = null;
  private failure: Error | null = null;
  private wake: (() => void) | null = null;
  private rows = 0;
  private fileBytesRead = 0;
  private textBytes = 0;
  private lastProgress = 0;
  private readonly started = performance.now();
  private plan: HeaderPlan | null = null;

  constructor(
    private readonly jobId: number,
    private readonly file: Blob,
    private readonly fileName: string,
    private readonly workers: Worker[],
    private readonly signal: AbortSignal,
    private readonly onProgress: (p: IngestProgress) => void,
  ) {
    this.inFlight = workers.map(() => 0);
    workers.forEach((w, i) => {
      w.onmessage = (ev: MessageEvent<IngestReply>) => this.receive(i, ev.data);
      w.onerror = (ev) => { this.failure = new IngestError(`An ingest worker failed: ${ev.message}`); this.notify(); };
    });
    signal.addEventListener('abort', () => this.notify());
  }

  async run(): Promise<IngestResult> {
    if (this.file.size === 0) throw new IngestError('The file is empty.');
    const head = new Uint8Array(await this.file.slice(0, 4096).arrayBuffer());
    const kind = sniff(head);
    if (kind.kind === 'refuse') throw new IngestError(kind.message);
    const compressed = kind.kind === 'gzip';
    const chunker = new LineChunker(MAX_LINE_BYTES);
    let first = true;
    for await (const piece of readPieces(this.file, compressed, this.signal, (n) => { this.fileBytesRead = n; })) {
      this.check();
      if (first && compressed) {
        const inner = sniff(piece.subarray(0, 4096), true);
        if (inner.kind === 'refuse') throw new IngestError(inner.message);
      }
      first = false;
      this.textBytes += piece.length;
      await this.dispatch(await this.cut(() => chunker.push(piece)));
      this.progress('reading', false);
    }
    if (first) throw new IngestError('The file is empty once decompressed.');
    await this.dispatch(await this.cut(() => chunker.end()));
    if (!this.plan) throw new IngestError('The file has no complete header line.', 'line 1');
    await this.until(() => this.inFlight.every((n) => n === 0));
    this.progress('finishing', true);
    return this.finish(compressed);
  }

  private async finish(compressed: boolean): Promise<IngestResult> {
    this.workers.forEach((w) => this.post(w, { type: 'ingest.finish', jobId: this.jobId }));
    await this.until(() => this.partials.length === this.workers.length);
    const facts = {
      fileName: this.fileName,
      fileBytes: this.file.size,
      textBytes: this.textBytes,
      compressed,
      chunkLines: this.chunkLines,
      parseSeconds: 0,
      workers: this.workers.length,
    };
    this.post(this.workers[0], { type: 'ingest.merge', jobId: this.jobId, partials: this.partials, facts }, this.partials.flatMap(partialBuffers));
    await this.until(() => this.done !== null);
    const done = this.done as unknown as IngestResult;
    if (done.table.rowCount === 0) throw new IngestError('The file has a header but no packet rows that could be read.', 'line 2');
    return { table: done.table, summary: { ...done.summary, parseSeconds: (performance.now() - this.started) / 1000 } };
  }

  /** Runs the chunker, turning a runaway line into a message with its line number. */
  private async cut(f: () => LineChunk | null): Promise<LineChunk | null> {
    try {
      return f();
    } catch (e) {
      if (!(e instanceof LineTooLongError)) throw e;
      if (!this.plan) throw longLineError(e, 0);
      await this.until(() => this.inFlight.every((n) => n === 0));
      throw longLineError(e, this.chunkLines.reduce((a, b) => a + b, 1));
    }
  }

  private async dispatch(chunk: LineChunk | null): Promise<void> {
    if (!chunk) return;
    if (!this.plan) {
      const { plan, rest } = splitHeader(chunk);
      this.plan = plan;
      this.workers.forEach((w) => this.post(w, { type: 'ingest.begin', jobId: this.jobId, plan }));
      chunk = rest;
    }
    let target = -1;
    await this.until(() => {
      const least = Math.min(...this.inFlight);
      target = this.inFlight.indexOf(least);
      return least < MAX_IN_FLIGHT;
    });
    const seq = this.chunkLines.length;
    this.chunkLines.push(0);
    this.inFlight[target]++;
    const transfer: Transferable[] = [chunk.body.buffer as ArrayBuffer];
    if (chunk.head) transfer.push(chunk.head.buffer as ArrayBuffer);
    this.post(this.workers[target], { type: 'ingest.chunk', jobId: this.jobId, seq, chunk }, transfer);
  }

  private receive(worker: number, msg: IngestReply): void {
    if (msg.jobId !== this.jobId) return;
    switch (msg.type) {
      case 'ingest.chunkDone':
        this.inFlight[worker]--;
        this.chunkLines[msg.seq] = msg.lines;
        this.rows += msg.rows;
        this.progress('reading', false);
        break;
      case 'ingest.partial':
        this.partials.push(msg.partial);
        break;
      case 'ingest.done':
        this.done = { table: msg.table, summary: msg.summary };
        break;
      case 'ingest.failed':
        this.failure = new IngestError(msg.message);
        break;
      default: {
        const never: never = msg;
        throw new Error(`unknown reply ${JSON.stringify(never)}`);
      }
    }
    this.notify();
  }

  private post(w: Worker, msg: IngestRequest, transfer: Transferable[] = []): void {
    w.postMessage(msg, transfer);
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private check(): void {
    if (this.signal.aborted) throw new IngestCancelled();
    if (this.failure) throw this.failure;
  }

  /** Waits, without polling, until `ready` holds after some worker reply; fails fast on cancel or error. */
  private async until(ready: () => boolean): Promise<void> {
    for (;;) {
      this.check();
      if (ready()) return;
      await new Promise<void>((resolve) => { this.wake = resolve; });
    }
  }

  private progress(phase: IngestProgress['phase'], force: boolean): void {
    const now = performance.now();
    if (!force && now - this.lastProgress < PROGRESS_EVERY_MS) return;
    this.lastProgress = now;
    const elapsed = (now - this.started) / 1000;
    const rate = elapsed > 0 ? this.fileBytesRead / elapsed : 0;
    const left = this.file.size - this.fileBytesRead;
    this.onProgress({
      fileName: this.fileName,
      bytesRead: this.fileBytesRead,
      bytesTotal: this.file.size,
      rows: this.rows,
      elapsedSeconds: elapsed,
      mbPerSecond: rate / 1e6,
      secondsLeft: elapsed > 0.3 && rate > 0 ? left / rate : null,
      phase,
    });
  }
}
