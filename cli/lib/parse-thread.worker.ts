/**
 * The parse thread's side: the input's pieces cut into batches and parsed into tables (parse-steps.ts),
 * each answered in order with its events; tables go back by transfer. Started by parse-thread.ts, bundled
 * into one plain-JavaScript module.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CaptureBatcher } from '../../src/core/sensor/capture-batcher.ts';
import { CsvBatcher } from '../../src/core/sensor/csv-batcher.ts';
import { tableBuffers } from '../../src/core/table/packet-table.ts';
import { ParseSteps, type ParseEvent } from './parse-steps.ts';
import type { ParseReply, ParseRequest, ParseThreadOptions } from './parse-thread.ts';
import { exitIfTestAsks } from './thread-stop.ts';

const port = parentPort;
if (!port) throw new Error('parse-thread.worker.ts runs as a worker thread');
const opts = workerData as ParseThreadOptions;
const batcher = opts.format === 'csv' ? new CsvBatcher() : new CaptureBatcher(opts.timeZone);
const steps = new ParseSteps(batcher, opts.batchBytes);

function eventsOf(m: ParseRequest): readonly ParseEvent[] {
  if (m.type === 'piece') return steps.push(m.bytes);
  return m.type === 'flush' ? steps.flush() : steps.finish(m.end);
}

port.on('message', (m: ParseRequest) => {
  exitIfTestAsks('parse');
  const events = eventsOf(m);
  const bytes = m.type === 'piece' ? m.bytes.byteLength : 0;
  const reply: ParseReply = { type: m.type, bytes, events, pending: steps.pendingBytes, parseMs: steps.parseMs };
  // The tables are the thread's own (merged afresh for each batch): moved, not copied.
  const tables = events.flatMap((e) => (e.kind === 'batch' && e.batch.table ? [e.batch.table] : []));
  port.postMessage(reply, tables.flatMap(tableBuffers));
});
