/**
 * One CSV load, from bytes to a finished table, with no threads: the steps the browser spreads over workers
 * (ingest.worker.ts) run here in sequence, for Node (CLI, tests) and as the reference for the worker path.
 * Both use the same pieces: TextInput (UTF-16 to UTF-8), LineChunker, planFromHeader, ChunkParser, orderByTime +
 * gatherColumn, summarize.
 */
import { ChunkParser } from './chunk-parser.ts';
import { planFromHeader, type HeaderPlan } from './csv-header.ts';
import { LineChunker, LineTooLongError, type LineChunk } from './line-chunker.ts';
import type { LoadSummary } from './load-report.ts';
import { mergePartials } from './gather-columns.ts';
import { sniff } from './sniff.ts';
import { summarize } from './summarize.ts';
import { TextInput } from './text-encoding.ts';
import type { PacketTable } from '../table/packet-table.ts';

/** Longest line accepted; tshark rows are hundreds of bytes, a multi-megabyte line is not a packet. */
export const MAX_LINE_BYTES = 4 * 1024 * 1024;

export class LoadError extends Error {
  constructor(
    message: string,
    readonly where?: string,
  ) {
    super(message);
    this.name = 'LoadError';
  }
}

export interface LoadResult {
  readonly table: PacketTable;
  readonly summary: LoadSummary;
}

export type HeaderSplit = { readonly plan: HeaderPlan; readonly rest: LineChunk };

/** Reads the header line off the first chunk; throws LoadError when the file is not a usable packet CSV. */
export function splitHeader(first: LineChunk): HeaderSplit {
  // The header may have come in pieces (a pipe, small reads): planFromHeader reads one buffer, so join them.
  if (first.head) first = withHeadJoined(first);
  const b = first.body;
  let nl = b.indexOf(0x0a, first.bodyStart);
  if (nl < 0 || nl >= first.bodyEnd) nl = first.bodyEnd;
  const res = planFromHeader(b, first.bodyStart, nl);
  if (!res.ok) throw new LoadError(res.error, 'line 1');
  return { plan: res.plan, rest: { ...first, bodyStart: Math.min(nl + 1, first.bodyEnd) } };
}

function withHeadJoined(c: LineChunk): LineChunk {
  const head = c.head as Uint8Array;
  const body = new Uint8Array(head.length + c.bodyEnd - c.bodyStart);
  body.set(head);
  body.set(c.body.subarray(c.bodyStart, c.bodyEnd), head.length);
  return { ...c, head: null, body, bodyStart: 0, bodyEnd: body.length };
}

export function longLineError(e: LineTooLongError, linesBefore: number | null): LoadError {
  const which =
    linesBefore === 0
      ? 'The first line'
      : linesBefore === null
        ? 'A line'
        : `Line ${(linesBefore + 1).toLocaleString('en-US')}`;
  return new LoadError(
    `${which} is longer than ${Math.round(e.maxLine / 1048576)} MiB with no line break: this is not a tshark CSV row.`,
    `byte ${e.lineStartByte.toLocaleString('en-US')}`,
  );
}

export interface CsvLoadOptions {
  readonly fileName: string;
  readonly fileBytes: number;
  readonly compressed: boolean;
  /** How many partial tables to spread chunks over (the browser uses one per worker). */
  readonly parsers?: number;
}

export class CsvLoad {
  private readonly chunker = new LineChunker(MAX_LINE_BYTES);
  private readonly input = new TextInput();
  private plan: HeaderPlan | null = null;
  private parsers: ChunkParser[] = [];
  private readonly chunkLines: number[] = [];
  private textBytes = 0;
  private readonly started = performance.now();
  private sniffed = false;

  constructor(private readonly opts: CsvLoadOptions) {}

  /** Feeds the next bytes of (decompressed) CSV text, in any encoding TextInput reads. */
  push(piece: Uint8Array): void {
    this.text(this.input.push(piece));
  }

  finish(): LoadResult {
    this.text(this.input.end());
    if (!this.sniffed)
      throw new LoadError(this.opts.compressed ? 'The file is empty once decompressed.' : 'The file is empty.');
    this.take(this.chunk(() => this.chunker.end()));
    if (!this.plan) throw new LoadError('The file has no complete header line.', 'line 1');
    const partials = this.parsers.map((p) => p.finish());
    const table = mergePartials(this.plan, partials);
    if (table.rowCount === 0)
      throw new LoadError('The file has a header but no packet rows that could be read.', 'line 2');
    const summary = summarize(
      table,
      this.plan,
      partials.map((p) => p.stats),
      {
        fileName: this.opts.fileName,
        fileBytes: this.opts.fileBytes,
        textBytes: this.textBytes,
        compressed: this.opts.compressed,
        chunkLines: this.chunkLines,
        parseSeconds: (performance.now() - this.started) / 1000,
        workers: this.parsers.length,
        encoding: this.input.found ?? { encoding: 'utf-8', bom: false },
      },
    );
    return { table, summary };
  }

  /** UTF-8 text for the chunker; the file's first bytes (as they came) say whether it is text at all. */
  private text(utf8: Uint8Array): void {
    if (!this.sniffed && this.input.head) {
      this.sniffed = true;
      const s = sniff(this.input.head.subarray(0, 4096), this.opts.compressed);
      if (s.kind === 'refuse') throw new LoadError(s.message);
      if (s.kind === 'gzip') throw new LoadError('The text is gzip-compressed: decompress it before parsing.');
    }
    if (utf8.length === 0) return;
    this.textBytes += utf8.length;
    this.take(this.chunk(() => this.chunker.push(utf8)));
  }

  private chunk(f: () => LineChunk | null): LineChunk | null {
    try {
      return f();
    } catch (e) {
      if (e instanceof LineTooLongError)
        throw longLineError(e, this.plan ? this.chunkLines.reduce((a, b) => a + b, 1) : 0);
      throw e;
    }
  }

  private take(chunk: LineChunk | null): void {
    if (!chunk) return;
    if (!this.plan) {
      const { plan, rest } = splitHeader(chunk);
      this.plan = plan;
      this.parsers = Array.from({ length: Math.max(1, this.opts.parsers ?? 1) }, () => new ChunkParser(plan));
      chunk = rest;
    }
    const seq = this.chunkLines.length;
    const { lines } = this.parsers[seq % this.parsers.length].parseChunk(chunk, seq);
    this.chunkLines.push(lines);
  }
}
