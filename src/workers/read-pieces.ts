/**
 * Reads a Blob as a sequence of byte pieces without ever holding it whole: plain files by slices, gzip
 * through the browser's streaming DecompressionStream. Reports file bytes consumed (compressed bytes for
 * gzip) so progress and error messages can say where in the file they are.
 *
 * `ChunkSource` turns those pieces into line-aligned CSV chunks: a CSV's own lines, or, for a pcap or
 * pcapng capture (told by its first decompressed bytes, never its name), the CSV the capture is dissected
 * into as it streams in (CaptureToCsv), with the capture's report at the end. Plain code, tested in Node.
 */
import { LineChunker, type LineChunk } from '../core/ingest/line-chunker.ts';
import { sniff } from '../core/ingest/sniff.ts';
import { CaptureFormatError } from '../core/ingest/pcap/captured-frame.ts';
import { CaptureToCsv } from '../core/ingest/pcap/capture-to-csv.ts';
import type { CaptureReport } from '../core/ingest/pcap/capture-columns.ts';
import { IngestError } from './ingest-types.ts';

const PIECE_BYTES = 4 * 1024 * 1024;
/** Decompressed output arrives in small pieces; gather them so each chunk is worth a message. */
const GZIP_PIECE_BYTES = 1024 * 1024;

export async function* readPieces(
  file: Blob, gzip: boolean, signal: AbortSignal, onFileBytes: (n: number) => void,
): AsyncGenerator<Uint8Array> {
  if (!gzip) {
    for (let pos = 0; pos < file.size && !signal.aborted; pos += PIECE_BYTES) {
      const piece = new Uint8Array(await file.slice(pos, pos + PIECE_BYTES).arrayBuffer());
      onFileBytes(Math.min(file.size, pos + PIECE_BYTES));
      yield piece;
    }
    return;
  }
  let compressedRead = 0;
  let textRead = 0;
  const counter = new TransformStream<Uint8Array, Uint8Array>({
    transform(c, ctl) { compressedRead += c.byteLength; onFileBytes(compressedRead); ctl.enqueue(c); },
  });
  const inflated = file.stream().pipeThrough(counter).pipeThrough(new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>);
  const reader = inflated.getReader();
  let parts: Uint8Array[] = [];
  let size = 0;
  const gathered = (): Uint8Array => {
    const out = parts.length === 1 ? parts[0] : new Uint8Array(size);
    if (parts.length > 1) { let at = 0; for (const p of parts) { out.set(p, at); at += p.length; } }
    parts = [];
    size = 0;
    return out;
  };
  try {
    for (;;) {
      if (signal.aborted) return;
      let next: ReadableStreamReadResult<Uint8Array>;
      try {
        next = await reader.read();
      } catch {
        throw new IngestError(
          `The gzip data is corrupt or truncated: decompression failed after ${compressedRead.toLocaleString('en-US')} of ` +
            `${file.size.toLocaleString('en-US')} compressed bytes (${(textRead / 1e6).toFixed(1)} MB of text read).`,
          `compressed byte ${compressedRead.toLocaleString('en-US')}`,
        );
      }
      if (next.done) break;
      textRead += next.value.length;
      parts.push(next.value);
      size += next.value.length;
      if (size >= GZIP_PIECE_BYTES) yield gathered();
    }
    if (size > 0) yield gathered();
  } finally {
    reader.cancel().catch(() => undefined);
  }
}

/** Bytes gathered before telling what the file is (the longest magic number is 6 bytes). */
const SNIFF_BYTES = 64;

/** CSV made from a capture is handed on in pieces of about this size (one chunk each). */
const CAPTURE_CSV_PIECE_ROWS = 8192;

export interface ChunkSourceOptions {
  /** The pieces are gzip-decompressed (words the refusal of what is inside). */
  readonly gzip: boolean;
  readonly maxLine: number;
  /** IANA zone for a capture's frame.time text (tshark writes the machine's zone). */
  readonly timeZone: string;
}

export class ChunkSource {
  private readonly chunker: LineChunker;
  /** CSV bytes cut so far: the file's (decompressed) bytes, or the CSV made from a capture. */
  textBytes = 0;
  /** Set on the first piece when the file is a capture; its CSV pieces wait in `csv`. */
  private capture: CaptureToCsv | null = null;
  private readonly csv: Uint8Array[] = [];
  private inputBytes = 0;
  private sniffed = false;
  private head: Uint8Array = new Uint8Array(0);
  /** The pieces are all read (and a capture's dissector ended); the chunker's last chunk was taken. */
  private ended = false;
  private finished = false;
  /** A capture's report, once the whole capture is read. */
  report: CaptureReport | null = null;
  /** Bytes of CSV a capture has been dissected into so far (handed on or waiting). */
  producedBytes = 0;

  constructor(private readonly pieces: AsyncIterator<Uint8Array>, private readonly opts: ChunkSourceOptions) {
    this.chunker = new LineChunker(opts.maxLine);
  }

  /** Whether the file turned out to be a capture (known from its first piece). */
  get isCapture(): boolean {
    return this.capture !== null;
  }

  /**
   * The next chunk of whole lines, null at the end. Throws IngestError (with `where` for a capture's
   * format errors) or LineTooLongError.
   */
  async next(): Promise<LineChunk | null> {
    try {
      return await this.advance();
    } catch (e) {
      if (e instanceof CaptureFormatError) throw new IngestError(e.message, `byte ${e.offset.toLocaleString('en-US')}`);
      throw e;
    }
  }

  private sniff(head: Uint8Array): void {
    const kind = sniff(head.subarray(0, 4096), this.opts.gzip, { captures: true });
    if (kind.kind === 'refuse' && this.opts.gzip) throw new IngestError(kind.message);
    if (kind.kind === 'pcap' || kind.kind === 'pcapng') {
      this.capture = new CaptureToCsv({ timeZone: this.opts.timeZone, pieceRows: CAPTURE_CSV_PIECE_ROWS }, (csv) => { this.producedBytes += csv.length; this.csv.push(csv); });
    }
  }

  private async advance(): Promise<LineChunk | null> {
    for (;;) {
      // CSV made from a capture: whole lines, one fresh buffer each, pushed until one completes a chunk.
      while (this.csv.length > 0) {
        const piece = this.csv.shift() as Uint8Array;
        this.textBytes += piece.length;
        const chunk = this.chunker.push(piece);
        if (chunk) return chunk;
      }
      if (this.ended) {
        if (this.finished) return null;
        this.finished = true;
        return this.chunker.end();
      }
      const next = await this.pieces.next();
      let value: Uint8Array;
      if (!this.sniffed) {
        // What the file is, from its first bytes: gathered until there are enough to tell (or no more).
        if (!next.done) this.head = join(this.head, next.value);
        if (!next.done && this.head.length < SNIFF_BYTES) continue;
        this.sniffed = true;
        value = this.head;
        this.head = new Uint8Array(0);
        if (value.length > 0) this.sniff(value);
        if (value.length === 0 && next.done) continue;
      } else if (next.done) {
        this.ended = true;
        if (this.capture) {
          this.report = this.capture.end();
          checkFrames(this.report);
        }
        continue;
      } else {
        value = next.value;
      }
      this.inputBytes += value.length;
      if (this.capture) {
        this.capture.push(value);
        continue;
      }
      this.textBytes += value.length;
      const chunk = this.chunker.push(value);
      if (chunk) return chunk;
    }
  }
}

function join(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** The message when a capture ends without one whole frame (as CaptureLoad.finish words it in Node). */
function checkFrames(report: CaptureReport): void {
  if (report.frames > 0) return;
  const cut = report.notes.find((n) => n.kind === 'truncated' || n.kind === 'corrupt');
  throw new IngestError(
    `The ${report.format} capture holds no complete frame${cut ? `: ${cut.detail.replace(/; the frames before it are loaded$/, '')}` : ''}.`,
    cut ? `byte ${cut.offset.toLocaleString('en-US')}` : undefined,
  );
}
