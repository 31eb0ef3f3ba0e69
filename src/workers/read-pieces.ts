/**
 * Reads a Blob as a sequence of byte pieces without ever holding it whole: plain files by slices, gzip
 * through the browser's streaming DecompressionStream. Reports file bytes consumed (compressed bytes for
 * gzip) so progress and error messages can say where in the file they are.
 *
 * `ChunkSource` turns those pieces into what the workers take: a CSV's line-aligned chunks, or, for a pcap
 * or pcapng capture (told by its first decompressed bytes, never its name), its frames in batches, each for
 * the worker that dissects its shard of the conversations (frame-shards.ts). A CSV in UTF-16 (a Windows
 * PowerShell redirect) is converted to UTF-8 on the way to the chunker (TextInput, as CsvLoad does). Plain code,
 * tested in Node.
 */
import { LineChunker, type LineChunk } from '../core/ingest/line-chunker.ts';
import { sniff } from '../core/ingest/sniff.ts';
import { joinBytes, TextInput, type FoundEncoding } from '../core/ingest/text-encoding.ts';
import { CaptureFormatError, type CaptureNote, type CaptureReader } from '../core/ingest/pcap/captured-frame.ts';
import { CaptureFramer } from '../core/ingest/pcap/capture-columns.ts';
import type { CaptureFormat } from '../core/ingest/pcap/capture-format.ts';
import { noFrameMessage } from '../core/ingest/pcap/capture-load.ts';
import { FrameSharder, type FrameBatch } from '../core/ingest/pcap/frame-shards.ts';
import { IngestError } from './ingest-types.ts';

const PIECE_BYTES = 4 * 1024 * 1024;
/** File pieces being read at once. */
const READ_AHEAD = 3;
/** Decompressed output arrives in small pieces; gather them so each chunk is worth a message. */
const GZIP_PIECE_BYTES = 1024 * 1024;

export async function* readPieces(
  file: Blob,
  gzip: boolean,
  signal: AbortSignal,
  onFileBytes: (n: number) => void,
): AsyncGenerator<Uint8Array> {
  if (!gzip) {
    // Reads run ahead of the consumer (a Blob read crosses to the browser process; waiting for each in turn
    // left the reader idle half the time).
    const read = (pos: number): Promise<ArrayBuffer> => file.slice(pos, pos + PIECE_BYTES).arrayBuffer();
    const ahead: Promise<ArrayBuffer>[] = [];
    let next = 0;
    for (let pos = 0; pos < file.size && !signal.aborted; pos += PIECE_BYTES) {
      while (ahead.length < READ_AHEAD && next < file.size) {
        ahead.push(read(next));
        next += PIECE_BYTES;
      }
      const piece = new Uint8Array(await (ahead.shift() as Promise<ArrayBuffer>));
      onFileBytes(Math.min(file.size, pos + PIECE_BYTES));
      yield piece;
    }
    return;
  }
  let compressedRead = 0;
  let textRead = 0;
  const counter = new TransformStream<Uint8Array, Uint8Array>({
    transform(c, ctl) {
      compressedRead += c.byteLength;
      onFileBytes(compressedRead);
      ctl.enqueue(c);
    },
  });
  const inflated = file
    .stream()
    .pipeThrough(counter)
    .pipeThrough(new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>);
  const reader = inflated.getReader();
  let parts: Uint8Array[] = [];
  let size = 0;
  const gathered = (): Uint8Array => {
    const out = parts.length === 1 ? parts[0] : new Uint8Array(size);
    if (parts.length > 1) {
      let at = 0;
      for (const p of parts) {
        out.set(p, at);
        at += p.length;
      }
    }
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

/** Frames are handed to a dissecting worker in batches of about this many bytes. */
const FRAME_BATCH_BYTES = 1 << 20;

export interface ChunkSourceOptions {
  /** The pieces are gzip-decompressed (words the refusal of what is inside). */
  readonly gzip: boolean;
  readonly maxLine: number;
  /** How many workers a capture's frames are dealt out to (frame-shards.ts). */
  readonly shards: number;
}

/** What the source hands on: a CSV's line-aligned chunk, or a capture's frames for one shard. */
export type SourcePiece =
  | { readonly kind: 'lines'; readonly chunk: LineChunk }
  | { readonly kind: 'frames'; readonly shard: number; readonly batch: FrameBatch };

export class ChunkSource {
  private readonly chunker: LineChunker;
  private readonly input = new TextInput();
  /** Bytes read so far: the file's (decompressed) bytes; for a CSV, its UTF-8 text's (what the parsers read). */
  textBytes = 0;
  /** Set on the first piece when the file is a capture; its frame batches wait in `batches`. */
  private framer: CaptureFramer | null = null;
  private sharder: FrameSharder | null = null;
  private readonly batches: SourcePiece[] = [];
  private sniffed = false;
  private head: Uint8Array = new Uint8Array(0);
  /** The pieces are all read (and a capture's reader ended); the chunker's last chunk was taken. */
  private ended = false;
  private finished = false;
  /** A capture's reader, once the whole capture is read (its notes and frame count make the report). */
  reader: CaptureReader | null = null;
  /** Where a corrupt gzip stopped a capture (the frames before it are kept), as a note for the report. */
  gzipNote: CaptureNote | null = null;

  constructor(
    private readonly pieces: AsyncIterator<Uint8Array>,
    private readonly opts: ChunkSourceOptions,
  ) {
    this.chunker = new LineChunker(opts.maxLine);
  }

  /** Whether the file turned out to be a capture (known from its first piece). */
  get isCapture(): boolean {
    return this.framer !== null;
  }

  /** The capture's format, once known. */
  get format(): CaptureFormat | null {
    return this.framer?.format ?? null;
  }

  /** A CSV's encoding, once its first bytes are read (null for a capture). */
  get encoding(): FoundEncoding | null {
    return this.framer ? null : this.input.found;
  }

  /**
   * The next piece, null at the end. Throws IngestError (with `where` for a capture's format errors) or
   * LineTooLongError.
   */
  async next(): Promise<SourcePiece | null> {
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
      const sharder = new FrameSharder(
        this.opts.shards,
        (shard, batch) => this.batches.push({ kind: 'frames', shard, batch }),
        FRAME_BATCH_BYTES,
      );
      this.sharder = sharder;
      this.framer = new CaptureFramer((fr) => sharder.add(fr));
    }
  }

  /** The next piece of the file; a capture's corrupt gzip ends it there (what was inflated is kept). */
  private async nextPiece(): Promise<IteratorResult<Uint8Array>> {
    try {
      return await this.pieces.next();
    } catch (e) {
      if (!(e instanceof IngestError) || !this.framer?.started || !e.where) throw e;
      this.gzipNote = {
        kind: 'corrupt',
        offset: this.textBytes,
        detail: `${e.message.replace(/\.$/, '')}; the frames before it are loaded`,
      };
      return { done: true, value: undefined };
    }
  }

  private async advance(): Promise<SourcePiece | null> {
    for (;;) {
      const waiting = this.batches.shift();
      if (waiting) return waiting;
      if (this.ended) {
        if (this.finished || this.framer) return null;
        this.finished = true;
        // The text's end (a file shorter than the encoding's look, a half code unit) before the last line.
        const rest = this.input.end();
        this.textBytes += rest.length;
        const lines = rest.length > 0 ? this.chunker.push(rest) : null;
        const last = this.chunker.end();
        if (lines && last) this.batches.push({ kind: 'lines', chunk: last });
        return lines ? { kind: 'lines', chunk: lines } : last ? { kind: 'lines', chunk: last } : null;
      }
      const next = await this.nextPiece();
      let value: Uint8Array;
      if (!this.sniffed) {
        // What the file is, from its first bytes: gathered until there are enough to tell (or no more).
        if (!next.done) this.head = joinBytes(this.head, next.value);
        if (!next.done && this.head.length < SNIFF_BYTES) continue;
        this.sniffed = true;
        value = this.head;
        this.head = new Uint8Array(0);
        if (value.length > 0) this.sniff(value);
        if (value.length === 0 && next.done) continue;
      } else if (next.done) {
        this.ended = true;
        if (this.framer) {
          this.reader = this.framer.end();
          (this.sharder as FrameSharder).flush();
          checkFrames(this.reader, this.framer.format as CaptureFormat, this.gzipNote);
        }
        continue;
      } else {
        value = next.value;
      }
      if (this.framer) {
        this.textBytes += value.length;
        this.framer.push(value);
        continue;
      }
      const text = this.input.push(value);
      this.textBytes += text.length;
      if (text.length === 0) continue;
      const chunk = this.chunker.push(text);
      if (chunk) return { kind: 'lines', chunk };
    }
  }
}

/** The message when a capture ends without one whole frame (as CaptureLoad.finish words it in Node). */
function checkFrames(reader: CaptureReader, format: CaptureFormat, gzipNote: CaptureNote | null): void {
  if (reader.frames > 0) return;
  const notes = gzipNote ? [...reader.notes, gzipNote] : reader.notes;
  const { message, where } = noFrameMessage({ format, notes });
  throw new IngestError(message, where);
}
