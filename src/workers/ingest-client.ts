/**
 * Loads a CSV or a pcap/pcapng capture (either of them gzip-compressed) into a PacketTable using every core.
 * The reader worker reads the file, decompresses gzip and cuts it: a CSV into line-aligned chunks, which this
 * client hands, by transfer, to the least busy ingest worker; a capture into frame batches by conversation,
 * each to the worker that dissects that shard straight into columns. From the partial tables on both take
 * the same path: the workers sort their shares at once; one merges and summarises. The main
 * thread only routes messages: it never holds the file, never touches a row, and the capture already open is
 * untouched until a load succeeds.
 */
import { longLineError, LoadError, splitHeader } from '../core/ingest/csv-load.ts';
import type { HeaderPlan } from '../core/ingest/csv-header.ts';
import { LineTooLongError, type LineChunk } from '../core/ingest/line-chunker.ts';
import { shardTimes, type TimeOrder } from '../core/ingest/gather-columns.ts';
import { partialColumnBuffers, type PartialTable } from '../core/ingest/partial-table.ts';
import { tableBuffers, type Column, type PacketTable } from '../core/table/packet-table.ts';
import { sniff } from '../core/ingest/sniff.ts';
import type { FrameBatch } from '../core/ingest/pcap/frame-shards.ts';
import type { FoundEncoding } from '../core/ingest/text-encoding.ts';
import { captureReport, type ShardIssues } from '../core/ingest/pcap/shard-dissector.ts';
import { usersPlan } from '../core/ingest/pcap/users-layout.ts';
import type { CaptureFileReport } from './reader-messages.ts';
import type { IngestReply, IngestRequest } from './ingest-messages.ts';
import {
  IngestCancelled,
  IngestError,
  type IngestHandle,
  type IngestProgress,
  type IngestResult,
} from './ingest-types.ts';
import { ChunkReader } from './chunk-reader.ts';
import { createIngestWorkers, createReaderWorker, workerCount } from './worker-pool.ts';

/** Chunks in flight per worker: one being parsed, one waiting, so a worker never idles on I/O. */
const MAX_IN_FLIGHT = 2;
/** Frame batches in flight per shard's worker (a shard's batches come unevenly, so a few more wait). */
const MAX_FRAMES_IN_FLIGHT = 4;
const PROGRESS_EVERY_MS = 100;
let lastJobId = 0;

/**
 * Columns are gathered in this many rounds, each on fresh workers that are then terminated: ending a worker
 * frees its whole heap at once, where waiting for its GC would keep the partial tables and the finished
 * table alive together (twice the memory).
 */
const GATHER_ROUNDS = 8;

export function startIngest(file: Blob, fileName: string, onProgress: (p: IngestProgress) => void): IngestHandle {
  const abort = new AbortController();
  const job = new IngestJob(++lastJobId, file, fileName, abort.signal, onProgress);
  const result = job
    .run()
    .catch((e: unknown) => {
      if (abort.signal.aborted) throw new IngestCancelled();
      if (e instanceof LoadError) throw new IngestError(e.message, e.where);
      if (e instanceof IngestError) throw e;
      throw new IngestError(`Loading failed: ${e instanceof Error ? e.message : String(e)}`);
    })
    .finally(() => job.terminateWorkers());
  return { result, cancel: () => abort.abort() };
}

class IngestJob {
  private inFlight: number[] = [];
  private workers: Worker[] = [];
  private readerWorker: Worker | null = null;
  private reader: ChunkReader | null = null;
  private readonly parseWorkers = workerCount();
  private readonly chunkLines: number[] = [];
  private readonly partials: PartialTable[] = [];
  private partialReplies = 0;
  private ordered: TimeOrder | null = null;
  private readonly gathered: { readonly index: number; readonly column: Column }[] = [];
  private done: IngestResult | null = null;
  private failure: Error | null = null;
  private wake: (() => void) | null = null;
  private rows = 0;
  private fileBytesRead = 0;
  private textBytes = 0;
  private lastProgress = 0;
  private readonly started = performance.now();
  private plan: HeaderPlan | null = null;
  private compressed = false;
  private captureFile: CaptureFileReport | null = null;
  private encoding: FoundEncoding | null = null;
  /** A capture's shards' issues and TCP stream starts, as the workers report them. */
  private readonly shardIssues: ShardIssues[] = [];
  private readonly streamStarts = new Map<number, Uint32Array>();

  constructor(
    private readonly jobId: number,
    private readonly file: Blob,
    private readonly fileName: string,
    private readonly signal: AbortSignal,
    private readonly onProgress: (p: IngestProgress) => void,
  ) {
    signal.addEventListener('abort', () => this.notify());
  }

  /** Ends every thread of this load. */
  terminateWorkers(): void {
    this.terminateIngestWorkers();
    this.readerWorker?.terminate();
    this.readerWorker = null;
  }

  private terminateIngestWorkers(): void {
    this.workers.forEach((w) => {
      w.terminate();
    });
    this.workers = [];
  }

  /** Ends the current workers (freeing all their memory) and starts `n` new ones. */
  private freshWorkers(n: number): void {
    this.terminateIngestWorkers();
    this.workers = createIngestWorkers(n, (reason) => this.workerDied(`An ingest worker stopped: ${reason}`));
    this.inFlight = this.workers.map(() => 0);
    this.workers.forEach((w, i) => {
      w.onmessage = (ev: MessageEvent<IngestReply>) => this.receive(i, ev.data);
    });
  }

  /** A worker of this load died: the load fails with why, wherever it is waiting (a reply, or the next piece). */
  private workerDied(message: string): void {
    this.failure ??= new IngestError(message);
    this.reader?.fail(message);
    this.notify();
  }

  async run(): Promise<IngestResult> {
    performance.mark('ingest:start');
    // Out of the user's click or change event first, so starting threads never lengthens that task.
    await new Promise((resolve) => setTimeout(resolve, 0));
    this.check();
    this.freshWorkers(this.parseWorkers);
    const readerWorker = createReaderWorker((reason) => this.workerDied(`The reader worker stopped: ${reason}`));
    this.readerWorker = readerWorker;
    if (this.file.size === 0) throw new IngestError('The file is empty.');
    const head = new Uint8Array(await this.file.slice(0, 4096).arrayBuffer());
    const kind = sniff(head, false, { captures: true });
    if (kind.kind === 'refuse') throw new IngestError(kind.message);
    const compressed = kind.kind === 'gzip';
    this.compressed = compressed;
    this.check(); // the reader may have died while the head was read, before it had a ChunkReader to fail
    const reader = new ChunkReader(readerWorker, this.jobId, this.file, compressed, this.workers.length, this.signal);
    this.reader = reader;
    for (;;) {
      const r = await reader.next();
      this.check();
      if (r.type === 'read.failed') throw new IngestError(r.message, r.where);
      if (r.type === 'read.lineTooLong') throw await this.lineTooLong(new LineTooLongError(r.lineStartByte, r.maxLine));
      this.fileBytesRead = r.fileBytesRead;
      this.textBytes = r.textBytes;
      if (r.capture) this.captureFile = r.capture;
      if (r.encoding) this.encoding = r.encoding;
      if (!r.piece) break;
      if (r.piece.kind === 'lines') await this.dispatch(r.piece.chunk);
      else await this.dispatchFrames(r.piece.shard, r.piece.batch);
      this.progress('reading', false);
    }
    if (this.textBytes === 0) {
      throw new IngestError(compressed ? 'The file is empty once decompressed.' : 'The file holds no text.');
    }
    if (!this.plan) throw new IngestError('The file has no complete header line.', 'line 1');
    await this.until(() => this.inFlight.every((n) => n === 0));
    performance.mark('ingest:parsed');
    this.progress('finishing', true);
    return this.finish(compressed);
  }

  private async finish(compressed: boolean): Promise<IngestResult> {
    let others: (readonly Uint32Array[] | null)[] = this.workers.map(() => null);
    if (this.captureFile) {
      // tcp.stream is numbered across the shards by each stream's first frame: each shard is told the others'.
      this.workers.forEach((w) => {
        this.post(w, { type: 'ingest.streams', jobId: this.jobId });
      });
      await this.until(() => this.streamStarts.size === this.workers.length);
      const starts = this.workers.map((_, i) => this.streamStarts.get(i) as Uint32Array);
      others = starts.map((_, i) => starts.filter((__, j) => j !== i));
    }
    this.workers.forEach((w, i) => {
      this.post(w, { type: 'ingest.finish', jobId: this.jobId, otherStreams: others[i] });
    });
    await this.until(() => this.partialReplies === this.workers.length);
    const partials = this.partials;
    const plan = this.plan as HeaderPlan;
    // Every frame's time was past what a row holds, so no shard kept a row: nothing to gather (found by fuzzing).
    if (this.captureFile && partials.every((p) => p.rows === 0))
      throw new IngestError('The capture has frames but none with a time that could be read.');

    // The parse workers' heaps hold only garbage now: end them. One fresh worker orders every row by time.
    this.freshWorkers(1);
    // A capture's shards keep frame order among rows of one instant (their frame numbers go along, copied).
    const times = partials.map((p) =>
      this.captureFile ? shardTimes(plan, p) : { timeUs: p.timeUs, timeNs: p.timeNs, rows: p.rows },
    );
    this.post(
      this.workers[0],
      { type: 'ingest.order', jobId: this.jobId, times },
      times.flatMap(
        (t) => [t.timeUs.buffer, t.timeNs.buffer, ...(t.frameNumbers ? [t.frameNumbers.buffer] : [])] as ArrayBuffer[],
      ),
    );
    await this.until(() => this.ordered !== null);
    const ordered = this.ordered as unknown as TimeOrder;
    performance.mark('ingest:ordered');

    // Columns move into time order in rounds; in each, every fresh worker gathers a share at the same time.
    const rounds = shareColumns(
      plan.columns.map((_, c) => c),
      partials,
      GATHER_ROUNDS,
    );
    for (const round of rounds) {
      this.freshWorkers(workerCount());
      const target = this.gathered.length + round.length;
      shareColumns(round, partials, this.workers.length).forEach((indexes, w) => {
        const columns = indexes.map((index) => ({
          index,
          spec: plan.columns[index],
          parts: partials.map((p) => p.columns[index]),
        }));
        const transfer = columns.flatMap((g) => g.parts.flatMap(partialColumnBuffers));
        this.post(
          this.workers[w],
          {
            type: 'ingest.gather',
            jobId: this.jobId,
            perm: ordered.perm,
            sources: ordered.sources,
            rows: ordered.rows,
            columns,
          },
          transfer,
        );
      });
      await this.until(() => this.gathered.length === target);
    }
    performance.mark('ingest:gathered');
    this.freshWorkers(1);

    const columns: Column[] = new Array<Column>(plan.columns.length);
    for (const g of this.gathered) columns[g.index] = g.column;
    const table: PacketTable = {
      rowCount: ordered.timeUs.length,
      timeUs: ordered.timeUs,
      timeNs: ordered.timeNs,
      columns,
    };
    if (table.rowCount === 0)
      throw new IngestError('The file has a header but no packet rows that could be read.', 'line 2');
    const facts = {
      fileName: this.fileName,
      fileBytes: this.file.size,
      textBytes: this.textBytes,
      compressed,
      chunkLines: this.chunkLines,
      parseSeconds: 0,
      workers: this.parseWorkers,
      ...(this.captureFile || !this.encoding ? {} : { encoding: this.encoding }),
    };
    const stats = partials.map((p) => p.stats);
    this.post(
      this.workers[0],
      { type: 'ingest.summarize', jobId: this.jobId, table, plan, stats, facts },
      tableBuffers(table),
    );
    await this.until(() => this.done !== null);
    performance.mark('ingest:summarized');
    const done = this.done as unknown as IngestResult;
    const f = this.captureFile;
    const capture = f ? { capture: captureReport(f.format, f.frames, f.notes, f.noteCounts, this.shardIssues) } : {};
    return {
      table: done.table,
      summary: { ...done.summary, parseSeconds: (performance.now() - this.started) / 1000, ...capture },
    };
  }

  /** A runaway line, as a message with its line number once the chunks before it are counted. */
  private async lineTooLong(e: LineTooLongError): Promise<LoadError> {
    if (!this.plan) return longLineError(e, 0);
    await this.until(() => this.inFlight.every((n) => n === 0));
    return longLineError(
      e,
      this.chunkLines.reduce((a, b) => a + b, 1),
    );
  }

  /** A capture's frames to the worker of their shard (the first batch begins the capture's dissection). */
  private async dispatchFrames(shard: number, batch: FrameBatch): Promise<void> {
    if (!this.plan) {
      const plan = usersPlan();
      this.plan = plan;
      const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
      const textBytes = this.compressed ? null : this.file.size;
      for (const w of this.workers) {
        this.post(w, {
          type: 'ingest.begin',
          jobId: this.jobId,
          plan,
          textBytes,
          workers: this.workers.length,
          capture: { timeZone },
        });
      }
    }
    await this.until(() => this.inFlight[shard] < MAX_FRAMES_IN_FLIGHT);
    const seq = this.chunkLines.length;
    this.chunkLines.push(0);
    this.inFlight[shard]++;
    this.post(this.workers[shard], { type: 'ingest.frames', jobId: this.jobId, seq, batch }, [
      batch.bytes.buffer as ArrayBuffer,
      batch.meta.buffer as ArrayBuffer,
    ]);
  }

  private async dispatch(chunk: LineChunk | null): Promise<void> {
    if (!chunk) return;
    if (!this.plan) {
      const { plan, rest } = splitHeader(chunk);
      this.plan = plan;
      // A gzip CSV's size is not known; UTF-16 takes two bytes for each of the UTF-8 text's (mostly ASCII).
      const utf16 = this.encoding !== null && this.encoding.encoding !== 'utf-8';
      const textBytes = this.compressed ? null : utf16 ? Math.ceil(this.file.size / 2) : this.file.size;
      for (const w of this.workers) {
        this.post(w, {
          type: 'ingest.begin',
          jobId: this.jobId,
          plan,
          textBytes,
          workers: this.workers.length,
          capture: null,
        });
      }
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
        this.partials.push(...msg.partials);
        this.partialReplies++;
        if (msg.issues) this.shardIssues.push(msg.issues);
        break;
      case 'ingest.streamStarts':
        this.streamStarts.set(worker, msg.firsts);
        break;
      case 'ingest.ordered':
        this.ordered = msg.order;
        break;
      case 'ingest.gathered':
        this.gathered.push(...msg.columns);
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
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
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

/** `columns` in `ways` groups balanced by their bytes per row: biggest first, each to the lightest group. */
function shareColumns(columns: readonly number[], partials: readonly PartialTable[], ways: number): number[][] {
  const weight = (c: number): number => {
    const col = partials[0]?.columns[c];
    if (!col) return 1;
    return col.kind === 'int' ? col.bits / 8 + 0.5 : col.kind === 'float' ? 8 : col.kind === 'string' ? 4 : 1;
  };
  const order = [...columns].sort((a, b) => weight(b) - weight(a));
  const load = new Array<number>(ways).fill(0);
  const shares: number[][] = Array.from({ length: ways }, () => []);
  for (const c of order) {
    const w = load.indexOf(Math.min(...load));
    shares[w].push(c);
    load[w] += weight(c);
  }
  return shares;
}
