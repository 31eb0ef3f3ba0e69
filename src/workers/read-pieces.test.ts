import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { LineChunk } from '../core/ingest/line-chunker.ts';
import { IngestError } from './ingest-types.ts';
import { ChunkSource } from './read-pieces.ts';

const SLICE = readFileSync('fixtures/capture/lab-a-slice.pcapng');
const SLICE_CSV = readFileSync('fixtures/capture/lab-a-slice.csv');

async function* piecesOf(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.slice(at, at + size);
}

function source(bytes: Uint8Array, size = 100_003, gzip = false): ChunkSource {
  return new ChunkSource(piecesOf(bytes, size), { gzip, maxLine: 1 << 22, timeZone: 'America/New_York' });
}

/** Every chunk's lines joined again, as the ingest workers would read them. */
async function drain(s: ChunkSource): Promise<{ text: Buffer; chunks: number }> {
  const parts: Buffer[] = [];
  let chunks = 0;
  for (let c: LineChunk | null; (c = await s.next()) !== null;) {
    chunks++;
    if (c.head) parts.push(Buffer.from(c.head));
    parts.push(Buffer.from(c.body.subarray(c.bodyStart, c.bodyEnd)));
  }
  return { text: Buffer.concat(parts), chunks };
}

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
    expect(s.report).toBeNull();
    expect(s.textBytes).toBe(SLICE_CSV.length);
  });

  it('dissects a pcapng, in any pieces, into the CSV tshark exported from it', async () => {
    for (const size of [3, 4096, 100_003, SLICE.length]) {
      const s = source(SLICE, size);
      const { text } = await drain(s);
      expect(s.isCapture).toBe(true);
      expect(text.length).toBe(SLICE_CSV.length);
      expect(text.equals(SLICE_CSV)).toBe(true);
      expect(s.textBytes).toBe(SLICE_CSV.length);
      expect(s.producedBytes).toBe(SLICE_CSV.length);
      expect(s.report?.format).toBe('pcapng');
      expect(s.report?.frames).toBe(3570);
    }
  });

  it('loads a truncated capture up to the cut and reports where it is', async () => {
    const s = source(SLICE.subarray(0, 600_001));
    const { text } = await drain(s);
    const rows = text.toString('utf8').split('\n').filter(Boolean).length - 1;
    expect(s.report?.frames).toBe(rows);
    expect(rows).toBeGreaterThan(1000);
    expect(s.report?.noteCounts.truncated).toBe(1);
    const cut = s.report?.notes.find((n) => n.kind === 'truncated');
    expect(cut?.offset).toBeLessThanOrEqual(600_001);
    expect(cut?.detail).toMatch(/the frames before it are loaded/);
  });

  it('fails with where in the file when the capture cannot be read', async () => {
    const short = await failure(source(SLICE.subarray(0, 10)));
    expect(short.message).toMatch(/section header block is cut short/);
    expect(short.where).toBe('byte 0');
    const none = await failure(source(readFileSync('fixtures/bad/capture.pcapng')));
    expect(none.message).toBe('The pcapng capture holds no complete frame.');
  });

  it('refuses what a gzip file holds when it is neither CSV nor capture', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expect((await failure(source(png, 100, true))).message).toMatch(/gzip-compressed file looks like a PNG image/);
  });
});
