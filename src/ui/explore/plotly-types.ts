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
  readonly line?: {
    readonly color: string;
    readonly width?: number;
    readonly shape?: 'linear' | 'hv';
    readonly dash?: 'dot' | 'dash';
  };
  /** Scatter traces with the same stackgroup stack as filled areas. */
  readonly stackgroup?: string;
  readonly fillcolor?: string;
  readonly mode?: 'lines' | 'markers' | 'lines+markers';
  readonly customdata?: readonly (readonly string[])[];
  readonly hovertemplate?: string;
  /** Draw against the second y axis (layout.yaxis2). */
  readonly yaxis?: 'y2';
}

/** A grid of numbers (the confusion matrix), drawn as colours with the numbers written in. */
export interface HeatmapTrace {
  readonly type: 'heatmap';
  readonly x: readonly string[];
  readonly y: readonly string[];
  /** z[row][column]: row i belongs to y[i]. */
  readonly z: readonly (readonly number[])[];
  readonly colorscale: string | readonly (readonly [number, string])[];
  readonly showscale?: boolean;
  readonly texttemplate?: string;
  readonly hovertemplate?: string;
}

export interface Layout {
  /** Shown above the plot; the chart on screen has none (its panel says what it shows), an export has one. */
  readonly title?: { readonly text: string; readonly x?: number; readonly xanchor?: 'left' | 'center' };
  readonly barmode?: 'stack' | 'group' | 'overlay';
  readonly bargap?: number;
  readonly margin: { readonly l: number; readonly r: number; readonly t: number; readonly b: number };
  readonly xaxis: Axis & { readonly type: 'date' | 'linear' | 'category' };
  readonly yaxis: Axis & { readonly title: { readonly text: string } };
  /** A second y axis on the right, sharing x (accuracy beside loss). */
  readonly yaxis2?: Axis & {
    readonly overlaying: 'y';
    readonly side: 'right';
    /** 'linear' from tick0 by dtick: an overlaying axis would otherwise take the first axis's tick count. */
    readonly tickmode?: 'linear';
    readonly tick0?: number;
    readonly showgrid?: boolean;
  };
  readonly showlegend: boolean;
  readonly legend?: { readonly orientation: 'h'; readonly x: number; readonly y: number; readonly yanchor: 'bottom' };
  readonly dragmode?: 'zoom' | 'select' | 'pan';
  /** Select mode picks a time range only. */
  readonly selectdirection?: 'h' | 'v' | 'd' | 'any';
  readonly shapes?: readonly Shape[];
  readonly hovermode?: 'closest' | 'x unified';
  readonly uirevision?: string;
}

export interface Axis {
  readonly type?: 'date' | 'linear' | 'category';
  readonly title?: { readonly text: string };
  readonly range?: readonly [number, number];
  readonly rangemode?: 'tozero';
  /** 'reversed' puts the first category at the top (a matrix reads top-down). */
  readonly autorange?: 'reversed';
  readonly dtick?: number;
  readonly automargin?: boolean;
  /** A d3 number format for the tick labels (',~r': "25,000" rather than "25k"). */
  readonly tickformat?: string;
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

/** Most figures hold line and bar traces only; the confusion matrix is a Figure<HeatmapTrace>. */
export interface Figure<T extends Trace | HeatmapTrace = Trace> {
  readonly data: readonly T[];
  readonly layout: Layout;
}
