/// <reference lib="webworker" />
/**
 * Engine worker: keeps the open capture's table and runs queries over it off the main thread. A new table
 * replaces the old one only when the page sends it (after a load succeeded).
 */
import './worker-life.ts'; // first: see there
import type { EngineReply, EngineRequest } from './engine-messages.ts';
import type { EngineSession } from './engine-session.ts';
import { errorText, type WorkerSignal } from './worker-signals.ts';

declare const self: DedicatedWorkerGlobalScope;

let session: EngineSession | null = null;
let version = 0;

/**
 * The session's code (the query, label and feature modules) comes by a dynamic import whose failure is caught,
 * not a static one: a module that fails to load or to run then reaches the page with its own message, where a
 * static import gives the page a bare "error" event. Messages that come before it wait, in order.
 */
let Session: typeof EngineSession | null = null;
const early: EngineRequest[] = [];
import('./engine-session.ts').then(
  (m) => {
    Session = m.EngineSession;
    early.splice(0).forEach(handle);
  },
  (e: unknown) => {
    self.postMessage({ type: 'worker.fatal', message: `it could not start: ${errorText(e)}` } satisfies WorkerSignal);
  },
);

function reply(msg: EngineReply): void {
  self.postMessage(msg);
}

function open(): EngineSession {
  if (!session) throw new Error('No capture is open');
  return session;
}

self.onmessage = (ev: MessageEvent<EngineRequest>): void => {
  if (Session) handle(ev.data);
  else early.push(ev.data);
};

function handle(msg: EngineRequest): void {
  if (msg.type === 'engine.load') {
    // Outside the try: a capture the engine cannot take leaves it with none, which the page must hear of.
    session = new (Session as typeof EngineSession)(msg.table);
    version = msg.version;
    return;
  }
  try {
    switch (msg.type) {
      case 'engine.filter':
        reply({
          type: 'engine.filtered',
          requestId: msg.requestId,
          version,
          result: open().filter(msg.text, msg.range ?? null),
        });
        return;
      case 'engine.chart': {
        const startedAt = performance.timeOrigin + performance.now();
        const result = open().chart(msg.request);
        reply({
          type: 'engine.charted',
          requestId: msg.requestId,
          result: { ...result, startedAt, repliedAt: performance.timeOrigin + performance.now() },
        });
        return;
      }
      case 'engine.breakdown':
        reply({ type: 'engine.brokenDown', requestId: msg.requestId, result: open().breakdown(msg.request) });
        return;
      case 'engine.fingerprint':
        reply({
          type: 'engine.fingerprinted',
          requestId: msg.requestId,
          version,
          fingerprint: open().fingerprint(),
          rows: open().rowCount,
        });
        return;
      case 'engine.labels':
        reply({ type: 'engine.labelled', requestId: msg.requestId, result: open().setLabels(msg.state) });
        return;
      case 'engine.trainingData':
        // Copied, not transferred: the engine keeps serving the page while a worker trains.
        reply({ type: 'engine.trainingCopy', requestId: msg.requestId, data: open().trainingData() });
        return;
      case 'engine.importRules':
        reply({ type: 'engine.imported', requestId: msg.requestId, result: open().importRules(msg.text) });
        return;
      case 'engine.agreement':
        reply({ type: 'engine.agreed', requestId: msg.requestId, agreement: open().agreement(msg.column) });
        return;
      case 'engine.exportCsv': {
        const encoder = new TextEncoder();
        for (const text of open().labelledCsv()) {
          const bytes = encoder.encode(text);
          self.postMessage(
            { type: 'engine.csvPiece', requestId: msg.requestId, bytes, last: false } satisfies EngineReply,
            [bytes.buffer],
          );
        }
        reply({ type: 'engine.csvPiece', requestId: msg.requestId, bytes: new Uint8Array(0), last: true });
        return;
      }
      default: {
        const never: never = msg;
        throw new Error(`unknown message ${JSON.stringify(never)}`);
      }
    }
  } catch (e) {
    reply({ type: 'engine.failed', requestId: msg.requestId, message: e instanceof Error ? e.message : String(e) });
  }
}
