/**
 * What the engine worker does with the open table, kept free of worker plumbing so Node tests and the
 * benchmark drive it directly. Filter masks are cached by filter text: re-binning, zooming and the
 * breakdown tables of the same filter reuse the mask instead of evaluating the filter again.
 */
import {
  conversations,
  protocolHierarchy,
  tcpFlagMix,
  tcpSeqFrequency,
  tcpSeqPerStream,
  topTalkers,
  topValues,
} from '../core/query/breakdown-tables.ts';
import { rowRange } from '../core/query/bins-range.ts';
import { countMatches, evaluateFilter } from '../core/query/filter-eval.ts';
import { filterSchema, type FilterSchema } from '../core/query/filter-fields.ts';
import type { FilterError } from '../core/query/filter-lexer.ts';
import { parseFilter } from '../core/query/filter-parser.ts';
import { autoBinUs, binSeries, SeriesSpecError } from '../core/query/time-series.ts';
import { agreement, type Agreement } from '../core/labels/agreement.ts';
import { captureFingerprint } from '../core/labels/fingerprint.ts';
import { labelColumn } from '../core/labels/label-column.ts';
import { LabelEngine } from '../core/labels/label-engine.ts';
import { labelledCsvHeader, labelledCsvRows } from '../core/labels/labelled-csv.ts';
import type { LabelState } from '../core/labels/rules.ts';
import { rulesFromJson, type RulesImport } from '../core/labels/rules-json.ts';
import type { PacketTable } from '../core/table/packet-table.ts';
import type {
  BreakdownData,
  BreakdownRequest,
  BreakdownResult,
  ChartRequest,
  ChartResult,
  FilterResult,
  LabelsResult,
  SeriesOutcome,
  TimeRangeUs,
  TrainingCopy,
} from './engine-messages.ts';

/** Masks kept: each is one byte per row (3 MB for 3M rows). */
const MASK_CACHE = 8;

type MaskOrError =
  | { readonly ok: true; readonly mask: Uint8Array | null }
  | { readonly ok: false; readonly error: FilterError };

/** Rows per piece of a labelled CSV export: a few MB of text each. */
const EXPORT_ROWS = 20_000;

export class EngineSession {
  /** The table queries see: the file's columns plus the computed `label` column once labels exist. */
  private table: PacketTable;
  private schema: FilterSchema;
  private readonly masks = new Map<string, Uint8Array>();
  /** Rule filters run on the file's own columns (a rule cannot depend on labels), with their own cache. */
  private readonly ruleMasks = new Map<string, Uint8Array>();
  private readonly fileSchema: FilterSchema;
  /** Time spent evaluating filters since the last chart began. */
  private filterMs = 0;
  private labelEngine: LabelEngine | null = null;
  private labelState: LabelState | null = null;
  private labels: Uint8Array | null = null;
  private fingerprintCache: string | null = null;

  constructor(private readonly file: PacketTable) {
    this.table = file;
    this.schema = filterSchema(file);
    this.fileSchema = this.schema;
  }

  get rowCount(): number {
    return this.file.rowCount;
  }

  fingerprint(): string {
    this.fingerprintCache ??= captureFingerprint(this.file);
    return this.fingerprintCache;
  }

  /** Brings the label column to `state` (incrementally when it only gained or lost rules at the end). */
  setLabels(state: LabelState): LabelsResult {
    this.labelEngine ??= new LabelEngine(this.file);
    const out = this.labelEngine.update(state, (text) => {
      const m = maskFor(this.file, this.fileSchema, this.ruleMasks, text);
      return m.ok ? m : { ok: false, message: m.error.message };
    });
    this.labels = out.labels;
    this.labelState = state;
    const label = labelColumn(out.labels, state.set);
    this.table = { ...this.file, columns: [...this.file.columns.filter((c) => c.name !== 'label'), label] };
    this.schema = filterSchema(this.table);
    // Masks that read labels are stale now; others stay.
    for (const key of [...this.masks.keys()]) if (/\blabel\b/i.test(key)) this.masks.delete(key);
    return { counts: out.counts, perRule: out.perRule, mode: out.mode, ms: out.ms };
  }

  /** The file's table and the current labels (benign everywhere before any labelling), to copy to a training worker. */
  trainingData(): TrainingCopy {
    const set = this.labelState?.set ?? { classes: [{ id: 0, name: 'benign', colour: '' }] };
    const names: string[] = [];
    for (const c of set.classes) names[c.id] = c.name;
    return {
      table: this.file,
      labels: this.labels ?? new Uint8Array(this.file.rowCount),
      classNames: Array.from(names, (n) => n ?? ''),
      fingerprint: this.fingerprint(),
    };
  }

  /** A rules file checked against this capture's fields. */
  importRules(text: string): RulesImport {
    return rulesFromJson(text, this.fileSchema, {
      columns: this.file.columns.map((c) => c.name),
      fingerprint: this.fingerprint(),
    });
  }

  agreement(truthColumn: string): Agreement | null {
    if (!this.labels || !this.labelState) return null;
    return agreement(this.file, this.labels, this.labelState.set, truthColumn);
  }

  /** The labelled capture as CSV text in pieces, header first, so no piece holds the whole file. */
  *labelledCsv(): Generator<string> {
    const labels = this.labels ?? new Uint8Array(this.file.rowCount);
    const set = this.labelState?.set ?? { classes: [{ id: 0, name: 'benign', colour: '#888888' }] };
    yield `${labelledCsvHeader(this.file)}\n`;
    for (let from = 0; from < this.file.rowCount; from += EXPORT_ROWS) {
      yield labelledCsvRows(this.file, labels, set, from, Math.min(this.file.rowCount, from + EXPORT_ROWS));
    }
  }

  filter(text: string, range: TimeRangeUs | null): FilterResult {
    const t0 = performance.now();
    const m = this.mask(text);
    if (!m.ok) return m;
    const { start, end } = rowRange(this.table, range);
    let rows = end - start;
    if (m.mask) {
      if (!range) rows = countMatches(m.mask);
      else {
        rows = 0;
        for (let i = start; i < end; i++) rows += m.mask[i];
      }
    }
    return { ok: true, rows, total: this.table.rowCount, ms: performance.now() - t0 };
  }

  chart(req: ChartRequest): ChartResult {
    this.filterMs = 0;
    const { table } = this;
    const { start, end } = rowRange(table, req.range);
    const span = req.range
      ? req.range.toUs - req.range.fromUs
      : end > start
        ? table.timeUs[end - 1] - table.timeUs[start]
        : 0;
    const binUs = req.binUs ?? autoBinUs(span);
    let binMs = 0;
    const outcomes = req.series.map((def): SeriesOutcome => {
      const m = this.mask(def.filter);
      if (!m.ok) return { id: def.id, ok: false, error: m.error };
      const t0 = performance.now();
      try {
        const r = binSeries(table, m.mask, req.range, {
          binUs,
          metric: def.metric,
          field: def.field,
          splitBy: def.splitBy,
          hoverFields: req.hoverFields,
        });
        return { id: def.id, ok: true, lines: r.series, hover: r.hover };
      } catch (e) {
        if (e instanceof SeriesSpecError) return { id: def.id, ok: false, message: e.message };
        throw e;
      } finally {
        binMs += performance.now() - t0;
      }
    });
    return { binUs, outcomes, filterMs: this.filterMs, binMs };
  }

  breakdown(req: BreakdownRequest): BreakdownResult {
    const t0 = performance.now();
    const m = this.mask(req.filter);
    if (!m.ok) return m;
    const { table } = this;
    const { mask } = m;
    const range = req.range;
    const data = ((): BreakdownData => {
      switch (req.kind) {
        case 'protocols':
          return { kind: 'protocols', root: protocolHierarchy(table, mask, range) };
        case 'talkers':
          return {
            kind: 'talkers',
            talkers: topTalkers(table, mask, range, req.limit),
            src: topValues(table, mask, range, 'ip.src', req.limit),
            dst: topValues(table, mask, range, 'ip.dst', req.limit),
          };
        case 'ports':
          return {
            kind: 'ports',
            tcp: topValues(table, mask, range, 'tcp.dstport', req.limit),
            udp: topValues(table, mask, range, 'udp.dstport', req.limit),
          };
        case 'conversations':
          return { kind: 'conversations', rows: conversations(table, mask, range, req.limit) };
        case 'flags':
          return { kind: 'flags', rows: tcpFlagMix(table, mask, range) };
        case 'seq':
          return {
            kind: 'seq',
            frequency: tcpSeqFrequency(table, mask, range, req.limit),
            streams: tcpSeqPerStream(table, mask, range, 20),
          };
        default: {
          const never: never = req.kind;
          throw new Error(`unknown breakdown ${String(never)}`);
        }
      }
    })();
    return { ok: true, data, ms: performance.now() - t0 };
  }

  /** The rows a filter selects (null: every row), from the cache when the same text was asked before. */
  private mask(text: string): MaskOrError {
    const t0 = performance.now();
    const m = maskFor(this.table, this.schema, this.masks, text);
    this.filterMs += performance.now() - t0;
    return m;
  }
}

/** A filter's row mask over `table`, kept in `cache` by text (least recently used dropped first). */
function maskFor(table: PacketTable, schema: FilterSchema, cache: Map<string, Uint8Array>, text: string): MaskOrError {
  const key = text.trim();
  if (key === '') return { ok: true, mask: null };
  const cached = cache.get(key);
  if (cached) {
    cache.delete(key);
    cache.set(key, cached); // most recently used last
    return { ok: true, mask: cached };
  }
  const parsed = parseFilter(key, schema);
  if (!parsed.ok) return parsed;
  const mask = evaluateFilter(table, parsed.value);
  cache.set(key, mask);
  if (cache.size > MASK_CACHE) cache.delete(cache.keys().next().value as string);
  return { ok: true, mask };
}
