/**
 * The time-series chart (Wireshark's IO graph done right): a filter, a metric, a bin size and an optional
 * split, computed by the engine worker; zooming sets the time range the rest of the page uses.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { SeriesRequest, SeriesResult } from '../../workers/engine-messages.ts';
import { useCapture } from '../stores/capture-hooks.ts';
import { useEngine } from './engine-context.ts';
import { FilterErrorView } from './filter-error-view.tsx';
import { PlotlyView, type PlotlyViewHandle } from './plotly-view.tsx';
import { buildSeriesFigure } from './series-figure.ts';
import { seriesCsv } from './series-csv.ts';
import { useExplore } from './explore-store.ts';

const BINS: readonly [string, number | null][] = [
  ['Auto', null], ['1 ms', 1e3], ['10 ms', 1e4], ['100 ms', 1e5], ['1 s', 1e6], ['10 s', 1e7], ['1 min', 6e7], ['10 min', 6e8], ['1 h', 3.6e9],
];
const SPLITS = ['attack', 'alert', 'label', 'frame.protocols', 'ip.src', 'ip.dst', 'tcp.dstport', 'udp.dstport'];
const HOVER_FIELDS = ['alert', 'frame.protocols'];
const PALETTE = ['#2f6fdb', '#d9480f', '#2b8a3e', '#ae3ec9', '#e67700', '#0c8599', '#c2255c', '#5c940d', '#868e96', '#495057'];

type Shown = { readonly kind: 'none' } | { readonly kind: 'running' } | { readonly kind: 'done'; readonly request: SeriesRequest; readonly result: SeriesResult } | { readonly kind: 'failed'; readonly message: string };

export function ChartPanel(): ReactNode {
  const engine = useEngine();
  const capture = useCapture();
  const { range, setRange } = useExplore();
  const columns = useMemo(() => new Set(capture?.summary.columns.map((c) => c.name) ?? []), [capture]);
  const [filter, setFilter] = useState('');
  const [metric, setMetric] = useState<'count' | 'bytes'>('count');
  const [bin, setBin] = useState('Auto');
  const [split, setSplit] = useState('');
  const [shown, setShown] = useState<Shown>({ kind: 'none' });
  const latest = useRef(0);
  const plot = useRef<PlotlyViewHandle>(null);

  const run = useCallback((): void => {
    const id = ++latest.current;
    const request: SeriesRequest = {
      filter: filter.trim(),
      metric,
      binUs: BINS.find(([name]) => name === bin)?.[1] ?? null,
      splitBy: split || null,
      hoverFields: HOVER_FIELDS.filter((f) => columns.has(f)),
    };
    setShown({ kind: 'running' });
    engine.series(request).then(
      (result) => { if (latest.current === id) setShown({ kind: 'done', request, result }); },
      (e: unknown) => { if (latest.current === id) setShown({ kind: 'failed', message: e instanceof Error ? e.message : String(e) }); },
    );
  }, [engine, filter, metric, bin, split, columns]);

  // A new capture: draw its packets per bin at once.
  const version = capture?.version ?? 0;
  useEffect(() => { if (version) run(); }, [version]); // eslint-disable-line react-hooks/exhaustive-deps

  const submit = (e: FormEvent): void => { e.preventDefault(); run(); };
  // The last good result stays drawn while the next one computes or when a filter is wrong: no flicker.
  const [drawnResult, setDrawnResult] = useState<{ request: SeriesRequest; result: Extract<SeriesResult, { ok: true }> } | null>(null);
  useEffect(() => {
    if (shown.kind === 'done' && shown.result.ok) setDrawnResult({ request: shown.request, result: shown.result });
  }, [shown]);
  useEffect(() => { setDrawnResult(null); }, [version]);
  const figure = useMemo(() => {
    if (!drawnResult) return null;
    const r = drawnResult.result;
    return buildSeriesFigure(r.series.map((s, i) => ({
      name: s.label, color: PALETTE[i % PALETTE.length], startUs: s.startUs, values: s.values, binUs: r.binUs,
      ...(r.hover && r.series.length === 1 ? { hover: r.hover } : {}),
    })), { yLabel: drawnResult.request.metric === 'bytes' ? 'bytes per bin' : 'packets per bin', stacked: r.series.length > 1 });
  }, [drawnResult]);

  const downloadCsv = (): void => {
    if (!drawnResult) return;
    const blob = new Blob([seriesCsv(drawnResult.result)], { type: 'text/csv' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = 'series.csv';
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  };

  return (
    <section className="chart-panel card" aria-label="Time series">
      <form className="chart-controls" onSubmit={submit}>
        <input className="filter-input mono" aria-label="Series filter" placeholder="Filter for this series, e.g. tcp.seq == 1 (empty: all packets)"
          spellCheck={false} value={filter} onChange={(e) => setFilter(e.target.value)} />
        <label>Metric <select aria-label="Metric" value={metric} onChange={(e) => setMetric(e.target.value === 'bytes' ? 'bytes' : 'count')}>
          <option value="count">packets</option><option value="bytes">bytes (frame.len)</option></select></label>
        <label>Bin <select aria-label="Bin size" value={bin} onChange={(e) => setBin(e.target.value)}>
          {BINS.map(([name]) => <option key={name}>{name}</option>)}</select></label>
        <label>Split by <select aria-label="Split by" value={split} onChange={(e) => setSplit(e.target.value)}>
          <option value="">nothing</option>{SPLITS.filter((f) => columns.has(f)).map((f) => <option key={f}>{f}</option>)}</select></label>
        <button type="submit" className="primary">Plot</button>
        <button type="button" onClick={() => void plot.current?.downloadPng('series')} disabled={!figure}>PNG</button>
        <button type="button" onClick={downloadCsv} disabled={!figure}>CSV</button>
      </form>
      <div className="chart-status" role="status" aria-label="Chart status">
        {shown.kind === 'running' && <span className="muted">Computing…</span>}
        {shown.kind === 'failed' && <span className="filter-error">{shown.message}</span>}
        {shown.kind === 'done' && !shown.result.ok && <FilterErrorView text={shown.request.filter} error={shown.result.error} />}
        {shown.kind === 'done' && shown.result.ok && (
          <span className="muted">{shown.result.series.length} series, bins of {formatBin(shown.result.binUs)}, {shown.result.ms.toFixed(0)} ms in the engine
            {range && <> · range {new Date(range.fromUs / 1000).toISOString()} to {new Date(range.toUs / 1000).toISOString()} <button type="button" className="link" onClick={() => setRange(null)}>reset</button></>}</span>
        )}
      </div>
      {figure && <PlotlyView figure={figure} label="Time series chart" onRange={setRange} handle={plot} />}
    </section>
  );
}

function formatBin(us: number): string {
  if (us >= 3.6e9) return `${us / 3.6e9} h`;
  if (us >= 6e7) return `${us / 6e7} min`;
  if (us >= 1e6) return `${us / 1e6} s`;
  return `${us / 1e3} ms`;
}
