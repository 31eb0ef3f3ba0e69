/**
 * Messages between the ingest client and the reader worker, which reads the file (decompressing gzip) and
 * cuts it into line-aligned chunks off the main thread. Pull-based: the client asks for each chunk, so the
 * reader never runs ahead of the parsers by more than one chunk.
 */
import type { LineChunk } from '../core/ingest/line-chunker.ts';
import type { CaptureReport } from '../core/ingest/pcap/capture-columns.ts';

export type ReaderRequest =
  | { readonly type: 'read.start'; readonly jobId: number; readonly file: Blob; readonly gzip: boolean }
  | { readonly type: 'read.next'; readonly jobId: number };

export type ReaderReply =
  /**
   * `chunk` null: the end of the file. `textBytes`: CSV bytes cut so far (for a capture, of the CSV made from
   * it). `capture`: a capture's report, once the whole file is read (on the last chunks). `textEstimate`: for
   * a capture, the CSV it will make in all, estimated from the file bytes read so far.
   */
  | {
    readonly type: 'read.chunk'; readonly jobId: number; readonly chunk: LineChunk | null; readonly fileBytesRead: number;
    readonly textBytes: number; readonly capture?: CaptureReport; readonly textEstimate?: number;
  }
  | { readonly type: 'read.lineTooLong'; readonly jobId: number; readonly lineStartByte: number; readonly maxLine: number }
  | { readonly type: 'read.failed'; readonly jobId: number; readonly message: string; readonly where?: string };
