/**
 * Messages between the ingest client and the reader worker, which reads the file (decompressing gzip) and
 * cuts it into line-aligned chunks (a capture: frame batches) off the main thread. Pull-based: the client asks for each chunk, so the
 * reader never runs ahead of the parsers by more than one chunk.
 */
import type { CaptureReport } from '../core/ingest/pcap/capture-columns.ts';
import type { FoundEncoding } from '../core/ingest/text-encoding.ts';
import type { SourcePiece } from './read-pieces.ts';

/** What the reader knows of a capture file itself, at its end (the dissecting workers add their issues). */
export type CaptureFileReport = Pick<CaptureReport, 'format' | 'frames' | 'notes' | 'noteCounts'>;

export type ReaderRequest =
  | {
      readonly type: 'read.start';
      readonly jobId: number;
      readonly file: Blob;
      readonly gzip: boolean;
      readonly shards: number;
    }
  | { readonly type: 'read.next'; readonly jobId: number };

export type ReaderReply =
  /**
   * `piece` null: the end of the file. `textBytes`: the file's bytes (decompressed; a CSV's as UTF-8) read so
   * far. `capture`: a capture file's own report, once the whole file is read (on the last pieces). `encoding`:
   * a CSV's, once its first bytes are read.
   */
  | {
      readonly type: 'read.chunk';
      readonly jobId: number;
      readonly piece: SourcePiece | null;
      readonly fileBytesRead: number;
      readonly textBytes: number;
      readonly capture?: CaptureFileReport;
      readonly encoding?: FoundEncoding;
    }
  | {
      readonly type: 'read.lineTooLong';
      readonly jobId: number;
      readonly lineStartByte: number;
      readonly maxLine: number;
    }
  | { readonly type: 'read.failed'; readonly jobId: number; readonly message: string; readonly where?: string };
