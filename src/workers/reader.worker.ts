/// <reference lib="webworker" />
/**
 * Reader worker: file -> (gunzip) -> line-aligned chunks, on request. Keeps decompression and the newline
 * search off the main thread, which only forwards chunks to the ingest workers.
 *
 * A pcap or pcapng capture (told by the first bytes of the decompressed file, never by its name) is
 * dissected here, as it streams in, into the users' CSV (ChunkSource in read-pieces.ts); that CSV goes
 * through the same LineChunker and ingest workers as a CSV file does. Its report (format, frames, where the
 * file was cut, frames dissection stopped short on) comes with the last chunks.
 */
import { LineTooLongError } from '../core/ingest/line-chunker.ts';
import { MAX_LINE_BYTES } from '../core/ingest/csv-load.ts';
import { IngestError } from './ingest-types.ts';
import { ChunkSource, readPieces } from './read-pieces.ts';
import type { ReaderReply, ReaderRequest } from './reader-messages.ts';

declare const self: DedicatedWorkerGlobalScope;

interface ReadJob {
  readonly id: number;
  readonly source: ChunkSource;
  readonly fileBytes: number;
  fileBytesRead: number;
}

/** A capture's CSV size in all, from what the file bytes read so far made (for sizing the parsers' arrays once). */
function csvEstimate(j: ReadJob): number | undefined {
  if (!j.source.isCapture || j.fileBytesRead === 0) return undefined;
  return Math.round((j.source.producedBytes / j.fileBytesRead) * j.fileBytes);
}

let job: ReadJob | null = null;
let queue = Promise.resolve();

function reply(msg: ReaderReply, transfer: Transferable[] = []): void {
  self.postMessage(msg, transfer);
}

async function serve(msg: ReaderRequest): Promise<void> {
  switch (msg.type) {
    case 'read.start': {
      const controller = new AbortController();
      const pieces = readPieces(msg.file, msg.gzip, controller.signal, (n) => { j.fileBytesRead = n; });
      const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
      const j: ReadJob = { id: msg.jobId, fileBytes: msg.file.size, fileBytesRead: 0, source: new ChunkSource(pieces, { gzip: msg.gzip, maxLine: MAX_LINE_BYTES, timeZone }) };
      job = j;
      return;
    }
    case 'read.next': {
      const j = job;
      if (!j || j.id !== msg.jobId) return;
      try {
        const chunk = await j.source.next();
        const transfer: Transferable[] = [];
        if (chunk) {
          transfer.push(chunk.body.buffer as ArrayBuffer);
          if (chunk.head) transfer.push(chunk.head.buffer as ArrayBuffer);
        }
        reply({
          type: 'read.chunk', jobId: j.id, chunk, fileBytesRead: j.fileBytesRead, textBytes: j.source.textBytes,
          capture: j.source.report ?? undefined, textEstimate: csvEstimate(j),
        }, transfer);
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
