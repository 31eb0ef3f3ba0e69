/// <reference lib="webworker" />
/**
 * Engine worker: keeps the open capture's table and runs queries over it off the main thread. A new table
 * replaces the old one only when the page sends it (after a load succeeded).
 */
import { filterSchema } from '../core/query/filter-fields.ts';
import { countMatches, evaluateFilter } from '../core/query/filter-eval.ts';
import { parseFilter } from '../core/query/filter-parser.ts';
import type { PacketTable } from '../core/table/packet-table.ts';
import type { EngineReply, EngineRequest } from './engine-messages.ts';

declare const self: DedicatedWorkerGlobalScope;

let table: PacketTable | null = null;
let version = 0;

function reply(msg: EngineReply): void {
  self.postMessage(msg);
}

self.onmessage = (ev: MessageEvent<EngineRequest>): void => {
  const msg = ev.data;
  switch (msg.type) {
    case 'engine.load':
      table = msg.table;
      version = msg.version;
      return;
    case 'engine.filter': {
      try {
        if (!table) throw new Error('No capture is open');
        const t0 = performance.now();
        const parsed = parseFilter(msg.text, filterSchema(table));
        const result = parsed.ok
          ? { ok: true as const, rows: countMatches(evaluateFilter(table, parsed.value)), total: table.rowCount, ms: performance.now() - t0 }
          : { ok: false as const, error: parsed.error };
        reply({ type: 'engine.filtered', requestId: msg.requestId, version, result });
      } catch (e) {
        reply({ type: 'engine.failed', requestId: msg.requestId, message: e instanceof Error ? e.message : String(e) });
      }
      return;
    }
    default: {
      const never: never = msg;
      throw new Error(`unknown message ${JSON.stringify(never)}`);
    }
  }
};
