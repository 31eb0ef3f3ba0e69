/**
 * A tshark CSV stream cut into packet tables, one per batch, with the loader's own code (TextInput,
 * LineChunker, ChunkParser, mergePartials): the header line plans the columns once, then each batch of whole
 * lines becomes a small time-ordered PacketTable. Bad lines are skipped and counted, as the loader does, and
 * the files the loader reads (UTF-16, tab- or semicolon-separated) are read here the same way.
 */
import { ChunkParser } from '../ingest/chunk-parser.ts';
import type { HeaderPlan } from '../ingest/csv-header.ts';
import { longLineError, MAX_LINE_BYTES, splitHeader } from '../ingest/csv-load.ts';
import { mergePartials } from '../ingest/gather-columns.ts';
import { LineChunker, LineTooLongError, type LineChunk } from '../ingest/line-chunker.ts';
import { SKIP_REASON_TEXT, type SkipReason } from '../ingest/load-report.ts';
import { TextInput, type FoundEncoding } from '../ingest/text-encoding.ts';
import { howWritten } from '../ingest/load-notes.ts';
import { separatorName } from '../ingest/summarize.ts';
import type { PacketTable } from '../table/packet-table.ts';

export interface CsvBatch {
  readonly table: PacketTable | null;
  /** Lines skipped in this batch (wrong field count, no time, repeated header, truncated). */
  readonly malformed: number;
  /** Up to a few of them, as "line N: reason". */
  readonly problems: readonly string[];
}

/** Blank lines are not malformed packets (a trailing newline, a pause in a pipe). */
const COUNTED: readonly SkipReason[] = [
  'repeated-header',
  'wrong-field-count',
  'truncated-last-line',
  'no-time',
  'nul-bytes',
];

export class CsvBatcher {
  private readonly chunker = new LineChunker(MAX_LINE_BYTES);
  private readonly input = new TextInput();
  private plan: HeaderPlan | null = null;
  private pending: LineChunk[] = [];
  private bytes = 0;
  /** Lines before the pending ones, the header included (for line numbers in problems). */
  private linesDone = 0;
  /** Bytes and lines parsed so far: how long this stream's lines are. */
  private bytesSeen = 0;
  private linesSeen = 0;

  /** Bytes of whole lines waiting for the next `take`. */
  get pendingBytes(): number {
    return this.bytes;
  }

  get header(): HeaderPlan | null {
    return this.plan;
  }

  /** The stream's encoding, once its first bytes have come (UTF-16 is converted before the lines are cut). */
  get encoding(): FoundEncoding | null {
    return this.input.found;
  }

  /** How the input was written when it is not tshark's CSV (UTF-16, tabs, semicolons), as the workbench says it. */
  howWritten(): string[] {
    const found = this.input.found;
    if (!found || !this.plan) return [];
    return howWritten({ encoding: found.encoding, bom: found.bom, separator: separatorName(this.plan.separator) });
  }

  push(piece: Uint8Array): void {
    const text = this.input.push(piece);
    if (text.length > 0) this.add(this.guard(() => this.chunker.push(text)));
  }

  /** The stream ended: its last line, if it has no line break, joins the pending lines. */
  end(): void {
    const text = this.input.end();
    if (text.length > 0) this.add(this.guard(() => this.chunker.push(text)));
    this.add(this.guard(() => this.chunker.end()));
  }

  /** Parses the pending lines into one table (null when none gave a packet). */
  take(): CsvBatch {
    if (!this.plan || this.pending.length === 0) return { table: null, malformed: 0, problems: [] };
    // Sized for the batch by the stream's lines so far (tshark rows are 100 bytes or more; lab-a's about
    // 330), a little over, so a batch allocates about what it holds and rarely grows.
    const perLine = this.linesSeen > 0 ? Math.max(32, (this.bytesSeen / this.linesSeen) * 0.9) : 96;
    const parser = new ChunkParser(this.plan, Math.ceil(this.bytes / perLine) + 8);
    const lineCounts: number[] = [];
    for (let seq = 0; seq < this.pending.length; seq++)
      lineCounts.push(parser.parseChunk(this.pending[seq], seq).lines);
    this.bytesSeen += this.bytes;
    for (const n of lineCounts) this.linesSeen += n;
    this.pending = [];
    this.bytes = 0;
    const partial = parser.finish();
    let malformed = 0;
    for (const r of COUNTED) malformed += partial.stats.skipped[r];
    const starts: number[] = [];
    let acc = this.linesDone;
    for (const n of lineCounts) {
      starts.push(acc);
      acc += n;
    }
    this.linesDone = acc;
    const problems = partial.stats.issues
      .filter((i) => i.kind !== 'bad-value' && i.kind !== 'blank-line')
      .slice(0, 5)
      .map(
        (i) =>
          `line ${starts[i.seq] + i.lineInChunk + 1}: ${i.kind === 'bad-value' ? i.detail : SKIP_REASON_TEXT[i.kind]}`,
      );
    const table = partial.rows > 0 ? mergePartials(this.plan, [partial]) : null;
    return { table, malformed, problems };
  }

  private guard(f: () => LineChunk | null): LineChunk | null {
    try {
      return f();
    } catch (e) {
      if (e instanceof LineTooLongError) throw longLineError(e, this.plan ? null : 0);
      throw e;
    }
  }

  private add(chunk: LineChunk | null): void {
    if (!chunk) return;
    if (!this.plan) {
      const { plan, rest } = splitHeader(chunk);
      this.plan = plan;
      this.linesDone = 1;
      chunk = rest;
    }
    this.pending.push(chunk);
    this.bytes += chunk.bodyEnd - chunk.bodyStart + (chunk.head?.length ?? 0);
  }
}
