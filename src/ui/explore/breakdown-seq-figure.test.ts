import { describe, expect, it } from 'vitest';
import type { TcpSeqStream } from '../../core/query/breakdown-tables.ts';
import { buildSeqFigure, streamName } from './breakdown-seq-figure.ts';

const t0 = 1795378353_000_000; // µs since the epoch

function stream(id: number, label: string, points: readonly [number, number][]): TcpSeqStream {
  return {
    stream: id,
    label,
    packets: points.length,
    timeUs: Float64Array.from(points, ([t]) => t0 + t),
    seq: Float64Array.from(points, ([, s]) => s),
  };
}

describe('buildSeqFigure', () => {
  it('draws one WebGL trace per stream: epoch ms against tcp.seq, in the stream order given', () => {
    const f = buildSeqFigure([
      stream(7, '10.0.0.1:40000 → 10.0.0.2:80', [
        [0, 1],
        [1_500, 2],
        [3_000, 90_000],
      ]),
      stream(2, '10.0.0.3:5000 → 10.0.0.2:22', [[10, 0]]),
    ]);
    expect(f.data).toHaveLength(2);
    expect(f.data[0]).toMatchObject({
      type: 'scattergl',
      name: 'stream 7: 10.0.0.1:40000 → 10.0.0.2:80',
      x: [t0 / 1000, t0 / 1000 + 1.5, t0 / 1000 + 3],
      y: [1, 2, 90_000],
    });
    expect(f.data[0].mode).toMatch(/markers/);
    expect(f.data[1]).toMatchObject({ name: 'stream 2: 10.0.0.3:5000 → 10.0.0.2:22', x: [t0 / 1000 + 0.01], y: [0] });
    expect(f.data[0].line?.color).not.toBe(f.data[1].line?.color);
    expect(f.layout.xaxis.type).toBe('date');
    expect(f.layout.yaxis.title.text).toBe('tcp.seq');
    expect(f.layout.showlegend).toBe(true);
  });

  it('escapes capture text in legend names and hover labels', () => {
    const s = stream(1, '<img src=x onerror=alert(1)>:1 → <b>x</b>:2', [[0, 5]]);
    const f = buildSeqFigure([s]);
    expect(streamName(s)).toContain('<img');
    expect(f.data[0].name).toBe('stream 1: &lt;img src=x onerror=alert(1)&gt;:1 → &lt;b&gt;x&lt;/b&gt;:2');
    expect(f.data[0].hovertemplate).not.toMatch(/<img|<b>/);
    expect(f.data[0].hovertemplate).toContain('&lt;b&gt;');
  });

  it('has no legend without streams', () => {
    expect(buildSeqFigure([])).toMatchObject({ data: [], layout: { showlegend: false } });
  });
});
