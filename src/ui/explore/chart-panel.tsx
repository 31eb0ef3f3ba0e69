/**
 * The time-series chart (Wireshark's IO graph done right): several series, each with its own filter,
 * metric, colour and name, over one bin size, computed by the engine worker. Zooming sets the time range the
 * rest of the page uses; with the automatic bin size the chart re-bins to the zoomed range.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { ChartRequest, ChartResult, SeriesOutcome } from '../../workers/engine-messages.ts';
import { useCapture } from '../stores/capture-hooks.ts';
import { chartLines } from './chart-lines.ts';
import { useChart, type SeriesSetup } from './chart-store.ts';
import { recordChartAnswer, recordChartDrawn } from './chart-timing.ts';
import { useEngine } from './engine-context.ts';
import { FilterErrorView } from './filter-error-view.tsx';
import { PlotlyView, type PlotlyViewHandle } from './plotly-view.tsx';
import { buildSeriesFigure } from './series-figure.ts';
import { seriesCsv } from './series-csv.ts';
import { SeriesEditor } from './series-editor.tsx';
import { useExplore } from './explore-store.ts';
import { useLabels } from '../labels/labels-store.ts';

export const BINS: readonly [string, number | null][] = [
  ['Auto', null],
  ['1 ms', 1e3],
  ['10 ms', 1e4],
  ['100 ms', 1e5],
  ['1 s', 1e6],
  ['10 s', 1e7],
  ['1 min', 6e7],
  ['10 min', 6e8],
  ['1 h', 3.6e9],
];
const HOVER_FIELDS = ['alert', 'frame.protocols'];
/** Series past this many are refused: the chart would be unreadable. */
const MAX_SERIES = 8;

interface Answer {
  readonly requestId: number;
  readonly result: ChartResult;
}
type Status =
  | { readonly kind: 'idle' }
  | { readonly kind: 'running' }
  | { readonly kind: 'failed'; readonly message: string };

export function ChartPanel(): ReactNode {
  const engine = useEngine();
  const capture = useCapture();
  const { range, setRange, selection, setSelection } = useExplore();
  const [dragmode, setDragmode] = useState<'zoom' | 'select'>('zoom');
  const labelSet = useLabels((s) => s.history[s.index].set);
  // New labels change what a split by label or a filter on label shows.
  const labelsOutcome = useLabels((s) => s.outcome);
  const { series, bin, setBin, addSeries } = useChart();
  const [answer, setAnswer] = useState<Answer | null>(null);
  // The last answer with something to draw stays on screen while a wrong filter is fixed: no flicker.
  const [drawnAnswer, setDrawnAnswer] = useState<Answer | null>(null);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const latest = useRef(0);
  const [latestId, setLatestId] = useState(0);
  const plot = useRef<PlotlyViewHandle>(null);
  const version = capture?.version ?? 0;
  const columns = useMemo(() => capture?.summary.columns ?? [], [capture]);
  const binUs = BINS.find(([name]) => name === bin)?.[1] ?? null;

  const run = useCallback((): void => {
    if (!version) return;
    const setups = useChart.getState().series.filter((s) => s.visible);
    const names = new Set(columns.map((c) => c.name));
    const request: ChartRequest = {
      series: setups.map((s) => ({
        id: s.id,
        filter: s.filter.trim(),
        metric: s.metric,
        field: s.field,
        splitBy: s.splitBy || null,
      })),
      binUs,
      hoverFields: HOVER_FIELDS.filter((f) => names.has(f)),
      // With a fixed bin size the whole capture stays binned; Auto re-bins the zoomed range finer.
      range: binUs === null ? range : null,
    };
    const id = ++latest.current;
    setLatestId(id);
    setStatus({ kind: 'running' });
    const askedAt = performance.now();
    engine.chart(request).then(
      (result) => {
        if (latest.current !== id) return;
        const local = (epochMs: number | undefined): number =>
          epochMs === undefined ? NaN : epochMs - performance.timeOrigin;
        recordChartAnswer({
          requestId: id,
          askedAt,
          answeredAt: performance.now(),
          filterMs: result.filterMs,
          binMs: result.binMs,
          startedAt: local(result.startedAt),
          repliedAt: local(result.repliedAt),
        });
        setAnswer({ requestId: id, result });
        if (result.outcomes.some((o) => o.ok)) setDrawnAnswer({ requestId: id, result });
        setStatus({ kind: 'idle' });
      },
      (e: unknown) => {
        if (latest.current === id) setStatus({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });
      },
    );
  }, [engine, version, columns, binUs, range]);

  // Menus, the bin size, the zoomed range and a new capture re-plot at once; typed text waits for Enter.
  const menuKey = series.map((s) => `${s.id}:${s.visible}:${s.metric}:${s.field}:${s.splitBy}`).join('|');
  // biome-ignore lint/correctness/useExhaustiveDependencies: menu changes and new labels re-plot at once
  useEffect(() => {
    run();
  }, [menuKey, run, labelsOutcome]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new capture clears what was drawn
  useEffect(() => {
    setAnswer(null);
    setDrawnAnswer(null);
    useExplore.getState().resetRange();
  }, [version]);

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    run();
  };

  // Names and colours come from the current set-up, so renaming or recolouring needs no engine round trip.
  const lines = useMemo(() => {
    if (!drawnAnswer) return null;
    const labelColour = (splitBy: string, value: string): string | undefined =>
      splitBy === 'label' ? labelSet.classes.find((c) => c.name === value)?.colour : undefined;
    return chartLines(drawnAnswer.result, series, labelColour);
  }, [drawnAnswer, series, labelSet]);
  const figure = useMemo(
    () =>
      lines && lines.inputs.length > 0
        ? buildSeriesFigure(lines.inputs, { yLabel: lines.yLabel, dragmode, selection })
        : null,
    [lines, dragmode, selection],
  );

  const downloadCsv = (): void => {
    if (!lines || lines.inputs.length === 0) return;
    const csv = seriesCsv(
      lines.inputs[0].startUs,
      lines.inputs.map((l, i) => ({ name: lines.csvNames[i], values: l.values })),
    );
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
    a.download = 'series.csv';
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  };

  const errors = answer ? answer.result.outcomes.filter((o) => !o.ok) : [];
  const drawnKey = drawnAnswer ? String(drawnAnswer.requestId) : undefined;
  const onDrawn = useCallback(() => {
    if (drawnAnswer) recordChartDrawn(drawnAnswer.requestId);
  }, [drawnAnswer]);

  return (
    <section
      className="chart-panel card"
      aria-label="Time series"
      data-latest={latestId}
      data-answered={answer?.requestId ?? 0}
    >
      <form className="chart-form" onSubmit={submit}>
        {series.map((s, i) => (
          <SeriesEditor key={s.id} setup={s} index={i} columns={columns} canRemove={series.length > 1} />
        ))}
        <div className="chart-controls">
          <button type="submit" className="primary">
            Plot
          </button>
          <button type="button" disabled={series.length >= MAX_SERIES} onClick={() => addSeries()}>
            Add series
          </button>
          <label>
            Bin{' '}
            <select aria-label="Bin size" value={bin} onChange={(e) => setBin(e.target.value)}>
              {BINS.map(([name]) => (
                <option key={name}>{name}</option>
              ))}
            </select>
          </label>
          <span className="segmented" role="radiogroup" aria-label="Drag on the chart to">
            <label>
              <input type="radio" name="dragmode" checked={dragmode === 'zoom'} onChange={() => setDragmode('zoom')} />
              zoom
            </label>
            <label>
              <input
                type="radio"
                name="dragmode"
                checked={dragmode === 'select'}
                onChange={() => setDragmode('select')}
              />
              select for labelling
            </label>
          </span>
          <button type="button" onClick={() => void plot.current?.downloadPng('series')} disabled={!figure}>
            PNG
          </button>
          <button type="button" onClick={downloadCsv} disabled={!figure}>
            CSV
          </button>
        </div>
      </form>
      <div className="chart-status" role="status" aria-label="Chart status">
        {status.kind === 'running' && <span className="muted">Computing…</span>}
        {status.kind === 'failed' && <span className="filter-error">{status.message}</span>}
        {status.kind === 'idle' && answer && (
          <AnswerLine result={answer.result} onReset={range ? () => setRange(null) : null} range={range} />
        )}
        {errors.map((o) => (
          <SeriesError
            key={o.id}
            outcome={o}
            setup={series.find((s) => s.id === o.id)}
            index={series.findIndex((s) => s.id === o.id)}
          />
        ))}
      </div>
      {figure && (
        <PlotlyView
          figure={figure}
          label="Time series chart"
          onRange={setRange}
          onSelect={setSelection}
          onDrawn={onDrawn}
          drawKey={drawnKey}
          handle={plot}
        />
      )}
    </section>
  );
}

function AnswerLine({
  result,
  range,
  onReset,
}: {
  result: ChartResult;
  range: { fromUs: number; toUs: number } | null;
  onReset: (() => void) | null;
}): ReactNode {
  const drawn = result.outcomes.filter((o) => o.ok).length;
  return (
    <span className="muted">
      {drawn} series, bins of {formatBin(result.binUs)}, {(result.filterMs + result.binMs).toFixed(0)} ms in the engine
      {range && (
        <>
          {' '}
          · range {new Date(range.fromUs / 1000).toISOString()} to {new Date(range.toUs / 1000).toISOString()}
        </>
      )}
      {onReset && (
        <>
          {' '}
          <button type="button" className="link" onClick={onReset}>
            reset range
          </button>
        </>
      )}
    </span>
  );
}

function SeriesError({
  outcome,
  setup,
  index,
}: {
  outcome: SeriesOutcome;
  setup: SeriesSetup | undefined;
  index: number;
}): ReactNode {
  if (outcome.ok) return null;
  const who = `Series ${index + 1}${setup ? ` (${setup.name})` : ''}: `;
  return (
    <div className="series-error">
      <span className="filter-error">{who}</span>
      {'error' in outcome ? (
        <FilterErrorView text={setup?.filter.trim() ?? ''} error={outcome.error} />
      ) : (
        <span className="filter-error">{outcome.message}</span>
      )}
    </div>
  );
}

export function formatBin(us: number): string {
  if (us >= 3.6e9) return `${us / 3.6e9} h`;
  if (us >= 6e7) return `${us / 6e7} min`;
  if (us >= 1e6) return `${us / 1e6} s`;
  return `${us / 1e3} ms`;
}
