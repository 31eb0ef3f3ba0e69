/**
 * Messages between the page and the engine worker, which holds the open capture's table (like Perfetto's
 * trace processor) and answers questions about it. Every request carries an id; the reply echoes it, so a
 * late answer to an old question is recognised and dropped.
 */
import type { FilterError } from '../core/query/filter-lexer.ts';
import type { PacketTable } from '../core/table/packet-table.ts';

export type FilterResult =
  | { readonly ok: true; readonly rows: number; readonly total: number; readonly ms: number }
  | { readonly ok: false; readonly error: FilterError };

export type EngineRequest =
  | { readonly type: 'engine.load'; readonly version: number; readonly table: PacketTable }
  | { readonly type: 'engine.filter'; readonly requestId: number; readonly text: string };

export type EngineReply =
  | { readonly type: 'engine.filtered'; readonly requestId: number; readonly version: number; readonly result: FilterResult }
  | { readonly type: 'engine.failed'; readonly requestId: number; readonly message: string };
