/**
 * The page follows the system's light or dark setting: styles.css holds the colours as custom properties
 * with a `prefers-color-scheme: dark` set. Plotly draws on a canvas and SVG of its own and reads no CSS, so
 * its figures get the same colours here: `themedLayout` adds them to a figure's layout, `useChartTheme`
 * re-renders a chart when the system setting changes. Figure builders stay theme-free.
 */
import { useSyncExternalStore } from 'react';

export type ColorScheme = 'light' | 'dark';

/** What a chart takes from the page's theme. */
export interface ChartTheme {
  readonly scheme: ColorScheme;
  /** Behind the whole figure (the card it sits on) and behind the plot area. */
  readonly paper: string;
  readonly plot: string;
  /** Text: titles, tick labels, legend. */
  readonly ink: string;
  readonly grid: string;
  /** Axis lines and the zero line. */
  readonly line: string;
  /** The mode bar's icons, idle and active. */
  readonly icon: string;
  readonly iconActive: string;
}

// The same values as styles.css's --panel, --ink, --line, --line-strong, --muted and --accent.
const THEMES: Readonly<Record<ColorScheme, ChartTheme>> = {
  light: {
    scheme: 'light',
    paper: '#ffffff',
    plot: '#ffffff',
    ink: '#1b2430',
    grid: '#e4e8ee',
    line: '#c6cdd8',
    icon: '#8a94a3',
    iconActive: '#2563c9',
  },
  dark: {
    scheme: 'dark',
    paper: '#171d26',
    plot: '#171d26',
    ink: '#dce3ec',
    grid: '#2a3340',
    line: '#3d4757',
    icon: '#7d8899',
    iconActive: '#6ea8ff',
  },
};

export function chartTheme(scheme: ColorScheme): ChartTheme {
  return THEMES[scheme];
}

type LayoutLike = { readonly font?: object; readonly template?: unknown };

/**
 * The figure's layout with the theme's colours as defaults: what the figure sets itself wins. Axis colours
 * go in a template, which Plotly applies to every axis (yaxis2 and the matrix's axes too).
 */
export function themedLayout<L extends object>(layout: L, theme: ChartTheme): L & Record<string, unknown> {
  const own = layout as L & LayoutLike;
  const axis = { gridcolor: theme.grid, linecolor: theme.line, zerolinecolor: theme.line };
  return {
    paper_bgcolor: theme.paper,
    plot_bgcolor: theme.plot,
    modebar: { bgcolor: 'rgba(0,0,0,0)', color: theme.icon, activecolor: theme.iconActive },
    ...layout,
    font: { color: theme.ink, ...own.font },
    template: own.template ?? { layout: { xaxis: axis, yaxis: axis } },
  };
}

const DARK_QUERY = '(prefers-color-scheme: dark)';

function currentScheme(): ColorScheme {
  return typeof matchMedia === 'function' && matchMedia(DARK_QUERY).matches ? 'dark' : 'light';
}

function subscribe(onChange: () => void): () => void {
  if (typeof matchMedia !== 'function') return () => {};
  const query = matchMedia(DARK_QUERY);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

/** The chart theme of the system's current setting; a component using it re-renders when the setting changes. */
export function useChartTheme(): ChartTheme {
  return chartTheme(useSyncExternalStore(subscribe, currentScheme, () => 'light' as const));
}
