/**
 * The page's side of the engine worker: hands it each newly loaded table (by transfer: the page keeps no
 * copy) and asks it questions, each answered by a promise.
 */
import { tableBuffers, type PacketTable } from '../core/table/packet-table.ts';
import type { EngineReply, EngineRequest, FilterResult } from './engine-messages.ts';
import { createEngineWorker } from './worker-pool.ts';

export class EngineClient {
  private readonly worker = createEngineWorker();
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: FilterResult) => void; reject: (e: Error) => void }>();

  constructor() {
    this.worker.onmessage = (ev: MessageEvent<EngineReply>) => {
      const msg = ev.data;
      const p = this.pending.get(msg.requestId);
      if (!p) return;
      this.pending.delete(msg.requestId);
      if (msg.type === 'engine.filtered') p.resolve(msg.result); else p.reject(new Error(msg.message));
    };
  }

  /** Makes `table` the open capture in the engine; the page's views of it are detached afterwards. */
  load(table: PacketTable, version: number): void {
    this.post({ type: 'engine.load', version, table }, tableBuffers(table));
  }

  /** How many packets match a display filter, or why the filter is wrong. */
  filter(text: string): Promise<FilterResult> {
    const requestId = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(requestId, { resolve, reject });
      this.post({ type: 'engine.filter', requestId, text });
    });
  }

  private post(msg: EngineRequest, transfer: Transferable[] = []): void {
    this.worker.postMessage(msg, transfer);
  }
}
