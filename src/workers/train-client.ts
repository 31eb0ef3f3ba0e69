/**
 * The page's side of the train worker. The worker is created on first use (tfjs is megabytes, and most
 * sessions never train) and kept: it holds the trained and imported bundles of views between requests. The
 * client keeps their bytes too, so that a fresh worker, after one died, is given them back before it is
 * asked to evaluate.
 */
import { tableBuffers } from '../core/table/packet-table.ts';
import type { TrainingCopy } from './engine-messages.ts';
import type {
  BackendChoice,
  ModelSource,
  TrainData,
  TrainOptions,
  TrainReplyMsg,
  TrainRequestMsg,
} from './train-messages.ts';
import { createTrainWorker, type OnWorkerDeath } from './worker-pool.ts';

export type TrainEvent = Extract<TrainReplyMsg, { jobId: number }>;
export type ImportReply = Extract<TrainReplyMsg, { type: 'train.imported' }>;
export type EvaluateReply = Extract<TrainReplyMsg, { type: 'train.evaluated' }>;

export class TrainClient {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly jobs = new Map<number, (e: TrainEvent) => void>();
  private readonly pending = new Map<number, { resolve: (r: TrainReplyMsg) => void; reject: (e: Error) => void }>();
  /** The bundles' bytes, by source, and which of them the current worker holds. */
  private readonly kept = new Map<ModelSource, Uint8Array>();
  private readonly held = new Set<ModelSource>();

  /** `createWorker` is replaced by tests. */
  constructor(private readonly createWorker: (onDeath: OnWorkerDeath) => Worker = createTrainWorker) {}

  /** Starts a run on the copy (its buffers move to the worker); `onEvent` gets everything until done/failed. Returns the job id. */
  train(
    copy: TrainingCopy,
    fileName: string,
    options: TrainOptions,
    backend: BackendChoice,
    onEvent: (e: TrainEvent) => void,
  ): number {
    const jobId = this.nextId++;
    this.jobs.set(jobId, onEvent);
    const data = toData(copy, fileName);
    this.post({ type: 'train.start', jobId, backend, options, data }, transferOf(data));
    return jobId;
  }

  stop(jobId: number): void {
    this.post({ type: 'train.stop', jobId });
  }

  /** Validates a bundle (format 1 or 2) in the worker; on success it becomes the imported one. */
  async importBundle(
    bytes: Uint8Array,
    backend: BackendChoice,
    source: ModelSource = 'imported',
  ): Promise<ImportReply> {
    const copy = bytes.slice();
    const reply = await this.ask(
      (requestId) => ({ type: 'train.import', requestId, backend, bytes, source }),
      [bytes.buffer as ArrayBuffer],
    );
    if (reply.type !== 'train.imported') throw new Error(`unexpected reply ${reply.type}`);
    if (reply.ok) this.keep(source, copy);
    return reply;
  }

  /** Runs the trained or imported bundle over a capture copy with its labels: combined and per view. */
  async evaluate(
    copy: TrainingCopy,
    fileName: string,
    source: ModelSource,
    backend: BackendChoice,
  ): Promise<EvaluateReply> {
    const lost = this.kept.get(source);
    if (lost && !this.held.has(source)) {
      // A copy moves to the worker: the kept bytes (the page exports the same array) stay whole.
      const back = await this.importBundle(lost.slice(), backend, source);
      if (!back.ok) throw new Error(back.message);
    }
    const data = toData(copy, fileName);
    const reply = await this.ask(
      (requestId) => ({ type: 'train.evaluate', requestId, backend, source, data }),
      transferOf(data),
    );
    if (reply.type === 'train.evalFailed') throw new Error(reply.message);
    if (reply.type !== 'train.evaluated') throw new Error(`unexpected reply ${reply.type}`);
    return reply;
  }

  private ask(make: (requestId: number) => TrainRequestMsg, transfer: Transferable[]): Promise<TrainReplyMsg> {
    const requestId = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(requestId, { resolve, reject });
      this.post(make(requestId), transfer);
    });
  }

  private post(msg: TrainRequestMsg, transfer: Transferable[] = []): void {
    this.ensure().postMessage(msg, transfer);
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const w = this.createWorker((reason) => {
      if (this.worker === w) this.died(reason);
    });
    w.onmessage = (ev: MessageEvent<TrainReplyMsg>) => {
      const msg = ev.data;
      if ('jobId' in msg) {
        const on = this.jobs.get(msg.jobId);
        if (msg.type === 'train.done' || msg.type === 'train.failed') this.jobs.delete(msg.jobId);
        if (msg.type === 'train.done') this.keep('trained', msg.bundle);
        on?.(msg);
        return;
      }
      const p = this.pending.get(msg.requestId);
      this.pending.delete(msg.requestId);
      p?.resolve(msg);
    };
    this.worker = w;
    return w;
  }

  /**
   * The worker died: every run and request on it fails with why. The models it held are gone with it; the
   * next use starts a fresh worker, given them back when it is asked to evaluate one.
   */
  private keep(source: ModelSource, bytes: Uint8Array): void {
    this.kept.set(source, bytes);
    this.held.add(source);
  }

  private died(reason: string): void {
    const message = `The training worker stopped: ${reason}`;
    this.held.clear();
    const jobs = [...this.jobs];
    const pending = [...this.pending.values()];
    this.jobs.clear();
    this.pending.clear();
    this.worker = null;
    for (const [jobId, on] of jobs) on({ type: 'train.failed', jobId, message });
    for (const p of pending) p.reject(new Error(message));
  }
}

function toData(copy: TrainingCopy, fileName: string): TrainData {
  return {
    table: copy.table,
    labels: copy.labels,
    classNames: copy.classNames,
    fingerprint: copy.fingerprint,
    fileName,
  };
}

function transferOf(data: TrainData): Transferable[] {
  const out = new Set<ArrayBuffer>(tableBuffers(data.table));
  if (data.labels.buffer instanceof ArrayBuffer) out.add(data.labels.buffer);
  return [...out];
}
