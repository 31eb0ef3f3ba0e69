/// <reference lib="webworker" />
/**
 * Ingest worker: parses the chunks it is sent (or dissects its shard of a capture's frames) into a partial
 * table, and takes its share of the finishing steps (ordering, gathering columns, summarising). Only decodes
 * messages, calls src/core, and posts results with their buffers transferred.
 */
import './worker-life.ts'; // first: see there
import { ChunkParser } from '../core/ingest/chunk-parser.ts';
import { gatherColumn, GatherScratch, orderByTime } from '../core/ingest/gather-columns.ts';
import { partialBuffers } from '../core/ingest/partial-table.ts';
import { summarize } from '../core/ingest/summarize.ts';
import { streamRenumbering } from '../core/ingest/pcap/frame-shards.ts';
import { ShardDissector } from '../core/ingest/pcap/shard-dissector.ts';
import { Permutation } from '../core/table/permutation.ts';
import { columnBuffers, tableBuffers } from '../core/table/packet-table.ts';
import type { IngestReply, IngestRequest } from './ingest-messages.ts';

declare const self: DedicatedWorkerGlobalScope;

let parser: ChunkParser | null = null;
let dissector: ShardDissector | null = null;
let job = -1;
let sizeHint: { textBytes: number; workers: number } | null = null;

function reply(msg: IngestReply, transfer: Transferable[] = []): void {
  self.postMessage(msg, transfer);
}

function handle(msg: IngestRequest): void {
  // Parsing keeps state per job; ordering, gathering and summarising are stateless and may run on a fresh
  // worker that never saw the job begin.
  if (
    (msg.type === 'ingest.chunk' ||
      msg.type === 'ingest.frames' ||
      msg.type === 'ingest.streams' ||
      msg.type === 'ingest.finish') &&
    msg.jobId !== job
  )
    return;
  switch (msg.type) {
    case 'ingest.begin':
      job = msg.jobId;
      parser = msg.capture ? null : new ChunkParser(msg.plan);
      dissector = msg.capture ? new ShardDissector(msg.capture.timeZone) : null;
      sizeHint = msg.textBytes === null ? null : { textBytes: msg.textBytes, workers: msg.workers };
      return;
    case 'ingest.frames': {
      if (!dissector) return;
      const rows = dissector.dissect(msg.batch);
      reply({ type: 'ingest.chunkDone', jobId: job, seq: msg.seq, lines: msg.batch.count, rows });
      return;
    }
    case 'ingest.streams': {
      if (!dissector) return;
      reply({ type: 'ingest.streamStarts', jobId: job, firsts: dissector.streamFirstFrames() });
      return;
    }
    case 'ingest.chunk': {
      if (!parser) return;
      const { lines, rows } = parser.parseChunk(msg.chunk, msg.seq);
      if (sizeHint && lines > 0) {
        // The first chunk tells the line length: reserve this worker's share of the file's rows once.
        const c = msg.chunk;
        const bytesPerLine = (c.bodyEnd - c.bodyStart + (c.head?.length ?? 0)) / lines;
        parser.reserve(Math.ceil((sizeHint.textBytes / bytesPerLine / sizeHint.workers) * 1.05) + 1024);
        sizeHint = null;
      }
      reply({ type: 'ingest.chunkDone', jobId: job, seq: msg.seq, lines, rows });
      return;
    }
    case 'ingest.finish': {
      if (dissector) {
        const others = msg.otherStreams;
        const { partials, issues } = dissector.finish(
          others ? streamRenumbering(dissector.streamFirstFrames(), others) : null,
        );
        dissector = null;
        reply({ type: 'ingest.partial', jobId: job, partials, issues }, partials.flatMap(partialBuffers));
        return;
      }
      if (!parser) return;
      const partial = parser.finish();
      parser = null;
      reply({ type: 'ingest.partial', jobId: job, partials: [partial], issues: null }, partialBuffers(partial));
      return;
    }
    case 'ingest.order': {
      const order = orderByTime(msg.times);
      const transfer = [
        order.timeUs.buffer,
        order.timeNs.buffer,
        ...(order.perm ? [order.perm.toStage.buffer, order.perm.toOut.buffer] : []),
        ...(order.sources ? [order.sources.buffer] : []),
      ] as ArrayBuffer[];
      reply({ type: 'ingest.ordered', jobId: msg.jobId, order }, transfer);
      return;
    }
    case 'ingest.gather': {
      const perm = msg.perm ? new Permutation(msg.perm) : null;
      const scratch = new GatherScratch();
      const columns = msg.columns.map((g) => {
        const column = gatherColumn(g.spec, g.parts, msg.rows, perm, msg.sources, scratch);
        g.parts.length = 0;
        return { index: g.index, column };
      });
      reply(
        { type: 'ingest.gathered', jobId: msg.jobId, columns },
        columns.flatMap((c) => columnBuffers(c.column)),
      );
      return;
    }
    case 'ingest.summarize': {
      const summary = summarize(msg.table, msg.plan, msg.stats, msg.facts);
      reply({ type: 'ingest.done', jobId: msg.jobId, table: msg.table, summary }, tableBuffers(msg.table));
      return;
    }
    default: {
      const never: never = msg;
      throw new Error(`unknown message ${JSON.stringify(never)}`);
    }
  }
}

self.onmessage = (ev: MessageEvent<IngestRequest>): void => {
  try {
    handle(ev.data);
  } catch (e) {
    reply({ type: 'ingest.failed', jobId: ev.data.jobId, message: e instanceof Error ? e.message : String(e) });
  }
};
