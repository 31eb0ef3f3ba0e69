/**
 * The fuzz targets that need Node: a file through the CLI's loader (loadCsvFile: zlib's streaming gunzip,
 * the sniff, the loaders) and the browser reader worker's steps (readPieces: DecompressionStream, which Node
 * has too; ChunkSource: the sniff, line chunks, the framer and the sharder) on plain and gzip bytes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { loadCsvFile } from '../../cli/lib/load-csv-file.ts';
import { captureInput, csvInput, gzipInput } from '../../src/core/fuzz/inputs.ts';
import { below, type Rng } from '../../src/core/fuzz/mutator.ts';
import {
  checkReport,
  checkTable,
  FuzzFinding,
  refused,
  tableOutcome,
  type Outcome,
} from '../../src/core/fuzz/outcome.ts';
import type { FuzzTarget } from '../../src/core/fuzz/targets.ts';
import { LoadError, MAX_LINE_BYTES } from '../../src/core/ingest/csv-load.ts';
import { LineTooLongError } from '../../src/core/ingest/line-chunker.ts';
import { IngestError } from '../../src/workers/ingest-types.ts';
import { ChunkSource, readPieces } from '../../src/workers/read-pieces.ts';

const DIR = join(tmpdir(), `nids-fuzz-${process.pid}-${threadId}`);

async function nodeLoad(input: Uint8Array): Promise<Outcome> {
  mkdirSync(DIR, { recursive: true });
  const path = join(DIR, 'input');
  writeFileSync(path, input);
  let r: Awaited<ReturnType<typeof loadCsvFile>>;
  try {
    r = await loadCsvFile(path, 1, { threads: 1, timeZone: 'UTC' });
  } catch (e) {
    return refused(e, LoadError);
  }
  checkTable(r.table, 'loadCsvFile');
  if (r.capture) checkReport(r.capture, r.summary.textBytes, 'loadCsvFile');
  return tableOutcome(r.table.rowCount, r.capture?.notes.length ?? 0);
}

function isGzip(b: Uint8Array): boolean {
  return b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
}

async function reader(input: Uint8Array, rng: Rng): Promise<Outcome> {
  const gzip = isGzip(input);
  const source = new ChunkSource(
    readPieces(new Blob([input.slice()]), gzip, new AbortController().signal, () => undefined),
    { gzip, maxLine: rng() < 0.2 ? 1 + below(rng, 4096) : MAX_LINE_BYTES, shards: 1 + below(rng, 4) },
  );
  let lines = 0;
  let frames = 0;
  try {
    for (let p = await source.next(); p !== null; p = await source.next()) {
      if (p.kind === 'frames') {
        frames += p.batch.count;
        continue;
      }
      const c = p.chunk;
      if (c.bodyStart < 0 || c.bodyEnd > c.body.length || c.bodyStart > c.bodyEnd)
        throw new FuzzFinding('broken-result', `a chunk of [${c.bodyStart}, ${c.bodyEnd}) in ${c.body.length} bytes`);
      lines++;
    }
  } catch (e) {
    if (e instanceof FuzzFinding) throw e;
    return refused(e, IngestError, LineTooLongError);
  }
  if (source.reader) {
    checkReport(
      { frames: source.reader.frames, notes: source.reader.notes, noteCounts: source.reader.noteCounts, issues: [] },
      source.textBytes,
      'ChunkSource',
    );
    if (frames !== source.reader.frames)
      throw new FuzzFinding('broken-result', `ChunkSource: ${frames} frames dealt out of ${source.reader.frames} read`);
  }
  return { kind: 'table', detail: source.reader ? `${frames} frames` : `${lines} chunks` };
}

export const NODE_TARGETS: readonly FuzzTarget[] = [
  {
    name: 'gzip-node',
    what: "the CLI's loadCsvFile (zlib's streaming gunzip) on a file",
    make: gzipInput,
    run: nodeLoad,
  },
  {
    name: 'reader',
    what: "the browser reader worker's steps: readPieces (DecompressionStream) and ChunkSource",
    make: (s, rng) => {
      const r = rng();
      return r < 0.5 ? gzipInput(s, rng) : r < 0.75 ? csvInput(s, rng) : captureInput([...s.pcap, ...s.pcapng], rng);
    },
    run: reader,
  },
];
