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

export interface TimeRangeUs {
  readonly fromUs: number;
  readonly toUs: number;
}

export interface SeriesRequest {
  /** Display filter; '' for every packet. */
  readonly filter: string;
  readonly metric: 'count' | 'bytes';
  /** null: chosen from the span (about 300 bins). */
  readonly binUs: number | null;
  /** Stack the series by this field's top values, or null. */
  readonly splitBy: string | null;
  /** Fields whose last value in each bin the hover shows (the seed notebook's alert, frame.protocols). */
  readonly hoverFields: readonly string[];
  readonly range?: TimeRangeUs | null;
}

export interface SeriesLine {
  readonly key: string;
  readonly label: string;
  readonly startUs: Float64Array;
  readonly values: Float64Array;
}

export type SeriesResult =
  | { readonly ok: true; readonly binUs: number; readonly series: readonly SeriesLine[]; readonly hover: Readonly<Record<string, readonly string[]>> | null; readonly ms: number }
  | { readonly ok: false; readonly error: FilterError };

export type EngineRequest =
  | { readonly type: 'engine.load'; readonly version: number; readonly table: PacketTable }
  | { readonly type: 'engine.filter'; readonly requestId: number; readonly text: string; readonly range?: TimeRangeUs | null }
  | { readonly type: 'engine.series'; readonly requestId: number; readonly request: SeriesRequest };

export type EngineReply =
  | { readonly type: 'engine.filtered'; readonly requestId: number; readonly version: number; readonly result: FilterResult }
  | { readonly type: 'engine.seriesDone'; readonly requestId: number; readonly result: SeriesResult }
  | { readonly type: 'engine.failed'; readonly requestId: number; readonly message: string };
