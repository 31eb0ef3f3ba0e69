/**
 * A capture loaded in Node on every core, as the workbench's workers load it: this thread reads and frames
 * the capture and deals the frames out by conversation (FrameSharder); a thread per shard dissects its
 * frames into columns; the shards' rows are merged in frame order. The table equals CaptureLoad's (one
 * thread), which frame-shards.test.ts holds it to.
 */
import { Worker } from 'node:worker_threads';
import { LoadError } from '../../src/core/ingest/csv-load.ts';
import { mergePartials } from '../../src/core/ingest/gather-columns.ts';
import type { PartialTable } from '../../src/core/ingest/partial-table.ts';
import { summarize } from '../../src/core/ingest/summarize.ts';
import { CaptureFramer } from '../../src/core/ingest/pcap/capture-columns.ts';
import {
  localTimeZone,
  noFrameMessage,
  type CaptureLoadOptions,
  type CaptureLoadResult,
} from '../../src/core/ingest/pcap/capture-load.ts';
import { CaptureFormatError, type CaptureNote } from '../../src/core/ingest/pcap/captured-frame.ts';
import { FrameSharder, type FrameBatch } from '../../src/core/ingest/pcap/frame-shards.ts';
import { captureReport, type ShardIssues } from '../../src/core/ingest/pcap/shard-dissector.ts';
import { usersPlan } from '../../src/core/ingest/pcap/users-layout.ts';
import { bundledWorker } from './bundled-worker.ts';
import { stopReason } from './thread-stop.ts';

export type ShardRequest =
  | { readonly type: 'frames'; readonly batch: FrameBatch }
  | { readonly type: 'streams' }
  | { readonly type: 'finish'; readonly others: readonly Uint32Array[] };

export type ShardReply =
  | { readonly type: 'dissected'; readonly rows: number }
  | { readonly type: 'streams'; readonly firsts: Uint32Array }
  | { readonly type: 'rows'; readonly partials: PartialTable[]; readonly issues: ShardIssues }
  | { readonly type: 'failed'; readonly error: string };

/** Frame batches waiting for a shard's thread before the reader waits too. */
const IN_FLIGHT = 6;

class ShardThread {
  inFlight = 0;
  private waiters: ((r: ShardReply) => void)[] = [];
  private drained: (() => void)[] = [];
  failure: string | null = null;
  private closing = false;

  constructor(readonly worker: Worker) {
    worker.on('message', (r: ShardReply) => {
      if (r.type === 'failed') this.failure ??= r.error;
      if (r.type === 'dissected' || r.type === 'failed') {
        this.inFlight = Math.max(0, this.inFlight - 1);
        for (const d of this.drained.splice(0)) d();
      }
      if (r.type !== 'dissected') this.waiters.shift()?.(r);
    });
    // A thread that stops unasked fails the load, and lets no one wait on it.
    const stopped = (why: Error | number): void => {
      if (this.closing) return;
      this.failure ??= `it stopped (${stopReason(why)})`;
      for (const d of this.drained.splice(0)) d();
      for (const w of this.waiters.splice(0)) w({ type: 'failed', error: this.failure });
    };
    worker.on('error', stopped);
    worker.on('exit', stopped);
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.worker.terminate();
  }

  send(m: ShardRequest, transfer: ArrayBuffer[] = []): void {
    if (m.type === 'frames') this.inFlight++;
    this.worker.postMessage(m, transfer);
  }

  /** Resolves once fewer than `n` batches wait for this thread. */
  async room(n: number): Promise<void> {
    while (this.inFlight >= n && !this.failure) await new Promise<void>((r) => this.drained.push(r));
  }

  ask(m: ShardRequest): Promise<ShardReply> {
    if (this.failure) return Promise.resolve({ type: 'failed', error: this.failure });
    const p = new Promise<ShardReply>((r) => this.waiters.push(r));
    this.send(m);
    return p;
  }
}

export class ThreadedCaptureLoad {
  private readonly framer: CaptureFramer;
  private readonly sharder: FrameSharder;
  private readonly ready: Promise<ShardThread[]>;
  private readonly waiting: { shard: number; batch: FrameBatch }[] = [];
  private bytes = 0;
  private readonly t0 = performance.now();
  private gzipNote: CaptureNote | null = null;
  /** Seconds from the start until every frame was dissected into its shard's columns, and until merged. */
  readonly phases = { dissectedS: 0, mergedS: 0 };

  constructor(
    private readonly opts: CaptureLoadOptions,
    readonly threads: number,
  ) {
    const timeZone = opts.timeZone ?? localTimeZone();
    this.ready = bundledWorker(new URL('./capture-shard.worker.ts', import.meta.url)).then((src) =>
      Array.from({ length: threads }, () => new ShardThread(new Worker(src, { workerData: { timeZone } }))),
    );
    this.sharder = new FrameSharder(threads, (shard, batch) => this.waiting.push({ shard, batch }));
    this.framer = new CaptureFramer((fr) => this.sharder.add(fr));
  }

  /** Feeds the next bytes of the (decompressed) capture; resolves when the shards can take more. */
  async push(piece: Uint8Array): Promise<void> {
    this.bytes += piece.length;
    wrap(() => this.framer.push(piece));
    await this.dispatch();
  }

  /** Whether the capture's header was read (a later fault keeps the frames before it). */
  get started(): boolean {
    return this.framer.started;
  }

  /** The input broke off (a corrupt gzip): the frames before it are kept, and the report says where. */
  brokeOff(detail: string): void {
    this.gzipNote = { kind: 'corrupt', offset: this.bytes, detail: `${detail}; the frames before it are loaded` };
  }

  async finish(): Promise<CaptureLoadResult> {
    const threads = await this.ready;
    try {
      const reader = wrap(() => this.framer.end());
      this.sharder.flush();
      await this.dispatch();
      const format = this.framer.format ?? 'pcap';
      const notes = this.gzipNote ? [...reader.notes, this.gzipNote] : reader.notes;
      const noteCounts = { ...reader.noteCounts, corrupt: reader.noteCounts.corrupt + (this.gzipNote ? 1 : 0) };
      if (reader.frames === 0) {
        const { message, where } = noFrameMessage({ format, notes });
        throw new LoadError(message, where);
      }
      const firsts = (await Promise.all(threads.map((t) => t.ask({ type: 'streams' })))).map((r) => streamsOf(r));
      const rows = await Promise.all(
        threads.map((t, i) => t.ask({ type: 'finish', others: firsts.filter((_, j) => j !== i) })),
      );
      const done = rows.map((r) => rowsOf(r));
      this.phases.dissectedS = (performance.now() - this.t0) / 1000;
      const partials = done.flatMap((d) => d.partials);
      const plan = usersPlan();
      const table = mergePartials(plan, partials, true);
      this.phases.mergedS = (performance.now() - this.t0) / 1000;
      if (table.rowCount === 0) throw new LoadError('The capture has frames but none with a time that could be read.');
      const summary = summarize(
        table,
        plan,
        partials.map((p) => p.stats),
        {
          fileName: this.opts.fileName,
          fileBytes: this.opts.fileBytes,
          textBytes: this.bytes,
          compressed: this.opts.compressed,
          chunkLines: [reader.frames],
          parseSeconds: (performance.now() - this.t0) / 1000,
          workers: threads.length,
        },
      );
      return {
        table,
        summary,
        capture: captureReport(
          format,
          reader.frames,
          notes,
          noteCounts,
          done.map((d) => d.issues),
        ),
      };
    } finally {
      await this.close();
    }
  }

  /** Ends the threads (also when a load is abandoned half way). */
  async close(): Promise<void> {
    const threads = await this.ready;
    await Promise.all(threads.map((t) => t.close()));
  }

  private async dispatch(): Promise<void> {
    const threads = await this.ready;
    for (const { shard, batch } of this.waiting.splice(0)) {
      const t = threads[shard];
      await t.room(IN_FLIGHT);
      if (t.failure) throw new Error(`a capture thread failed: ${t.failure}`);
      t.send({ type: 'frames', batch }, [batch.bytes.buffer as ArrayBuffer, batch.meta.buffer as ArrayBuffer]);
    }
  }
}

function streamsOf(r: ShardReply): Uint32Array {
  if (r.type === 'streams') return r.firsts;
  throw new Error(`a capture thread failed: ${r.type === 'failed' ? r.error : r.type}`);
}

function rowsOf(r: ShardReply): { partials: PartialTable[]; issues: ShardIssues } {
  if (r.type === 'rows') return r;
  throw new Error(`a capture thread failed: ${r.type === 'failed' ? r.error : r.type}`);
}

function wrap<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof CaptureFormatError) throw new LoadError(e.message, `byte ${e.offset.toLocaleString('en-US')}`);
    throw e;
  }
}
