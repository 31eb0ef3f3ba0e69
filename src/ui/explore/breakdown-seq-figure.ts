/**
 * tcp.seq against time, one trace per TCP stream, so a jump in one stream's sequence numbers shows as a
 * step. Times are epoch milliseconds on a date axis (Plotly shows UTC). Stream labels carry addresses from
 * the capture, so they are escaped for Plotly's label markup like every other capture text.
 */
import type { TcpSeqStream } from '../../core/query/breakdown-tables.ts';
import type { Figure, Trace } from './plotly-types.ts';
import { escapePlotlyText } from './series-figure.ts';

const PALETTE = [
  '#2f6fdb',
  '#d9480f',
  '#2b8a3e',
  '#ae3ec9',
  '#e67700',
  '#0c8599',
  '#c2255c',
  '#5c940d',
  '#868e96',
  '#495057',
];

/** The legend name of a stream, unescaped: `stream 3: 10.0.0.1:40000 → 10.0.0.2:80`. */
export function streamName(s: TcpSeqStream): string {
  return `stream ${s.stream}: ${s.label}`;
}

export function buildSeqFigure(streams: readonly TcpSeqStream[]): Figure {
  const data: Trace[] = streams.map((s, i) => {
    const name = escapePlotlyText(streamName(s));
    const color = PALETTE[i % PALETTE.length];
    return {
      type: 'scattergl',
      mode: 'lines+markers',
      name,
      x: Array.from(s.timeUs, (us) => us / 1000),
      y: Array.from(s.seq),
      line: { color, width: 1 },
      marker: { color },
      hovertemplate: `%{x|%Y-%m-%d %H:%M:%S.%L} UTC<br>tcp.seq: %{y:d}<br>${name}<extra></extra>`,
    };
  });
  return {
    data,
    layout: {
      margin: { l: 72, r: 12, t: 8, b: 36 },
      xaxis: { type: 'date', title: { text: 'time (UTC)' } },
      yaxis: { title: { text: 'tcp.seq' } },
      showlegend: streams.length > 0,
      dragmode: 'zoom',
      hovermode: 'closest',
    },
  };
}
