/**
 * The time-series chart (Wireshark's IO graph done right): several series, each with its own filter,
 * metric, colour and name, over one bin size, computed by the engine worker. Zooming sets the time range the
 * rest of the page uses; with the automatic bin size the chart re-bins to the zoomed range. The applied
 * display filter is plotted as a series of its own beside the first ("Display filter: …"), so the chart shows
 * what the filter bar counts; the series are kept per capture across a reload (chart-sync.ts).
 */
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { ChartRequest, ChartResult, SeriesOutcome } from '../../workers/engine-messages.ts';
import { useCapture } from '../stores/capture-hooks.ts';
import { chartFileName, chartTitle, exportFigure } from './chart-export.ts';
import { chartLines, DISPLAY_FILTER_ID, plottedSeries, seriesName } from './chart-lines.ts';
import { useChart, type SeriesSetup } from './chart-store.ts';
import { useChartSync } from './chart-sync.ts';
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
  /** The series as asked: names follow the filters plotted, not the ones typed since. */
  readonly asked: readonly SeriesSetup[];
}
type Status =
  | { readonly kind: 'idle' }
  | { readonly kind: 'running' }
  | { readonly kind: 'failed'; readonly message: string };

export function ChartPanel(): ReactNode {
  const engine = useEngine();
  const capture = useCapture();
  const { range, setRange, selection, setSelection, applied } = useExplore();
  useChartSync();
  const [dragmode, setDragmode] = useState<'zoom' | 'select'>('zoom');
  const labelSet = useLabels((s) => s.history[s.index].set);
  // New labels change what a split by label or a filter on label shows.
  const labelsOutcome = useLabels((s) => s.outcome);
  const { series, bin, setBin, addSeries, followFilter, setFollowFilter } = useChart();
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
    const chart = useChart.getState();
    // The display filter's series rides along, so the chart shows what the filter bar counts.
    const setups = plottedSeries(chart.series, applied, chart.followFilter);
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
        setAnswer({ requestId: id, result, asked: setups });
        if (result.outcomes.some((o) => o.ok)) setDrawnAnswer({ requestId: id, result, asked: setups });
        setStatus({ kind: 'idle' });
      },
      (e: unknown) => {
        if (latest.current === id) setStatus({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });
      },
    );
  }, [engine, version, columns, binUs, range, applied]);

  // Menus, the bin size, the zoomed range and a new capture re-plot at once; typed text waits for Enter.
  const menuKey = `${followFilter}|${series.map((s) => `${s.id}:${s.visible}:${s.metric}:${s.field}:${s.splitBy}`).join('|')}`;
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
    // Names and colours as set now; filters as plotted (a typed filter plots on Enter).
    const asked = new Map(drawnAnswer.asked.map((s) => [s.id, s]));
    const setups = [
      ...series.map((s) => ({ ...s, filter: asked.get(s.id)?.filter ?? s.filter })),
      ...drawnAnswer.asked.filter((s) => s.id === DISPLAY_FILTER_ID),
    ];
    return chartLines(drawnAnswer.result, setups, labelColour);
  }, [drawnAnswer, series, labelSet]);
  const figure = useMemo(
    () =>
      lines && lines.inputs.length > 0
        ? buildSeriesFigure(lines.inputs, { yLabel: lines.yLabel, dragmode, selection })
        : null,
    [lines, dragmode, selection],
  );

  // What an export says it shows: capture, series, bin size and the display filter.
  const description = lines && {
    capture: capture?.summary.fileName ?? 'capture',
    names: lines.csvNames,
    yLabel: lines.yLabel,
    bin: formatBin(drawnAnswer?.result.binUs ?? 0),
    filter: drawnAnswer?.asked.find((s) => s.id === DISPLAY_FILTER_ID)?.filter ?? '',
  };
  const downloadPng = (): void => {
    if (!figure || !description) return;
    void plot.current?.downloadPng(
      chartFileName(description, 'png'),
      exportFigure(figure, chartTitle(description), range),
    );
  };

  const downloadCsv = (): void => {
    if (!lines || lines.inputs.length === 0 || !description) return;
    const csv = seriesCsv(
      lines.inputs[0].startUs,
      lines.inputs.map((l, i) => ({ name: lines.csvNames[i], values: l.values })),
    );
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
    a.download = chartFileName(description, 'csv');
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
          <label title="Adds a series of the packets the display filter matches, drawn beside the first">
            <input type="checkbox" checked={followFilter} onChange={(e) => setFollowFilter(e.target.checked)} />
            Plot the display filter
          </label>
          <button type="button" onClick={downloadPng} disabled={!figure}>
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
        {/* The display filter's own error is shown by the filter bar. */}
        {errors
          .filter((o) => o.id !== DISPLAY_FILTER_ID)
          .map((o) => (
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
          hideImageButton
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
          </button>{' '}
          (or double-click the chart)
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
  const who = `Series ${index + 1}${setup ? ` (${seriesName(setup)})` : ''}: `;
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
