/**
 * Loads a tshark CSV file (plain or gzip, told by its first bytes) in Node with the same core code as the
 * browser, streamed in pieces: the CLI's counterpart of src/workers/read-pieces.ts.
 */
import { createReadStream, openSync, readSync, closeSync, statSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { CsvLoad, LoadError, type LoadResult } from '../../src/core/ingest/csv-load.ts';

export async function loadCsvFile(path: string, parsers = 1): Promise<LoadResult> {
  const fileBytes = statSync(path).size;
  const head = Buffer.alloc(2);
  const fd = openSync(path, 'r');
  readSync(fd, head, 0, 2, 0);
  closeSync(fd);
  const compressed = head[0] === 0x1f && head[1] === 0x8b;
  const load = new CsvLoad({ fileName: path, fileBytes, compressed, parsers });
  const raw = createReadStream(path, { highWaterMark: 4 * 1024 * 1024 });
  const stream = compressed ? raw.pipe(createGunzip({ chunkSize: 1024 * 1024 })) : raw;
  try {
    for await (const piece of stream) load.push(new Uint8Array(piece as Buffer));
  } catch (e) {
    if (e instanceof LoadError) throw e;
    throw new LoadError(`Reading ${path} failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  return load.finish();
}
