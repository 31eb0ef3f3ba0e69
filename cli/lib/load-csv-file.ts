/**
 * Loads a tshark CSV or a capture (pcap, pcapng; either plain or gzip, all told by their first bytes) in
 * Node with the same core code as the browser, streamed in pieces: the CLI's counterpart of
 * src/workers/read-pieces.ts. A capture is dissected into the users' CSV layout first (src/core/ingest/pcap).
 */
import { createReadStream, openSync, readSync, closeSync, statSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { CsvLoad, LoadError, type LoadResult } from '../../src/core/ingest/csv-load.ts';
import { CaptureLoad } from '../../src/core/ingest/pcap/capture-load.ts';
import { sniff } from '../../src/core/ingest/sniff.ts';

export interface LoadFileOptions {
  /** IANA zone for frame.time when the file is a capture (the machine's zone by default, as tshark). */
  readonly timeZone?: string;
}

export async function loadCsvFile(path: string, parsers = 1, opts: LoadFileOptions = {}): Promise<LoadResult> {
  const fileBytes = statSync(path).size;
  const head = Buffer.alloc(2);
  const fd = openSync(path, 'r');
  readSync(fd, head, 0, 2, 0);
  closeSync(fd);
  const compressed = head[0] === 0x1f && head[1] === 0x8b;
  let load: CsvLoad | CaptureLoad | null = null;
  const raw = createReadStream(path, { highWaterMark: 4 * 1024 * 1024 });
  const stream = compressed ? raw.pipe(createGunzip({ chunkSize: 1024 * 1024 })) : raw;
  try {
    for await (const piece of stream) {
      const bytes = new Uint8Array(piece as Buffer);
      if (!load) {
        const kind = sniff(bytes.subarray(0, 4096), compressed, { captures: true }).kind;
        load = kind === 'pcap' || kind === 'pcapng'
          ? new CaptureLoad({ fileName: path, fileBytes, compressed, timeZone: opts.timeZone })
          : new CsvLoad({ fileName: path, fileBytes, compressed, parsers });
      }
      load.push(bytes);
    }
  } catch (e) {
    if (e instanceof LoadError) throw e;
    throw new LoadError(`Reading ${path} failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  return (load ?? new CsvLoad({ fileName: path, fileBytes, compressed, parsers })).finish();
}
