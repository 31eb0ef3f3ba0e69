/**
 * One shard of a capture dissected into the users' columns (frame-shards.ts deals the frames out): frames
 * keep their numbers in the whole capture, and tcp.stream is renumbered across shards at the end. What the
 * shards report is merged into one CaptureReport with the reader's own notes.
 */
import { compactPartial, type PartialTable } from '../partial-table.ts';
import type { CaptureReport } from './capture-columns.ts';
import type { CaptureFormat } from './capture-format.ts';
import type { CaptureNote, CaptureNoteKind, CapturedFrame } from './captured-frame.ts';
import { FrameDissector, MAX_LISTED_FRAME_ISSUES, type FrameIssue, type IssueCounts } from './frame-dissector.ts';
import { zoneFormatter } from './frame-time.ts';
import { forEachFrame, type FrameBatch } from './frame-shards.ts';
import { COL } from './users-layout.ts';

/** What a shard found that the capture report lists. */
export interface ShardIssues {
  readonly issues: readonly FrameIssue[];
  readonly counts: IssueCounts;
}

/**
 * Rows per segment: a shard's rows are handed on in segments of this many (each its own partial table),
 * so no array ever grows by copying and at most one segment per shard is part empty.
 */
export const SEGMENT_ROWS = 1 << 18;

export class ShardDissector {
  private readonly d: FrameDissector;
  private readonly segments: PartialTable[] = [];
  private readonly each = (fr: CapturedFrame, number: number): void => {
    if (this.d.f.full) this.segments.push(this.d.take(this.segmentRows).partial);
    this.d.dissect(fr, number);
  };

  constructor(
    timeZone: string,
    private readonly segmentRows = SEGMENT_ROWS,
  ) {
    this.d = new FrameDissector(zoneFormatter(timeZone), { rows: segmentRows });
  }

  /** Dissects a batch of this shard's frames; returns the rows it added. */
  dissect(batch: FrameBatch): number {
    const rows = this.rows;
    forEachFrame(batch, this.each);
    return this.rows - rows;
  }

  private get rows(): number {
    return this.segments.reduce((n, p) => n + p.rows, 0) + this.d.rows;
  }

  /** Each of this shard's TCP streams' first frame, in the order they began. */
  streamFirstFrames(): Uint32Array {
    return this.d.streamFirstFrames();
  }

  /** The rows in segments, tcp.stream given its number in the whole capture (`renumber`: streamRenumbering's). */
  finish(renumber: Uint32Array | null): { partials: PartialTable[]; issues: ShardIssues } {
    // The last segment made room for a whole one: cut to what it holds before it is handed on.
    const partials = [...this.segments.splice(0), compactPartial(this.d.take(8).partial)].filter((p) => p.rows > 0);
    if (renumber) for (const p of partials) renumberStreams(p, renumber);
    return { partials, issues: { issues: this.d.issues, counts: this.d.counts } };
  }
}

function renumberStreams(p: PartialTable, map: Uint32Array): void {
  const col = p.columns[COL['tcp.stream']];
  if (col.kind !== 'int') return;
  const values = col.values;
  const present = col.present;
  for (let r = 0; r < p.rows; r++) if (present[r >>> 3] & (1 << (r & 7))) values[r] = map[values[r]];
}

/** The capture's report: the reader's notes with the shards' issues (the first ones by frame, counts summed). */
export function captureReport(
  format: CaptureFormat,
  frames: number,
  notes: readonly CaptureNote[],
  noteCounts: Readonly<Record<CaptureNoteKind, number>>,
  shards: readonly ShardIssues[],
): CaptureReport {
  const counts: IssueCounts = { 'snaplen-cut': 0, 'http-unreassembled': 0, malformed: 0, 'unknown-link': 0 };
  for (const s of shards) for (const k of Object.keys(counts) as (keyof IssueCounts)[]) counts[k] += s.counts[k];
  const listed = new Map<string, number>();
  const issues = shards
    .flatMap((s) => s.issues)
    .sort((a, b) => a.frame - b.frame)
    .filter((i) => {
      const n = listed.get(i.kind) ?? 0;
      listed.set(i.kind, n + 1);
      return n < MAX_LISTED_FRAME_ISSUES;
    });
  return { format, frames, notes, noteCounts, issues, issueCounts: counts };
}
