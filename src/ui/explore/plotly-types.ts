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
  readonly line?: { readonly color: string; readonly width?: number; readonly shape?: 'linear' | 'hv' };
  /** Scatter traces with the same stackgroup stack as filled areas. */
  readonly stackgroup?: string;
  readonly fillcolor?: string;
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
  /** Select mode picks a time range only. */
  readonly selectdirection?: 'h' | 'v' | 'd' | 'any';
  readonly shapes?: readonly Shape[];
  readonly hovermode?: 'closest' | 'x unified';
  readonly uirevision?: string;
}

/** A shaded time range over the whole plot height (the labelling selection). */
export interface Shape {
  readonly type: 'rect';
  readonly xref: 'x';
  readonly yref: 'paper';
  readonly x0: number;
  readonly x1: number;
  readonly y0: number;
  readonly y1: number;
  readonly fillcolor: string;
  readonly opacity: number;
  readonly line: { readonly width: number };
  readonly layer: 'below' | 'above';
}

export interface Figure {
  readonly data: readonly Trace[];
  readonly layout: Layout;
}
