/**
 * Messages between the ingest client (main thread) and the ingest workers. Names are `domain.verb`; every
 * message carries the job id, so a reply from a cancelled job can never be mistaken for the current one.
 *
 * A load: begin -> chunk* (parse; a capture: frames*, dissect, then streams) -> finish (partials back) ->
 * order (one worker sorts all times) -> gather (every worker builds its share of the columns) ->
 * summarize (one worker) -> done.
 */
import type { ColumnPlan, HeaderPlan } from '../core/ingest/csv-header.ts';
import type { PartialTimes, TimeOrder } from '../core/ingest/gather-columns.ts';
import type { LineChunk } from '../core/ingest/line-chunker.ts';
import type { LoadSummary } from '../core/ingest/load-report.ts';
import type { FrameBatch } from '../core/ingest/pcap/frame-shards.ts';
import type { ShardIssues } from '../core/ingest/pcap/shard-dissector.ts';
import type { PartialColumn, PartialStats, PartialTable } from '../core/ingest/partial-table.ts';
import type { LoadFacts } from '../core/ingest/summarize.ts';
import type { Column, PacketTable } from '../core/table/packet-table.ts';
import type { PermutationMaps } from '../core/table/permutation.ts';

/** `parts` is emptied by the worker once gathered, so the partial columns are freed one column at a time. */
export interface GatherJob {
  readonly index: number;
  readonly spec: ColumnPlan;
  readonly parts: PartialColumn[];
}

export type IngestRequest =
  /**
   * `textBytes`: the file's size when known (not for gzip), to size the arrays once. `capture`: the worker
   * dissects its shard of a capture's frames (frame.time's text in `timeZone`) instead of parsing CSV.
   */
  | {
      readonly type: 'ingest.begin';
      readonly jobId: number;
      readonly plan: HeaderPlan;
      readonly textBytes: number | null;
      readonly workers: number;
      readonly capture: { readonly timeZone: string } | null;
    }
  | { readonly type: 'ingest.chunk'; readonly jobId: number; readonly seq: number; readonly chunk: LineChunk }
  | { readonly type: 'ingest.frames'; readonly jobId: number; readonly seq: number; readonly batch: FrameBatch }
  /** A capture's shard: the first frame of each of its TCP streams, for numbering them across shards. */
  | { readonly type: 'ingest.streams'; readonly jobId: number }
  /** `otherStreams`: for a capture's shard, every other shard's stream starts (ingest.streamStarts). */
  | { readonly type: 'ingest.finish'; readonly jobId: number; readonly otherStreams: readonly Uint32Array[] | null }
  | { readonly type: 'ingest.order'; readonly jobId: number; readonly times: readonly PartialTimes[] }
  | {
      readonly type: 'ingest.gather';
      readonly jobId: number;
      readonly perm: PermutationMaps | null;
      readonly sources: Uint8Array | null;
      readonly rows: readonly number[];
      readonly columns: readonly GatherJob[];
    }
  | {
      readonly type: 'ingest.summarize';
      readonly jobId: number;
      readonly table: PacketTable;
      readonly plan: HeaderPlan;
      readonly stats: readonly PartialStats[];
      readonly facts: LoadFacts;
    };

export type IngestReply =
  | {
      readonly type: 'ingest.chunkDone';
      readonly jobId: number;
      readonly seq: number;
      readonly lines: number;
      readonly rows: number;
    }
  | { readonly type: 'ingest.streamStarts'; readonly jobId: number; readonly firsts: Uint32Array }
  /** A worker's rows (a capture's shard: in segments); `issues`: for a capture's shard, where its dissection stopped short. */
  | {
      readonly type: 'ingest.partial';
      readonly jobId: number;
      readonly partials: readonly PartialTable[];
      readonly issues: ShardIssues | null;
    }
  | { readonly type: 'ingest.ordered'; readonly jobId: number; readonly order: TimeOrder }
  | {
      readonly type: 'ingest.gathered';
      readonly jobId: number;
      readonly columns: readonly { readonly index: number; readonly column: Column }[];
    }
  | { readonly type: 'ingest.done'; readonly jobId: number; readonly table: PacketTable; readonly summary: LoadSummary }
  | { readonly type: 'ingest.failed'; readonly jobId: number; readonly message: string };
