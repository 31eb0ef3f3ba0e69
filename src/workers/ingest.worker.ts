/// <reference lib="webworker" />
/**
 * Ingest worker: parses the chunks it is sent into a partial table; one worker also merges all partials.
 * Only decodes messages, calls src/core, and posts results with their buffers transferred.
 */
import { ChunkParser } from '../core/ingest/chunk-parser.ts';
import type { HeaderPlan } from '../core/ingest/csv-header.ts';
import { mergePartials } from '../core/ingest/merge-partials.ts';
import { partialBuffers } from '../core/ingest/partial-table.ts';
import { sortPartial } from '../core/ingest/sort-partial.ts';
import { summarize } from '../core/ingest/summarize.ts';
import { tableBuffers } from '../core/table/packet-table.ts';
import type { IngestReply, IngestRequest } from './ingest-messages.ts';

declare const self: DedicatedWorkerGlobalScope;

let plan: HeaderPlan | null = null;
let parser: ChunkParser | null = null;
let job = -1;
let sizeHint: { textBytes: number; workers: number } | null = null;

function reply(msg: IngestReply, transfer: Transferable[] = []): void {
  self.postMessage(msg, transfer);
}

self.onmessage = (ev: MessageEvent<IngestRequest>): void => {
  const msg = ev.data;
  try {
    switch (msg.type) {
      case 'ingest.begin':
        job = msg.jobId;
        plan = msg.plan;
        parser = new ChunkParser(msg.plan);
        sizeHint = msg.textBytes === null ? null : { textBytes: msg.textBytes, workers: msg.workers };
        return;
      case 'ingest.chunk': {
        if (msg.jobId !== job || !parser) return;
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
        if (msg.jobId !== job || !parser) return;
        const partial = sortPartial(parser.finish());
        parser = null;
        reply({ type: 'ingest.partial', jobId: job, partial }, partialBuffers(partial));
        return;
      }
      case 'ingest.merge': {
        if (msg.jobId !== job || !plan) return;
        const partials = msg.partials;
        const table = mergePartials(plan, partials);
        const summary = summarize(table, plan, partials.map((p) => p.stats), msg.facts);
        reply({ type: 'ingest.done', jobId: job, table, summary }, tableBuffers(table));
        return;
      }
      default: {
        const never: never = msg;
        throw new Error(`unknown message ${JSON.stringify(never)}`);
      }
    }
  } catch (e) {
    reply({ type: 'ingest.failed', jobId: msg.jobId, message: e instanceof Error ? e.message : String(e) });
  }
};
