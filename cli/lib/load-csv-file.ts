/**
 * Loads a tshark CSV or a capture (pcap, pcapng; either plain or gzip, all told by their first bytes) in
 * Node with the same core code as the browser, streamed in pieces: the CLI's counterpart of
 * src/workers/read-pieces.ts. A capture is dissected straight into the users' columns, on a thread per core
 * as the workbench does (capture-threads.ts); a corrupt gzip keeps the frames before the damage.
 */
import { createReadStream, openSync, readSync, closeSync, statSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { CsvLoad, LoadError, type LoadResult } from '../../src/core/ingest/csv-load.ts';
import { availableParallelism } from 'node:os';
import { CaptureLoad } from '../../src/core/ingest/pcap/capture-load.ts';
import type { CaptureReport } from '../../src/core/ingest/pcap/capture-columns.ts';
import { ThreadedCaptureLoad } from './capture-threads.ts';
import { sniff } from '../../src/core/ingest/sniff.ts';

export interface LoadFileOptions {
  /** IANA zone for frame.time when the file is a capture (the machine's zone by default, as tshark). */
  readonly timeZone?: string;
  /** Threads a capture is dissected on (default: one per core, at most 4; 1: on this thread). */
  readonly threads?: number;
}

/** A CSV's table and summary; a capture's also with its capture report. */
export async function loadCsvFile(path: string, parsers = 1, opts: LoadFileOptions = {}): Promise<LoadResult & { readonly capture?: CaptureReport }> {
  const fileBytes = statSync(path).size;
  const head = Buffer.alloc(2);
  const fd = openSync(path, 'r');
  readSync(fd, head, 0, 2, 0);
  closeSync(fd);
  const compressed = head[0] === 0x1f && head[1] === 0x8b;
  let load: CsvLoad | CaptureLoad | ThreadedCaptureLoad | null = null;
  const threads = opts.threads ?? Math.min(4, availableParallelism());
  const raw = createReadStream(path, { highWaterMark: 4 * 1024 * 1024 });
  const stream = compressed ? raw.pipe(createGunzip({ chunkSize: 1024 * 1024 })) : raw;
  try {
    for await (const piece of stream) {
      const bytes = new Uint8Array(piece as Buffer);
      if (!load) {
        const kind = sniff(bytes.subarray(0, 4096), compressed, { captures: true }).kind;
        const capture = { fileName: path, fileBytes, compressed, timeZone: opts.timeZone };
        load = kind !== 'pcap' && kind !== 'pcapng' ? new CsvLoad({ fileName: path, fileBytes, compressed, parsers })
          : threads > 1 ? new ThreadedCaptureLoad(capture, threads) : new CaptureLoad(capture);
      }
      await load.push(bytes);
    }
  } catch (e) {
    if ((load instanceof ThreadedCaptureLoad || load instanceof CaptureLoad) && !(e instanceof LoadError) && load.started) {
      // A capture whose gzip breaks off keeps the frames before the damage; the report says where.
      load.brokeOff(`the gzip data is corrupt or cut: ${e instanceof Error ? e.message : String(e)}`);
      return load.finish();
    }
    if (load instanceof ThreadedCaptureLoad) await load.close();
    if (e instanceof LoadError) throw e;
    throw new LoadError(`Reading ${path} failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  return (load ?? new CsvLoad({ fileName: path, fileBytes, compressed, parsers })).finish();
}
