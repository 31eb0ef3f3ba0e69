/**
 * A tshark CSV stream cut into packet tables, one per batch, with the loader's own code (LineChunker,
 * ChunkParser, mergePartials): the header line plans the columns once, then each batch of whole lines
 * becomes a small time-ordered PacketTable. Bad lines are skipped and counted, as the loader does.
 */
import { ChunkParser } from '../ingest/chunk-parser.ts';
import type { HeaderPlan } from '../ingest/csv-header.ts';
import { longLineError, MAX_LINE_BYTES, splitHeader } from '../ingest/csv-load.ts';
import { mergePartials } from '../ingest/gather-columns.ts';
import { LineChunker, LineTooLongError, type LineChunk } from '../ingest/line-chunker.ts';
import { SKIP_REASON_TEXT, type SkipReason } from '../ingest/load-report.ts';
import type { PacketTable } from '../table/packet-table.ts';

export interface CsvBatch {
  readonly table: PacketTable | null;
  /** Lines skipped in this batch (wrong field count, no time, repeated header, truncated). */
  readonly malformed: number;
  /** Up to a few of them, as "line N: reason". */
  readonly problems: readonly string[];
}

/** Blank lines are not malformed packets (a trailing newline, a pause in a pipe). */
const COUNTED: readonly SkipReason[] = ['repeated-header', 'wrong-field-count', 'truncated-last-line', 'no-time'];

export class CsvBatcher {
  private readonly chunker = new LineChunker(MAX_LINE_BYTES);
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

  push(piece: Uint8Array): void {
    this.add(this.guard(() => this.chunker.push(piece)));
  }

  /** The stream ended: its last line, if it has no line break, joins the pending lines. */
  end(): void {
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
    for (let seq = 0; seq < this.pending.length; seq++) lineCounts.push(parser.parseChunk(this.pending[seq], seq).lines);
    this.bytesSeen += this.bytes;
    for (const n of lineCounts) this.linesSeen += n;
    this.pending = [];
    this.bytes = 0;
    const partial = parser.finish();
    let malformed = 0;
    for (const r of COUNTED) malformed += partial.stats.skipped[r];
    const starts: number[] = [];
    let acc = this.linesDone;
    for (const n of lineCounts) { starts.push(acc); acc += n; }
    this.linesDone = acc;
    const problems = partial.stats.issues
      .filter((i) => i.kind !== 'bad-value' && i.kind !== 'blank-line')
      .slice(0, 5)
      .map((i) => `line ${starts[i.seq] + i.lineInChunk + 1}: ${i.kind === 'bad-value' ? i.detail : SKIP_REASON_TEXT[i.kind]}`);
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
      // The header may have arrived in pieces (a pipe): splitHeader reads the body only, so join them first.
      if (chunk.head) chunk = { ...chunk, head: null, body: joined(chunk.head, chunk.body.subarray(chunk.bodyStart, chunk.bodyEnd)), bodyStart: 0, bodyEnd: chunk.head.length + chunk.bodyEnd - chunk.bodyStart };
      const { plan, rest } = splitHeader(chunk);
      this.plan = plan;
      this.linesDone = 1;
      chunk = rest;
    }
    this.pending.push(chunk);
    this.bytes += chunk.bodyEnd - chunk.bodyStart + (chunk.head?.length ?? 0);
  }
}

function joined(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
