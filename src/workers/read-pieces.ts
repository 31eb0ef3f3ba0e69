/**
 * Reads a Blob as a sequence of byte pieces without ever holding it whole: plain files by slices, gzip
 * through the browser's streaming DecompressionStream. Reports file bytes consumed (compressed bytes for
 * gzip) so progress and error messages can say where in the file they are.
 */
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
