/**
 * The sensor's parse stage on a thread of its own: the main thread forwards the input's pieces (moved, not
 * copied, where a piece owns its buffer), the thread cuts and parses batches with the code --single-thread
 * runs (parse-steps.ts) and sends each table back by transfer. So the next batch is parsed while the main
 * thread windows this one. Every request is answered in order, so the reader knows what is still unparsed.
 */
import { Worker } from 'node:worker_threads';
import { bundledWorker } from './bundled-worker.ts';
import type { ParseEvent } from './parse-steps.ts';
import { bytesOf, type SensorParser } from './sensor-parser.ts';
import { stopReason } from './thread-stop.ts';

export interface ParseThreadOptions {
  readonly format: 'csv' | 'capture';
  /** A capture's frame.time is written in it. */
  readonly timeZone: string;
  readonly batchBytes: number;
}

export type ParseRequest =
  | { readonly type: 'piece'; readonly bytes: Uint8Array }
  | { readonly type: 'flush' }
  | { readonly type: 'finish'; readonly end: boolean };

export interface ParseReply {
  readonly type: ParseRequest['type'];
  /** The piece's bytes, now parsed (0 for the other requests). */
  readonly bytes: number;
  readonly events: readonly ParseEvent[];
  /** The batcher's pending bytes and its parse time so far, after this request. */
  readonly pending: number;
  readonly parseMs: number;
}

/** Batches of unparsed input the thread is sent ahead: enough that it has work while the main thread windows. */
const UNPARSED_BATCHES = 2;

/**
 * The thread's young generation, small: what it leaves behind is mostly typed arrays (a batch's partial
 * columns), whose memory is given back only when a collection finds them, and a thread that makes little
 * else collects seldom. Under a 300,000-packet random-source flood the sensor's peak RSS was 258 MB with
 * V8's default, 231 MB with this (210 MB parsing on the main thread); parsing was no slower.
 */
const YOUNG_GENERATION_MB = 2;

/** Starts the thread; its events reach `emit` in input order. */
export async function parseThread(opts: ParseThreadOptions, emit: (e: ParseEvent) => void): Promise<SensorParser> {
  const worker = new Worker(await bundledWorker(new URL('./parse-thread.worker.ts', import.meta.url)), {
    workerData: opts,
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
  });
  let unparsed = 0;
  let pending = 0;
  let parseMs = 0;
  let down = false;
  let closing = false;
  const wakers: (() => void)[] = [];
  const finishing: (() => void)[] = [];
  const wake = (): void => {
    for (const w of wakers.splice(0)) w();
  };
  worker.on('message', (r: ParseReply) => {
    unparsed -= r.bytes;
    pending = r.pending;
    parseMs = r.parseMs;
    for (const e of r.events) emit(e);
    if (r.type === 'finish') finishing.shift()?.();
    wake();
  });
  // A thread that stops unasked fails the run, and lets no one wait on it.
  const stopped = (why: Error | number): void => {
    if (down || closing) return;
    down = true;
    const message = `the parse thread stopped (${stopReason(why)}); no further input can be parsed`;
    emit({ kind: 'failed', failure: { stage: 'take', message, offset: null } });
    wake();
    for (const f of finishing.splice(0)) f();
  };
  worker.on('error', stopped);
  worker.on('exit', stopped);
  const post = (m: ParseRequest, transfer: ArrayBuffer[] = []): void => {
    if (!down) worker.postMessage(m, transfer);
  };
  return {
    thread: 'parse',
    push(piece) {
      const own = owned(piece);
      unparsed += own.byteLength;
      try {
        post({ type: 'piece', bytes: own }, [own.buffer as ArrayBuffer]);
      } catch {
        // A buffer Node will not let go of (newer Nodes throw where older ones copied): a copy.
        const copy = new Uint8Array(own);
        post({ type: 'piece', bytes: copy }, [copy.buffer]);
      }
    },
    flush: () => post({ type: 'flush' }),
    finish(end) {
      if (down) return Promise.resolve();
      return new Promise((resolve) => {
        finishing.push(resolve);
        post({ type: 'finish', end });
      });
    },
    async room() {
      while (!down && unparsed >= UNPARSED_BATCHES * opts.batchBytes) await new Promise<void>((r) => wakers.push(r));
    },
    get pendingBytes() {
      return pending;
    },
    get parseMs() {
      return parseMs;
    },
    async close() {
      closing = true;
      await worker.terminate();
    },
  };
}

/**
 * The piece as bytes the thread can be given: its own buffer when it spans all of it (a file read, a
 * gunzip output chunk), else a copy (a slice of a pooled buffer, which must not be moved).
 */
function owned(piece: Uint8Array): Uint8Array {
  const { buffer } = piece;
  const whole = piece.byteOffset === 0 && piece.byteLength === buffer.byteLength && buffer instanceof ArrayBuffer;
  return whole ? bytesOf(piece) : new Uint8Array(piece);
}
