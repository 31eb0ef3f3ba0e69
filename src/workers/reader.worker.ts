/// <reference lib="webworker" />
/**
 * Reader worker: file -> (gunzip) -> (UTF-16 to UTF-8) -> line-aligned chunks, on request. Keeps
 * decompression, conversion and the newline search off the main thread, which only forwards chunks to the
 * ingest workers.
 *
 * A pcap or pcapng capture (told by the first bytes of the decompressed file, never by its name) is cut
 * into frames here and dealt out in batches, by conversation, to the ingest workers that dissect them
 * (ChunkSource in read-pieces.ts). Its own report (format, frames, where the file was cut) comes with the
 * last pieces.
 */
import { LineTooLongError } from '../core/ingest/line-chunker.ts';
import { MAX_LINE_BYTES } from '../core/ingest/csv-load.ts';
import type { CaptureNoteKind } from '../core/ingest/pcap/captured-frame.ts';
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

/** The reader's note counts, with a corrupt gzip counted as a corrupt block. */
function withGzip(counts: Readonly<Record<CaptureNoteKind, number>>, gzip: boolean): Record<CaptureNoteKind, number> {
  return { ...counts, corrupt: counts.corrupt + (gzip ? 1 : 0) };
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
      const pieces = readPieces(msg.file, msg.gzip, controller.signal, (n) => {
        j.fileBytesRead = n;
      });
      const j: ReadJob = {
        id: msg.jobId,
        fileBytes: msg.file.size,
        fileBytesRead: 0,
        source: new ChunkSource(pieces, { gzip: msg.gzip, maxLine: MAX_LINE_BYTES, shards: msg.shards }),
      };
      job = j;
      return;
    }
    case 'read.next': {
      const j = job;
      if (!j || j.id !== msg.jobId) return;
      try {
        const piece = await j.source.next();
        const transfer: Transferable[] = [];
        if (piece?.kind === 'lines') {
          transfer.push(piece.chunk.body.buffer as ArrayBuffer);
          if (piece.chunk.head) transfer.push(piece.chunk.head.buffer as ArrayBuffer);
        } else if (piece) {
          transfer.push(piece.batch.bytes.buffer as ArrayBuffer, piece.batch.meta.buffer as ArrayBuffer);
        }
        const r = j.source.reader;
        const format = j.source.format;
        const capture =
          r && format
            ? {
                format,
                frames: r.frames,
                notes: j.source.gzipNote ? [...r.notes, j.source.gzipNote] : r.notes,
                noteCounts: withGzip(r.noteCounts, j.source.gzipNote !== null),
              }
            : undefined;
        const encoding = j.source.encoding ?? undefined;
        const { fileBytesRead } = j;
        const { textBytes } = j.source;
        reply({ type: 'read.chunk', jobId: j.id, piece, fileBytesRead, textBytes, capture, encoding }, transfer);
      } catch (e) {
        if (e instanceof LineTooLongError)
          reply({ type: 'read.lineTooLong', jobId: j.id, lineStartByte: e.lineStartByte, maxLine: e.maxLine });
        else
          reply({
            type: 'read.failed',
            jobId: j.id,
            message: e instanceof Error ? e.message : String(e),
            where: e instanceof IngestError ? e.where : undefined,
          });
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
