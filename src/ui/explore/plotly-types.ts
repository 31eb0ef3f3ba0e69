/**
 * The few Plotly shapes this app builds, typed here so figure builders stay plain, checked objects.
 * (Plotly 4 ships no types of its own.)
 */
export interface Trace {
  readonly type: 'bar' | 'scattergl' | 'scatter';
  readonly name: string;
  readonly x: readonly number[];
  readonly y: readonly number[];
  readonly marker?: { readonly color: string };
  /** Bars: where each bar starts relative to x, and how wide it is, in x units (ms on a date axis). */
  readonly offset?: number;
  readonly width?: number;
  readonly line?: { readonly color: string; readonly width?: number };
  readonly mode?: 'lines' | 'markers' | 'lines+markers';
  readonly customdata?: readonly (readonly string[])[];
  readonly hovertemplate?: string;
}

export interface Layout {
  readonly barmode?: 'stack' | 'group' | 'overlay';
  readonly bargap?: number;
  readonly margin: { readonly l: number; readonly r: number; readonly t: number; readonly b: number };
  readonly xaxis: { readonly type: 'date'; readonly title?: { readonly text: string }; readonly range?: readonly [number, number] };
  readonly yaxis: { readonly title: { readonly text: string }; readonly rangemode?: 'tozero' };
  readonly showlegend: boolean;
  readonly legend?: { readonly orientation: 'h'; readonly x: number; readonly y: number; readonly yanchor: 'bottom' };
  readonly dragmode?: 'zoom' | 'select' | 'pan';
  readonly hovermode?: 'closest' | 'x unified';
  readonly uirevision?: string;
}

export interface Figure {
  readonly data: readonly Trace[];
  readonly layout: Layout;
}
