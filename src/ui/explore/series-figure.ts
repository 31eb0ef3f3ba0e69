/**
 * Builds the Plotly figure of binned time series as plain objects (tested without a browser, like
 * Perfetto's chart option builders). Times are plotted as epoch milliseconds on a date axis, which Plotly
 * shows in UTC. Text from the capture (alert values, protocol stacks) goes into hover labels escaped:
 * Plotly reads `<b>`, `<br>` and links in labels as markup, and captures carry text an attacker wrote.
 */
import type { Figure, Trace } from './plotly-types.ts';

export interface SeriesInput {
  readonly name: string;
  readonly color: string;
  /** Bin starts, whole microseconds since the epoch. */
  readonly startUs: ArrayLike<number>;
  readonly values: ArrayLike<number>;
  readonly binUs: number;
  /** Extra hover lines per bin: `hover[field][bin]`. */
  readonly hover?: Readonly<Record<string, readonly string[]>>;
}

export interface FigureOptions {
  readonly yLabel: string;
  readonly stacked: boolean;
  /** Above this many bins a line (WebGL) draws faster than bars. */
  readonly maxBars?: number;
}

/** Escapes text for Plotly's label markup. */
export function escapePlotlyText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function buildSeriesFigure(series: readonly SeriesInput[], opts: FigureOptions): Figure {
  const maxBars = opts.maxBars ?? 2000;
  const data: Trace[] = series.map((s) => {
    const n = s.values.length;
    const x = Array.from({ length: n }, (_, i) => s.startUs[i] / 1000);
    const y = Array.from(s.values);
    const fields = Object.keys(s.hover ?? {});
    const customdata = fields.length
      ? x.map((_, i) => fields.map((f) => escapePlotlyText((s.hover as Record<string, readonly string[]>)[f][i] ?? '')))
      : undefined;
    const extra = fields.map((f, k) => `<br>${escapePlotlyText(f)}: %{customdata[${k}]}`).join('');
    const hovertemplate = `%{x|%Y-%m-%d %H:%M:%S.%L} UTC<br>${escapePlotlyText(s.name)}: %{y}${extra}<extra></extra>`;
    const common = { name: s.name, x, y, hovertemplate, ...(customdata ? { customdata } : {}) };
    return n > maxBars
      ? { ...common, type: 'scattergl' as const, mode: 'lines' as const, line: { color: s.color, width: 1 } }
      : { ...common, type: 'bar' as const, marker: { color: s.color }, offset: 0, width: s.binUs / 1000 }; // a bar covers its bin
  });
  return {
    data,
    layout: {
      barmode: opts.stacked ? 'stack' : 'group',
      bargap: 0.05,
      margin: { l: 56, r: 12, t: series.length > 1 ? 28 : 8, b: 36 },
      xaxis: { type: 'date', title: { text: 'time (UTC)' } },
      yaxis: { title: { text: opts.yLabel }, rangemode: 'tozero' },
      showlegend: series.length > 1,
      legend: { orientation: 'h', x: 0, y: 1.02, yanchor: 'bottom' },
      dragmode: 'zoom',
      hovermode: 'closest',
      uirevision: 'keep',
    },
  };
}
