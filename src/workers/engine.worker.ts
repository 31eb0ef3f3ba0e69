/// <reference lib="webworker" />
/**
 * Engine worker: keeps the open capture's table and runs queries over it off the main thread. A new table
 * replaces the old one only when the page sends it (after a load succeeded).
 */
import { filterSchema } from '../core/query/filter-fields.ts';
import { countMatches, evaluateFilter } from '../core/query/filter-eval.ts';
import { parseFilter } from '../core/query/filter-parser.ts';
import type { PacketTable } from '../core/table/packet-table.ts';
import { rowRange } from '../core/query/bins-range.ts';
import { autoBinUs, binSeries } from '../core/query/time-series.ts';
import type { EngineReply, EngineRequest, SeriesRequest, SeriesResult, TimeRangeUs } from './engine-messages.ts';

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
          ? { ok: true as const, rows: countInRange(table, evaluateFilter(table, parsed.value), msg.range ?? null), total: table.rowCount, ms: performance.now() - t0 }
          : { ok: false as const, error: parsed.error };
        reply({ type: 'engine.filtered', requestId: msg.requestId, version, result });
      } catch (e) {
        reply({ type: 'engine.failed', requestId: msg.requestId, message: e instanceof Error ? e.message : String(e) });
      }
      return;
    }
    case 'engine.series': {
      try {
        if (!table) throw new Error('No capture is open');
        reply({ type: 'engine.seriesDone', requestId: msg.requestId, result: series(table, msg.request) });
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

function countInRange(t: PacketTable, mask: Uint8Array, range: TimeRangeUs | null): number {
  if (!range) return countMatches(mask);
  const { start, end } = rowRange(t, range);
  let n = 0;
  for (let i = start; i < end; i++) n += mask[i];
  return n;
}

function series(t: PacketTable, req: SeriesRequest): SeriesResult {
  const t0 = performance.now();
  let mask: Uint8Array | null = null;
  if (req.filter !== '') {
    const parsed = parseFilter(req.filter, filterSchema(t));
    if (!parsed.ok) return { ok: false, error: parsed.error };
    mask = evaluateFilter(t, parsed.value);
  }
  const range = req.range ?? null;
  const { start, end } = rowRange(t, range);
  const span = range ? range.toUs - range.fromUs : end > start ? t.timeUs[end - 1] - t.timeUs[start] : 0;
  const binUs = req.binUs ?? autoBinUs(span);
  const r = binSeries(t, mask, range, { binUs, metric: req.metric, splitBy: req.splitBy, hoverFields: req.hoverFields });
  return { ok: true, binUs: r.binUs, series: r.series, hover: r.hover, ms: performance.now() - t0 };
}
