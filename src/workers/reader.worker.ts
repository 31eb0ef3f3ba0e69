/// <reference lib="webworker" />
/**
 * Reader worker: file -> (gunzip) -> line-aligned chunks, on request. Keeps decompression and the newline
 * search off the main thread, which only forwards chunks to the ingest workers.
 */
import { LineChunker, LineTooLongError, type LineChunk } from '../core/ingest/line-chunker.ts';
import { MAX_LINE_BYTES } from '../core/ingest/csv-load.ts';
import { sniff } from '../core/ingest/sniff.ts';
import { IngestError } from './ingest-types.ts';
import { readPieces } from './read-pieces.ts';
import type { ReaderReply, ReaderRequest } from './reader-messages.ts';

declare const self: DedicatedWorkerGlobalScope;

interface ReadJob {
  readonly id: number;
  readonly pieces: AsyncGenerator<Uint8Array>;
  readonly chunker: LineChunker;
  readonly gzip: boolean;
  fileBytesRead: number;
  textBytes: number;
  ended: boolean;
}

let job: ReadJob | null = null;
let queue = Promise.resolve();

function reply(msg: ReaderReply, transfer: Transferable[] = []): void {
  self.postMessage(msg, transfer);
}

async function nextChunk(j: ReadJob): Promise<LineChunk | null> {
  for (;;) {
    if (j.ended) return null;
    const { value, done } = await j.pieces.next();
    if (done) {
      j.ended = true;
      return j.chunker.end();
    }
    if (j.textBytes === 0 && j.gzip) {
      const inner = sniff(value.subarray(0, 4096), true);
      if (inner.kind === 'refuse') throw new IngestError(inner.message);
    }
    j.textBytes += value.length;
    const chunk = j.chunker.push(value);
    if (chunk) return chunk;
  }
}

async function serve(msg: ReaderRequest): Promise<void> {
  switch (msg.type) {
    case 'read.start': {
      const controller = new AbortController();
      const j: ReadJob = {
        id: msg.jobId, chunker: new LineChunker(MAX_LINE_BYTES), gzip: msg.gzip, fileBytesRead: 0, textBytes: 0, ended: false,
        pieces: readPieces(msg.file, msg.gzip, controller.signal, (n) => { j.fileBytesRead = n; }),
      };
      job = j;
      return;
    }
    case 'read.next': {
      const j = job;
      if (!j || j.id !== msg.jobId) return;
      try {
        const chunk = await nextChunk(j);
        const transfer: Transferable[] = [];
        if (chunk) {
          transfer.push(chunk.body.buffer as ArrayBuffer);
          if (chunk.head) transfer.push(chunk.head.buffer as ArrayBuffer);
        }
        reply({ type: 'read.chunk', jobId: j.id, chunk, fileBytesRead: j.fileBytesRead, textBytes: j.textBytes }, transfer);
      } catch (e) {
        if (e instanceof LineTooLongError) reply({ type: 'read.lineTooLong', jobId: j.id, lineStartByte: e.lineStartByte, maxLine: e.maxLine });
        else reply({ type: 'read.failed', jobId: j.id, message: e instanceof Error ? e.message : String(e), where: e instanceof IngestError ? e.where : undefined });
      }
      return;
    }
    default: {
      const never: never = msg;
      throw new Error(`unknown message ${JSON.stringify(never)}`);
    }
  }
}

// Requests are served one after another: each read continues where the previous one stopped.
self.onmessage = (ev: MessageEvent<ReaderRequest>): void => {
  queue = queue.then(() => serve(ev.data));
};
