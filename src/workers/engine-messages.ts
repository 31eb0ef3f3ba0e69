/**
 * Messages between the page and the engine worker, which holds the open capture's table (like Perfetto's
 * trace processor) and answers questions about it. Every request carries an id; the reply echoes it, so a
 * late answer to an old question is recognised and dropped.
 */
import type {
  ProtocolNode,
  Conversation,
  TcpFlagCount,
  TcpSeqFrequency,
  TcpSeqStreams,
  Talker,
  TopValues,
} from '../core/query/breakdown-tables.ts';
import type { Agreement } from '../core/labels/agreement.ts';
import type { LabelState } from '../core/labels/rules.ts';
import type { RulesImport } from '../core/labels/rules-json.ts';
import type { FilterError } from '../core/query/filter-lexer.ts';
import type { BinHover, SeriesMetric } from '../core/query/time-series.ts';
import type { PacketTable } from '../core/table/packet-table.ts';

export type FilterResult =
  | { readonly ok: true; readonly rows: number; readonly total: number; readonly ms: number }
  | { readonly ok: false; readonly error: FilterError };

export interface TimeRangeUs {
  readonly fromUs: number;
  readonly toUs: number;
}

/** One series of the chart, as the user set it up (Wireshark's IO graph row). */
export interface SeriesDef {
  readonly id: string;
  /** Display filter; '' for every packet. */
  readonly filter: string;
  readonly metric: SeriesMetric;
  /** The field of sum/mean/max/min/distinct; ignored otherwise. */
  readonly field: string;
  /** Stack the series by this field's top values, or null. */
  readonly splitBy: string | null;
}

export interface ChartRequest {
  readonly series: readonly SeriesDef[];
  /** null: chosen from the span (about 300 bins). */
  readonly binUs: number | null;
  /** Fields whose top values in each bin the hover shows (the seed notebook's alert, frame.protocols). */
  readonly hoverFields: readonly string[];
  readonly range: TimeRangeUs | null;
}

export interface SeriesLine {
  readonly key: string;
  readonly label: string;
  readonly startUs: Float64Array;
  readonly values: Float64Array;
}

export type SeriesOutcome =
  | {
      readonly id: string;
      readonly ok: true;
      readonly lines: readonly SeriesLine[];
      readonly hover: BinHover | null;
    }
  | { readonly id: string; readonly ok: false; readonly error: FilterError }
  | { readonly id: string; readonly ok: false; readonly message: string };

export interface ChartResult {
  readonly binUs: number;
  /** In the order of the request's series. */
  readonly outcomes: readonly SeriesOutcome[];
  /** Time spent evaluating filters (0 when every mask came from the cache) and binning. */
  readonly filterMs: number;
  readonly binMs: number;
  /** When the worker took the request up and sent the answer (epoch ms), to tell queueing from work. */
  readonly startedAt?: number;
  readonly repliedAt?: number;
}

export type BreakdownKind = 'protocols' | 'talkers' | 'ports' | 'conversations' | 'flags' | 'seq';

export interface BreakdownRequest {
  readonly kind: BreakdownKind;
  /** Display filter; '' for every packet. */
  readonly filter: string;
  readonly range: TimeRangeUs | null;
  /** Rows of each ranked table (talkers, ports, conversations, tcp.seq values; streams drawn for 'seq'). */
  readonly limit: number;
}

export type BreakdownData =
  | { readonly kind: 'protocols'; readonly root: ProtocolNode }
  | { readonly kind: 'talkers'; readonly talkers: readonly Talker[]; readonly src: TopValues; readonly dst: TopValues }
  | { readonly kind: 'ports'; readonly tcp: TopValues; readonly udp: TopValues }
  | { readonly kind: 'conversations'; readonly rows: readonly Conversation[] }
  | { readonly kind: 'flags'; readonly rows: readonly TcpFlagCount[] }
  | { readonly kind: 'seq'; readonly frequency: TcpSeqFrequency; readonly streams: TcpSeqStreams };

export type BreakdownResult =
  | { readonly ok: true; readonly data: BreakdownData; readonly ms: number }
  | { readonly ok: false; readonly error: FilterError };

/** The label column brought to a state: packets per class, and per rule what it matched (or why it failed). */
export interface LabelsResult {
  readonly counts: readonly number[];
  readonly perRule: readonly (number | string)[];
  readonly mode: 'incremental' | 'undo' | 'full';
  readonly ms: number;
}

export interface TrainingCopy {
  readonly table: PacketTable;
  /** Class id per row; class names by id ('' where an id is unused). */
  readonly labels: Uint8Array;
  readonly classNames: readonly string[];
  readonly fingerprint: string;
}

export type EngineRequest =
  | { readonly type: 'engine.load'; readonly version: number; readonly table: PacketTable }
  | {
      readonly type: 'engine.filter';
      readonly requestId: number;
      readonly text: string;
      readonly range?: TimeRangeUs | null;
    }
  | { readonly type: 'engine.chart'; readonly requestId: number; readonly request: ChartRequest }
  | { readonly type: 'engine.breakdown'; readonly requestId: number; readonly request: BreakdownRequest }
  | { readonly type: 'engine.fingerprint'; readonly requestId: number }
  | { readonly type: 'engine.labels'; readonly requestId: number; readonly state: LabelState }
  | { readonly type: 'engine.agreement'; readonly requestId: number; readonly column: string }
  | { readonly type: 'engine.exportCsv'; readonly requestId: number }
  | { readonly type: 'engine.importRules'; readonly requestId: number; readonly text: string }
  | { readonly type: 'engine.trainingData'; readonly requestId: number };

export type EngineReply =
  | {
      readonly type: 'engine.filtered';
      readonly requestId: number;
      readonly version: number;
      readonly result: FilterResult;
    }
  | { readonly type: 'engine.charted'; readonly requestId: number; readonly result: ChartResult }
  | { readonly type: 'engine.brokenDown'; readonly requestId: number; readonly result: BreakdownResult }
  | {
      readonly type: 'engine.fingerprinted';
      readonly requestId: number;
      readonly version: number;
      readonly fingerprint: string;
      readonly rows: number;
    }
  | { readonly type: 'engine.labelled'; readonly requestId: number; readonly result: LabelsResult }
  /** A copy of the open capture (the file's columns) with the current labels, for a training worker. */
  | { readonly type: 'engine.trainingCopy'; readonly requestId: number; readonly data: TrainingCopy }
  | { readonly type: 'engine.imported'; readonly requestId: number; readonly result: RulesImport }
  | { readonly type: 'engine.agreed'; readonly requestId: number; readonly agreement: Agreement | null }
  /** One piece of an export (UTF-8, transferred); `last` ends it. */
  | { readonly type: 'engine.csvPiece'; readonly requestId: number; readonly bytes: Uint8Array; readonly last: boolean }
  | { readonly type: 'engine.failed'; readonly requestId: number; readonly message: string };
