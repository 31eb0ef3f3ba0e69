/**
 * Builds the Plotly figure of binned time series as plain objects (tested without a browser, like
 * Perfetto's chart option builders). Times are plotted as epoch milliseconds on a date axis, which Plotly
 * shows in UTC. Text from the capture (alert values, protocol stacks) goes into hover labels escaped:
 * Plotly reads `<b>`, `<br>` and links in labels as markup, and captures carry text an attacker wrote.
 */
import { AXIS_NUMBER_FORMAT, formatValue } from '../format.ts';
import type { Figure, Trace } from './plotly-types.ts';

export interface SeriesInput {
  readonly name: string;
  readonly color: string;
  /** Bin starts, whole microseconds since the epoch. */
  readonly startUs: ArrayLike<number>;
  /** NaN: no value in the bin (a gap). */
  readonly values: ArrayLike<number>;
  readonly binUs: number;
  /** Extra hover lines per bin, as plain text: `hover[line name][bin]` (escaped here). */
  readonly hover?: Readonly<Record<string, readonly string[]>>;
  /**
   * bar: bars covering their bin, all bars stacking (so only one series of the chart should use bars);
   * line: a step line over the bins; lines sharing a `stack` name stack as filled areas.
   */
  readonly style?: 'bar' | 'line';
  readonly stack?: string;
}

export interface FigureOptions {
  readonly yLabel: string;
  /** What dragging on the plot does: zoom (sets the page's range) or select (a range to label). */
  readonly dragmode?: 'zoom' | 'select';
  /** The selected time range, shaded. */
  readonly selection?: { readonly fromUs: number; readonly toUs: number } | null;
  /** Above this many bins a line (WebGL) draws faster than bars. */
  readonly maxBars?: number;
}

/** Escapes text for Plotly's label markup. */
export function escapePlotlyText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#34;');
}

export function buildSeriesFigure(series: readonly SeriesInput[], opts: FigureOptions): Figure {
  const maxBars = opts.maxBars ?? 1000;
  const data: Trace[] = series.map((s) => {
    const n = s.values.length;
    const x = Array.from({ length: n }, (_, i) => s.startUs[i] / 1000);
    const y = Array.from(s.values);
    const hover = s.hover ?? {};
    const fields = Object.keys(hover);
    // customdata[0] is the value as the tables write it ("25,983", not Plotly's "25.983k"), then one text per
    // hover line; all of it escaped, as capture text may hold markup.
    const customdata = x.map((_, i) => [formatValue(y[i]), ...fields.map((f) => escapePlotlyText(hover[f][i] ?? ''))]);
    const extra = fields.map((f, k) => `<br>${escapePlotlyText(f)}: %{customdata[${k + 1}]}`).join('');
    const hovertemplate = `%{x|%Y-%m-%d %H:%M:%S.%L} UTC<br>${escapePlotlyText(s.name)}: %{customdata[0]}${extra}<extra></extra>`;
    const common = { name: escapePlotlyText(s.name), x, y, hovertemplate, customdata };
    if (s.style === 'line' && s.stack) {
      return {
        ...common,
        type: 'scatter' as const,
        mode: 'lines' as const,
        line: { color: s.color, width: 1, shape: 'hv' as const },
        stackgroup: s.stack,
        fillcolor: s.color,
      };
    }
    if (s.style === 'line' || n > maxBars) {
      return {
        ...common,
        type: 'scattergl' as const,
        mode: 'lines' as const,
        line: { color: s.color, width: s.style === 'line' ? 2 : 1, shape: 'hv' as const },
      };
    }
    return { ...common, type: 'bar' as const, marker: { color: s.color }, offset: 0, width: s.binUs / 1000 }; // a bar covers its bin
  });
  return {
    data,
    layout: {
      barmode: 'stack',
      bargap: 0.05,
      margin: { l: 56, r: 12, t: series.length > 1 ? 28 : 8, b: 36 },
      xaxis: { type: 'date', title: { text: 'time (UTC)' } },
      yaxis: { title: { text: opts.yLabel }, rangemode: 'tozero', tickformat: AXIS_NUMBER_FORMAT },
      showlegend: series.length > 1,
      legend: { orientation: 'h', x: 0, y: 1.02, yanchor: 'bottom' },
      dragmode: opts.dragmode ?? 'zoom',
      selectdirection: 'h',
      ...(opts.selection
        ? {
            shapes: [
              {
                type: 'rect' as const,
                xref: 'x' as const,
                yref: 'paper' as const,
                x0: opts.selection.fromUs / 1000,
                x1: opts.selection.toUs / 1000,
                y0: 0,
                y1: 1,
                fillcolor: '#f2c94c',
                opacity: 0.25,
                line: { width: 0 },
                layer: 'below' as const,
              },
            ],
          }
        : {}),
      hovermode: 'closest',
      uirevision: 'keep',
    },
  };
}
