/**
 * Messages between the ingest client (main thread) and the ingest workers. Names are `domain.verb`; every
 * message carries the job id, so a reply from a cancelled job can never be mistaken for the current one.
 */
import type { HeaderPlan } from '../core/ingest/csv-header.ts';
import type { LineChunk } from '../core/ingest/line-chunker.ts';
import type { LoadSummary } from '../core/ingest/load-report.ts';
import type { PartialTable } from '../core/ingest/partial-table.ts';
import type { LoadFacts } from '../core/ingest/summarize.ts';
import type { PacketTable } from '../core/table/packet-table.ts';

export type IngestRequest =
  /** `textBytes`: the CSV text's size when known (not for gzip), to size the arrays once. */
  | { readonly type: 'ingest.begin'; readonly jobId: number; readonly plan: HeaderPlan; readonly textBytes: number | null; readonly workers: number }
  | { readonly type: 'ingest.chunk'; readonly jobId: number; readonly seq: number; readonly chunk: LineChunk }
  /** Sort this worker's partial table by time and hand it back (all workers sort at once). */
  | { readonly type: 'ingest.finish'; readonly jobId: number }
  /** Merge the sorted partials (transferred here) into the finished table. */
  | { readonly type: 'ingest.merge'; readonly jobId: number; readonly partials: readonly PartialTable[]; readonly facts: LoadFacts };

export type IngestReply =
  | { readonly type: 'ingest.chunkDone'; readonly jobId: number; readonly seq: number; readonly lines: number; readonly rows: number }
  | { readonly type: 'ingest.partial'; readonly jobId: number; readonly partial: PartialTable }
  | { readonly type: 'ingest.done'; readonly jobId: number; readonly table: PacketTable; readonly summary: LoadSummary }
  | { readonly type: 'ingest.failed'; readonly jobId: number; readonly message: string };
