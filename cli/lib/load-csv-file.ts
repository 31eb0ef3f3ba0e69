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
import { describeError, errnoOf } from './error-words.ts';

export interface LoadFileOptions {
  /** IANA zone for frame.time when the file is a capture (the machine's zone by default, as tshark). */
  readonly timeZone?: string;
  /** Threads a capture is dissected on (default: one per core, at most 4; 1: on this thread). */
  readonly threads?: number;
}

/** A CSV's table and summary; a capture's also with its capture report. */
export async function loadCsvFile(
  path: string,
  parsers = 1,
  opts: LoadFileOptions = {},
): Promise<LoadResult & { readonly capture?: CaptureReport }> {
  const { fileBytes, compressed } = fileHead(path);
  let load: CsvLoad | CaptureLoad | ThreadedCaptureLoad | null = null;
  const threads = opts.threads ?? Math.min(4, availableParallelism());
  const raw = createReadStream(path, { highWaterMark: 4 * 1024 * 1024 });
  const stream = compressed ? raw.pipe(createGunzip({ chunkSize: 1024 * 1024 })) : raw;
  /** A load that failed (not the stream): a bad file, or a capture thread that stopped. */
  let refused: unknown = null;
  try {
    for await (const piece of stream) {
      const bytes = new Uint8Array(piece as Buffer);
      if (!load) {
        const kind = sniff(bytes.subarray(0, 4096), compressed, { captures: true }).kind;
        const capture = { fileName: path, fileBytes, compressed, timeZone: opts.timeZone };
        load =
          kind !== 'pcap' && kind !== 'pcapng'
            ? new CsvLoad({ fileName: path, fileBytes, compressed, parsers })
            : threads > 1
              ? new ThreadedCaptureLoad(capture, threads)
              : new CaptureLoad(capture);
      }
      try {
        await load.push(bytes);
      } catch (e) {
        refused = e ?? new Error('the load failed');
        break;
      }
    }
  } catch (e) {
    if (
      (load instanceof ThreadedCaptureLoad || load instanceof CaptureLoad) &&
      !(e instanceof LoadError) &&
      load.started
    ) {
      // A capture whose gzip breaks off keeps the frames before the damage; the report says where.
      load.brokeOff(`the gzip data is corrupt or cut: ${e instanceof Error ? e.message : String(e)}`);
      return load.finish();
    }
    refused = e instanceof LoadError ? e : new LoadError(`Reading ${path} failed: ${describeError(e)}`);
  } finally {
    raw.destroy();
  }
  if (refused !== null) {
    if (load instanceof ThreadedCaptureLoad) await load.close();
    throw refused instanceof LoadError ? refused : new LoadError(`Reading ${path} failed: ${describeError(refused)}`);
  }
  return (load ?? new CsvLoad({ fileName: path, fileBytes, compressed, parsers })).finish();
}

/** The file's size and whether it is gzip; a file that cannot be read is an error that names it. */
function fileHead(path: string): { fileBytes: number; compressed: boolean } {
  const head = Buffer.alloc(2);
  try {
    const fileBytes = statSync(path).size;
    const fd = openSync(path, 'r');
    try {
      readSync(fd, head, 0, 2, 0);
    } finally {
      closeSync(fd);
    }
    return { fileBytes, compressed: head[0] === 0x1f && head[1] === 0x8b };
  } catch (e) {
    // A read's error has no path (a folder fails there): given one, so that it says which file.
    const err = errnoOf(e);
    if (err && !err.path) err.path = path;
    throw e;
  }
}
