/**
 * The page's side of the engine worker: hands it each newly loaded table (by transfer: the page keeps no
 * copy) and asks it questions, each answered by a promise.
 */
import { tableBuffers, type PacketTable } from '../core/table/packet-table.ts';
import type { EngineReply, EngineRequest, FilterResult, SeriesRequest, SeriesResult, TimeRangeUs } from './engine-messages.ts';
import { createEngineWorker } from './worker-pool.ts';

export class EngineClient {
  private readonly worker = createEngineWorker();
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: EngineReply) => void; reject: (e: Error) => void }>();

  constructor() {
    this.worker.onmessage = (ev: MessageEvent<EngineReply>) => {
      const msg = ev.data;
      const p = this.pending.get(msg.requestId);
      if (!p) return;
      this.pending.delete(msg.requestId);
      if (msg.type === 'engine.failed') p.reject(new Error(msg.message)); else p.resolve(msg);
    };
  }

  /** Makes `table` the open capture in the engine; the page's views of it are detached afterwards. */
  load(table: PacketTable, version: number): void {
    this.post({ type: 'engine.load', version, table }, tableBuffers(table));
  }

  /** How many packets match a display filter (within a time range), or why the filter is wrong. */
  async filter(text: string, range: TimeRangeUs | null = null): Promise<FilterResult> {
    const reply = await this.ask((requestId) => ({ type: 'engine.filter', requestId, text, range }));
    if (reply.type !== 'engine.filtered') throw new Error(`unexpected reply ${reply.type}`);
    return reply.result;
  }

  /** Binned time series for the chart. */
  async series(request: SeriesRequest): Promise<SeriesResult> {
    const reply = await this.ask((requestId) => ({ type: 'engine.series', requestId, request }));
    if (reply.type !== 'engine.seriesDone') throw new Error(`unexpected reply ${reply.type}`);
    return reply.result;
  }

  private ask(make: (requestId: number) => EngineRequest): Promise<EngineReply> {
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
