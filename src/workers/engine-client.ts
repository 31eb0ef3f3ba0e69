/**
 * The page's side of the engine worker: hands it each newly loaded table (by transfer: the page keeps no
 * copy) and asks it questions, each answered by a promise.
 *
 * When the worker dies (watched from birth: worker-pool.ts), every question waiting is rejected with an
 * EngineStopped, so no view waits forever; later questions are rejected at once, and the listeners hear why.
 * The capture died with it; the next table handed over starts a fresh worker.
 */
import { tableBuffers, type PacketTable } from '../core/table/packet-table.ts';
import type { Agreement } from '../core/labels/agreement.ts';
import type { LabelState } from '../core/labels/rules.ts';
import type { RulesImport } from '../core/labels/rules-json.ts';
import type {
  TrainingCopy,
  LabelsResult,
  BreakdownRequest,
  BreakdownResult,
  ChartRequest,
  ChartResult,
  EngineReply,
  EngineRequest,
  FilterResult,
  TimeRangeUs,
} from './engine-messages.ts';
import { createEngineWorker, type OnWorkerDeath } from './worker-pool.ts';

/** Why a question to the engine went unanswered: the worker that held the capture is gone. */
export class EngineStopped extends Error {
  constructor(readonly reason: string) {
    super(`The analysis engine stopped: ${reason}`);
    this.name = 'EngineStopped';
  }
}

interface Pending {
  readonly resolve: (r: EngineReply) => void;
  readonly reject: (e: Error) => void;
}

export class EngineClient {
  private worker: Worker;
  private stopped: EngineStopped | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** Exports under way: their pieces go to the caller as they come. */
  private readonly streams = new Map<number, (bytes: Uint8Array) => void>();
  private readonly stopListeners = new Set<(e: EngineStopped) => void>();

  /** `createWorker` is replaced by tests. */
  constructor(private readonly createWorker: (onDeath: OnWorkerDeath) => Worker = createEngineWorker) {
    this.worker = this.start();
  }

  /** Calls `listener` each time the engine stops; returns the unsubscribe. */
  onStopped(listener: (e: EngineStopped) => void): () => void {
    this.stopListeners.add(listener);
    return () => {
      this.stopListeners.delete(listener);
    };
  }

  private start(): Worker {
    const worker = this.createWorker((reason) => {
      if (this.worker === worker) this.die(reason);
    });
    worker.onmessage = (ev: MessageEvent<EngineReply>) => this.receive(ev.data);
    return worker;
  }

  private receive(msg: EngineReply): void {
    if (msg.type === 'engine.csvPiece' && !msg.last) {
      this.streams.get(msg.requestId)?.(msg.bytes);
      return;
    }
    this.streams.delete(msg.requestId);
    const p = this.pending.get(msg.requestId);
    if (!p) return;
    this.pending.delete(msg.requestId);
    if (msg.type === 'engine.failed') p.reject(new Error(msg.message));
    else p.resolve(msg);
  }

  private die(reason: string): void {
    const stopped = new EngineStopped(reason);
    this.stopped = stopped;
    const waiting = [...this.pending.values()];
    this.pending.clear();
    this.streams.clear();
    for (const p of waiting) p.reject(stopped);
    for (const listener of this.stopListeners) listener(stopped);
  }

  /** Makes `table` the open capture in the engine; the page's views of it are detached afterwards. */
  load(table: PacketTable, version: number): void {
    if (this.stopped) {
      this.stopped = null;
      this.worker = this.start();
    }
    this.post({ type: 'engine.load', version, table }, tableBuffers(table));
  }

  /** How many packets match a display filter (within a time range), or why the filter is wrong. */
  async filter(text: string, range: TimeRangeUs | null = null): Promise<FilterResult> {
    const reply = await this.ask((requestId) => ({ type: 'engine.filter', requestId, text, range }));
    if (reply.type !== 'engine.filtered') throw new Error(`unexpected reply ${reply.type}`);
    return reply.result;
  }

  /** Binned time series for the chart, one outcome per series. */
  async chart(request: ChartRequest): Promise<ChartResult> {
    const reply = await this.ask((requestId) => ({ type: 'engine.chart', requestId, request }));
    if (reply.type !== 'engine.charted') throw new Error(`unexpected reply ${reply.type}`);
    return reply.result;
  }

  /** One breakdown table (protocols, talkers, ports, conversations, TCP flags, tcp.seq) for a filter and range. */
  async breakdown(request: BreakdownRequest): Promise<BreakdownResult> {
    const reply = await this.ask((requestId) => ({ type: 'engine.breakdown', requestId, request }));
    if (reply.type !== 'engine.brokenDown') throw new Error(`unexpected reply ${reply.type}`);
    return reply.result;
  }

  /** The open capture's content fingerprint (the key its labels are saved under) and row count. */
  async fingerprint(): Promise<{ fingerprint: string; rows: number; version: number }> {
    const reply = await this.ask((requestId) => ({ type: 'engine.fingerprint', requestId }));
    if (reply.type !== 'engine.fingerprinted') throw new Error(`unexpected reply ${reply.type}`);
    return { fingerprint: reply.fingerprint, rows: reply.rows, version: reply.version };
  }

  /** Brings the engine's label column to `state`. */
  async labels(state: LabelState): Promise<LabelsResult> {
    const reply = await this.ask((requestId) => ({ type: 'engine.labels', requestId, state }));
    if (reply.type !== 'engine.labelled') throw new Error(`unexpected reply ${reply.type}`);
    return reply.result;
  }

  /** A copy of the open capture with its current labels, for training off the engine's thread. */
  async trainingData(): Promise<TrainingCopy> {
    const reply = await this.ask((requestId) => ({ type: 'engine.trainingData', requestId }));
    if (reply.type !== 'engine.trainingCopy') throw new Error(`unexpected reply ${reply.type}`);
    return reply.data;
  }

  /** Reads a rules file (JSON) against this capture: the state it holds, or what is wrong with it. */
  async importRules(text: string): Promise<RulesImport> {
    const reply = await this.ask((requestId) => ({ type: 'engine.importRules', requestId, text }));
    if (reply.type !== 'engine.imported') throw new Error(`unexpected reply ${reply.type}`);
    return reply.result;
  }

  /** The current labels against a ground-truth column of the file. */
  async agreement(column: string): Promise<Agreement | null> {
    const reply = await this.ask((requestId) => ({ type: 'engine.agreement', requestId, column }));
    if (reply.type !== 'engine.agreed') throw new Error(`unexpected reply ${reply.type}`);
    return reply.agreement;
  }

  /** The labelled capture as CSV, handed to `onPiece` piece by piece; resolves when the last has come. */
  async exportCsv(onPiece: (bytes: Uint8Array) => void): Promise<void> {
    await this.ask((requestId) => {
      this.streams.set(requestId, onPiece);
      return { type: 'engine.exportCsv', requestId };
    });
  }

  private ask(make: (requestId: number) => EngineRequest): Promise<EngineReply> {
    if (this.stopped) return Promise.reject(this.stopped);
    const requestId = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(requestId, { resolve, reject });
      this.post(make(requestId));
    });
  }

  private post(msg: EngineRequest, transfer: Transferable[] = []): void {
    this.worker.postMessage(msg, transfer);
  }
}
