/**
 * What a chart export says about itself: a title naming the capture, the series, the bin size and the
 * display filter, a file name made from it (never Plotly's "newplot.png"), and for the PNG the figure as on
 * screen plus that title and a legend, so the picture still says what it shows once it is in a report.
 */
import { escapePlotlyText } from './series-figure.ts';
import type { Figure } from './plotly-types.ts';

export interface ChartDescription {
  /** The capture's file name. */
  readonly capture: string;
  /** The drawn lines' names. */
  readonly names: readonly string[];
  /** What the y axis counts: "packets per bin". */
  readonly yLabel: string;
  readonly bin: string;
  /** The applied display filter ('' for none). */
  readonly filter: string;
}

/** "lab-a.csv.gz: All packets, Display filter: udp (packets per bin, bins of 1 s; display filter: udp)". */
export function chartTitle(d: ChartDescription): string {
  const filter = d.filter.trim() ? `; display filter: ${d.filter.trim()}` : '';
  return `${d.capture}: ${d.names.join(', ')} (${d.yLabel}, bins of ${d.bin}${filter})`;
}

/** A file name of the capture and the series: letters, digits, dot, dash and underscore, at most ~100. */
export function chartFileName(d: ChartDescription, ext: 'png' | 'csv'): string {
  const base = d.capture.replace(/\.(csv|pcapng|pcap|cap|tsv|txt)(\.gz)?$/i, '');
  const slug = (s: string): string =>
    s
      .replace(/==/g, 'eq')
      .replace(/!=/g, 'ne')
      .replace(/&&/g, 'and')
      .replace(/\|\|/g, 'or')
      .replace(/[^A-Za-z0-9.]+/g, '-')
      .replace(/^-+|-+$/g, '');
  const parts = [base, ...d.names].map(slug).filter(Boolean);
  const name = (parts.join('_') || 'chart').slice(0, 100).replace(/[-_.]+$/, '');
  return `${name}.${ext}`;
}

/**
 * The figure a PNG is drawn from: the chart's, titled, with its legend even for one series, over the time
 * range on screen (`rangeUs`, the zoom; null for all).
 */
export function exportFigure(
  figure: Figure,
  title: string,
  rangeUs: { readonly fromUs: number; readonly toUs: number } | null,
): Figure {
  const { layout } = figure;
  return {
    data: figure.data,
    layout: {
      ...layout,
      title: { text: escapePlotlyText(title), x: 0, xanchor: 'left' },
      showlegend: true,
      legend: { orientation: 'h', x: 0, y: 1.02, yanchor: 'bottom' },
      margin: { ...layout.margin, t: 90 },
      xaxis: rangeUs ? { ...layout.xaxis, range: [rangeUs.fromUs / 1000, rangeUs.toUs / 1000] } : layout.xaxis,
    },
  };
}
