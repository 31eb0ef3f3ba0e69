import { describe, expect, it } from 'vitest';
import { buildSeriesFigure, escapePlotlyText } from './series-figure.ts';

const minute = 60e6;
const base = 1795378320000000; // 20:12:00 UTC

describe('buildSeriesFigure', () => {
  it('plots bins as epoch milliseconds with their values, bars for few bins', () => {
    const f = buildSeriesFigure(
      [{ name: 'tcp.seq == 1', color: '#123456', startUs: [base, base + minute], values: [3, 0], binUs: minute }],
      { yLabel: 'packets' },
    );
    expect(f.data).toHaveLength(1);
    expect(f.data[0]).toMatchObject({
      type: 'bar',
      x: [base / 1000, (base + minute) / 1000],
      y: [3, 0],
      marker: { color: '#123456' },
      offset: 0,
      width: 60_000,
    });
    expect(f.layout.xaxis.type).toBe('date');
    expect(f.layout.showlegend).toBe(false);
  });

  it('switches to a WebGL line for many bins and stacks split series', () => {
    const n = 5000;
    const startUs = Array.from({ length: n }, (_, i) => base + i * 1000);
    const values = Array.from({ length: n }, () => 1);
    const f = buildSeriesFigure(
      [
        { name: 'a', color: '#f00', startUs, values, binUs: 1000 },
        { name: 'b', color: '#0f0', startUs, values, binUs: 1000 },
      ],
      { yLabel: 'packets' },
    );
    expect(f.data.map((t) => t.type)).toEqual(['scattergl', 'scattergl']);
    expect(f.layout.barmode).toBe('stack');
    expect(f.layout.showlegend).toBe(true);
  });

  it('draws line series as step lines over bars, stacking the lines of one split series', () => {
    const f = buildSeriesFigure(
      [
        { name: 'all', color: '#111', startUs: [base], values: [4], binUs: minute, style: 'bar' },
        { name: 'syn', color: '#222', startUs: [base], values: [2], binUs: minute, style: 'line' },
        { name: 'x: a', color: '#333', startUs: [base], values: [1], binUs: minute, style: 'line', stack: 's3' },
        { name: 'x: b', color: '#444', startUs: [base], values: [NaN], binUs: minute, style: 'line', stack: 's3' },
      ],
      { yLabel: 'packets' },
    );
    expect(f.data.map((t) => [t.type, t.stackgroup])).toEqual([
      ['bar', undefined],
      ['scattergl', undefined],
      ['scatter', 's3'],
      ['scatter', 's3'],
    ]);
    expect(f.data[1].line).toMatchObject({ shape: 'hv' });
    expect(f.data[3].y).toEqual([NaN]);
  });

  it('writes hover values and axis numbers with thousands separators, as the tables do', () => {
    const f = buildSeriesFigure(
      [{ name: 'all', color: '#000', startUs: [base, base + minute], values: [25_983, 1234.56789], binUs: minute }],
      { yLabel: 'packets' },
    );
    expect(f.data[0].customdata).toEqual([['25,983'], ['1,234.568']]);
    expect(f.data[0].hovertemplate).toContain('all: %{customdata[0]}');
    expect(f.layout.yaxis.tickformat).toBe(',~r');
  });

  it('escapes capture text in hover labels', () => {
    const f = buildSeriesFigure(
      [
        {
          name: '<b>n</b>',
          color: '#000',
          startUs: [base],
          values: [1],
          binUs: minute,
          hover: { alert: ['<img src=x onerror=alert(1)>'], 'frame.protocols': ['eth:ip:tcp'] },
        },
      ],
      { yLabel: 'packets' },
    );
    const t = f.data[0];
    expect(t.customdata).toEqual([['1', '&lt;img src=x onerror=alert(1)&gt;', 'eth:ip:tcp']]);
    expect(t.hovertemplate).toContain('&lt;b&gt;n&lt;/b&gt;');
    expect(t.hovertemplate).toContain('alert: %{customdata[1]}');
    expect(t.name).toBe('&lt;b&gt;n&lt;/b&gt;');
    expect(escapePlotlyText('a & "b"')).toBe('a &amp; &#34;b&#34;');
  });
});
