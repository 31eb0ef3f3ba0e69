/**
 * The only file that touches Plotly: draws a Figure, reports the time range the user zooms or drags to,
 * and exports PNG. Plotly (several MB) is not loaded with the page: it is fetched and evaluated when the page
 * is first idle (preloadPlotly), so that its evaluation, a task of 100-300 ms, never lands on the first load's
 * final render. The mark 'plotly:ready' says it is done.
 */
import { useEffect, useImperativeHandle, useRef, type ReactNode, type Ref } from 'react';
import type { Figure, HeatmapTrace, Trace } from './plotly-types.ts';
import { themedLayout, useChartTheme } from '../theme.ts';

type PlotlyApi = typeof import('plotly.js-dist-min')['default'];
let plotly: Promise<PlotlyApi> | null = null;
const loadPlotly = (): Promise<PlotlyApi> =>
  (plotly ??= import('plotly.js-dist-min').then((m) => {
    performance.mark('plotly:ready');
    return m.default;
  }));

/** Loads Plotly once the page has nothing else to do (or after two seconds at the latest). */
export function preloadPlotly(): void {
  const load = (): void => {
    void loadPlotly();
  };
  if (typeof requestIdleCallback === 'function') requestIdleCallback(load, { timeout: 2000 });
  else setTimeout(load, 500);
}

export interface PlotlyViewHandle {
  /**
   * Saves a PNG under `filename`, drawn from `figure` (an export figure: titled, with a legend) or else the
   * chart as on screen. The export's title and legend are written to `data-exported-title` and
   * `data-exported-legend`, as `data-drawn-key` says what is on screen.
   */
  downloadPng(filename: string, figure?: Figure): Promise<void>;
}

export interface PlotlyViewProps {
  readonly figure: Figure<Trace | HeatmapTrace>;
  readonly label: string;
  /** Zoomed or reset: the visible time range in microseconds, or null for everything. */
  readonly onRange?: (range: { fromUs: number; toUs: number } | null) => void;
  /** A time range dragged in select mode, or null when the selection is cleared. */
  readonly onSelect?: (range: { fromUs: number; toUs: number } | null) => void;
  /** Called after each draw, with how long it took (ms). */
  readonly onDrawn?: (ms: number) => void;
  /** Written to `data-drawn-key` once this figure is on screen, so tests and benchmarks know which one is. */
  readonly drawKey?: string;
  readonly handle?: Ref<PlotlyViewHandle>;
  /** The mode bar camera's file name (Plotly's default is "newplot"). */
  readonly imageName?: string;
  /** Hides the mode bar's camera, where the panel has its own export. */
  readonly hideImageButton?: boolean;
}

export function PlotlyView({
  figure,
  label,
  onRange,
  onSelect,
  onDrawn,
  drawKey,
  handle,
  imageName,
  hideImageButton,
}: PlotlyViewProps): ReactNode {
  const el = useRef<HTMLDivElement>(null);
  const theme = useChartTheme();
  const onRangeRef = useRef(onRange);
  onRangeRef.current = onRange;
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;
  const onDrawnRef = useRef(onDrawn);
  onDrawnRef.current = onDrawn;

  useImperativeHandle(
    handle,
    () => ({
      downloadPng: async (filename, exported) => {
        const P = await loadPlotly();
        const node = el.current;
        if (!node) return;
        const source = exported ? { data: exported.data, layout: exported.layout } : node;
        const url = await P.toImage(source, { format: 'png', width: 1400, height: exported ? 560 : 500 });
        if (exported) {
          node.dataset.exportedTitle = exported.layout.title?.text ?? '';
          node.dataset.exportedLegend = String(exported.layout.showlegend);
        }
        const a = document.createElement('a');
        a.href = url;
        a.download = filename.endsWith('.png') ? filename : `${filename}.png`;
        a.click();
      },
    }),
    [],
  );

  useEffect(() => {
    let cancelled = false;
    const t0 = performance.now();
    void loadPlotly().then(async (P) => {
      if (cancelled || !el.current) return;
      const gd = await P.react(el.current, figure.data, themedLayout(figure.layout, theme), {
        responsive: true,
        displaylogo: false,
        // Plotly's "Double-click to zoom back out" tip floats over the page's top right corner, where it covered
        // the filter's Apply button; the chart status offers "reset range" instead.
        showTips: false,
        // The mode bar's camera saves "newplot.png" without title or legend: the panel's PNG button does better.
        ...(imageName ? { toImageButtonOptions: { filename: imageName } } : {}),
        ...(hideImageButton ? { modeBarButtonsToRemove: ['toImage'] } : {}),
      });
      if (cancelled) return;
      onDrawnRef.current?.(performance.now() - t0);
      el.current.dataset.drawn = String(Number(el.current.dataset.drawn ?? 0) + 1);
      if (drawKey !== undefined) el.current.dataset.drawnKey = drawKey;
      if (!el.current.dataset.listening) {
        el.current.dataset.listening = '1';
        gd.on('plotly_relayout', (e) => {
          if (e['xaxis.autorange'] === true) {
            onRangeRef.current?.(null);
            return;
          }
          const a = e['xaxis.range[0]'];
          const b = e['xaxis.range[1]'];
          if (a !== undefined && b !== undefined) onRangeRef.current?.({ fromUs: toUs(a), toUs: toUs(b) });
        });
        gd.on('plotly_selected', (e) => {
          const x = (e as { range?: { x?: readonly unknown[] } } | undefined)?.range?.x; // absent when a click clears it
          if (x && x.length === 2)
            onSelectRef.current?.({ fromUs: Math.round(toUs(x[0])), toUs: Math.round(toUs(x[1])) });
        });
        gd.on('plotly_deselect', () => onSelectRef.current?.(null));
      }
    });
    return () => {
      cancelled = true;
    };
  }, [figure, drawKey, theme, imageName, hideImageButton]);

  useEffect(
    () => () => {
      if (el.current) void loadPlotly().then((P) => el.current && P.purge(el.current));
    },
    [],
  );

  return <div ref={el} className="plotly-view" role="img" aria-label={label} />;
}

/** Plotly reports date-axis ranges as 'YYYY-MM-DD HH:MM:SS.sss' strings in UTC (or as epoch ms numbers). */
function toUs(v: unknown): number {
  if (typeof v === 'number') return v * 1000;
  const s = String(v);
  const iso = s.includes('T') ? s : s.replace(' ', 'T');
  return Date.parse(iso.endsWith('Z') ? iso : `${iso}Z`) * 1000;
}
