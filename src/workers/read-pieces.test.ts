import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { FrameBatch } from '../core/ingest/pcap/frame-shards.ts';
import { IngestError } from './ingest-types.ts';
import { ChunkSource, readPieces } from './read-pieces.ts';

const SLICE = readFileSync('fixtures/capture/lab-a-slice.pcapng');
const SLICE_CSV = readFileSync('fixtures/capture/lab-a-slice.csv');

async function* piecesOf(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.slice(at, at + size);
}

function source(bytes: Uint8Array, size = 100_003, gzip = false, shards = 2): ChunkSource {
  return new ChunkSource(piecesOf(bytes, size), { gzip, maxLine: 1 << 22, shards });
}

/** Every chunk's lines joined again, as the ingest workers would read them; a capture's frame batches by shard. */
async function drain(
  s: ChunkSource,
): Promise<{ text: Buffer; chunks: number; batches: { shard: number; batch: FrameBatch }[] }> {
  const parts: Buffer[] = [];
  const batches: { shard: number; batch: FrameBatch }[] = [];
  let chunks = 0;
  for (let p = await s.next(); p !== null; p = await s.next()) {
    chunks++;
    if (p.kind === 'frames') {
      batches.push(p);
      continue;
    }
    const c = p.chunk;
    if (c.head) parts.push(Buffer.from(c.head));
    parts.push(Buffer.from(c.body.subarray(c.bodyStart, c.bodyEnd)));
  }
  return { text: Buffer.concat(parts), chunks, batches };
}

const framesOf = (batches: { batch: FrameBatch }[]): number => batches.reduce((n, b) => n + b.batch.count, 0);

async function failure(s: ChunkSource): Promise<IngestError> {
  try {
    await drain(s);
  } catch (e) {
    if (e instanceof IngestError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('ChunkSource', () => {
  it('passes a CSV through as line-aligned chunks', async () => {
    const s = source(SLICE_CSV, 65_537);
    const { text, chunks } = await drain(s);
    expect(text.equals(SLICE_CSV)).toBe(true);
    expect(chunks).toBeGreaterThan(10);
    expect(s.isCapture).toBe(false);
    expect(s.reader).toBeNull();
    expect(s.textBytes).toBe(SLICE_CSV.length);
  });

  it('deals a pcapng, in any pieces, out to the shards as frame batches, every frame once and in order', async () => {
    for (const size of [3, 4096, 100_003, SLICE.length]) {
      const s = source(SLICE, size, false, 3);
      const { text, batches } = await drain(s);
      expect(s.isCapture).toBe(true);
      expect(text.length).toBe(0);
      expect(s.textBytes).toBe(SLICE.length);
      expect(s.format).toBe('pcapng');
      expect(s.reader?.frames).toBe(3570);
      expect(framesOf(batches)).toBe(3570);
      expect(new Set(batches.map((b) => b.shard))).toEqual(new Set([0, 1, 2]));
      const numbers = [0, 1, 2].map((shard) =>
        batches
          .filter((b) => b.shard === shard)
          .flatMap((b) => Array.from({ length: b.batch.count }, (_, i) => b.batch.meta[i * 7])),
      );
      for (const n of numbers) expect(n).toEqual([...n].sort((a, b) => a - b));
      expect(numbers.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 3570 }, (_, i) => i + 1));
    }
  });

  it('loads a truncated capture up to the cut and reports where it is', async () => {
    const s = source(SLICE.subarray(0, 600_001));
    const { batches } = await drain(s);
    const frames = framesOf(batches);
    expect(s.reader?.frames).toBe(frames);
    expect(frames).toBeGreaterThan(1000);
    expect(s.reader?.noteCounts.truncated).toBe(1);
    const cut = s.reader?.notes.find((n) => n.kind === 'truncated');
    expect(cut?.offset).toBeLessThanOrEqual(600_001);
    expect(cut?.detail).toMatch(/the frames before it are loaded/);
  });

  it('keeps the frames a corrupt gzip inflated before the damage, and says where it stopped', async () => {
    const gz = gzipSync(SLICE);
    const bad = gz.slice();
    bad.fill(0x55, Math.floor(gz.length / 2), Math.floor(gz.length / 2) + 64);
    const blob = new Blob([bad]);
    const s = new ChunkSource(
      readPieces(blob, true, new AbortController().signal, () => {}),
      { gzip: true, maxLine: 1 << 22, shards: 2 },
    );
    const { batches } = await drain(s);
    const frames = framesOf(batches);
    expect(frames).toBeGreaterThan(500);
    expect(frames).toBeLessThan(3570);
    expect(s.reader?.frames).toBe(frames);
    expect(s.gzipNote?.kind).toBe('corrupt');
    expect(s.gzipNote?.detail).toMatch(
      /^The gzip data is corrupt or truncated: decompression failed after [\d,]+ of [\d,]+ compressed bytes .*; the frames before it are loaded$/,
    );
  });

  it('fails with where in the file when the capture cannot be read', async () => {
    const short = await failure(source(SLICE.subarray(0, 10)));
    expect(short.message).toMatch(/section header block is cut short/);
    expect(short.where).toBe('byte 0');
    const none = await failure(source(readFileSync('fixtures/bad/capture.pcapng')));
    expect(none.message).toBe('The pcapng capture holds no complete frame.');
  });

  it('converts a UTF-16 CSV to UTF-8 before cutting it, plain or gzip, split anywhere', async () => {
    const le = readFileSync('fixtures/csv/odd/powershell-utf16le.csv');
    const utf8 = Buffer.from(new TextDecoder('utf-16le').decode(le));
    for (const size of [1, 3, 4099, 1 << 20]) {
      const s = source(le, size);
      const { text } = await drain(s);
      expect(text.equals(utf8)).toBe(true);
      expect(s.encoding).toEqual({ encoding: 'utf-16le', bom: true });
      expect(s.textBytes).toBe(utf8.length);
    }
    const be = readFileSync('fixtures/csv/odd/utf16be.tsv');
    const gz = new Blob([gzipSync(be)]);
    const inflated = readPieces(gz, true, new AbortController().signal, () => {});
    const s = new ChunkSource(inflated, { gzip: true, maxLine: 1 << 22, shards: 2 });
    const { text } = await drain(s);
    expect(text.equals(readFileSync('fixtures/csv/odd/tshark-default.tsv'))).toBe(true);
    expect(s.encoding).toEqual({ encoding: 'utf-16be', bom: true });
  });

  it('passes a file shorter than the encoding sniff through whole', async () => {
    const tiny = Buffer.from('frame.time_epoch\n1.5\n2.5');
    const s = source(tiny, 4);
    expect((await drain(s)).text.equals(tiny)).toBe(true);
    expect(s.encoding).toEqual({ encoding: 'utf-8', bom: false });
  });

  it('refuses what a gzip file holds when it is neither CSV nor capture', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expect((await failure(source(png, 100, true))).message).toMatch(/gzip-compressed file looks like a PNG image/);
  });
});
