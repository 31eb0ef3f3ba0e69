import { describe, expect, it } from 'vitest';
import { chartFileName, chartTitle, exportFigure } from './chart-export.ts';
import { buildSeriesFigure } from './series-figure.ts';

const d = {
  capture: 'lab-a.pcapng',
  names: ['All packets', 'Display filter: tcp.flags.syn == 1 && tcp.dstport == 80'],
  yLabel: 'packets per bin',
  bin: '1 s',
  filter: 'tcp.flags.syn == 1 && tcp.dstport == 80',
};

describe('chart export', () => {
  it('titles the chart with the capture, series, bin size and display filter', () => {
    expect(chartTitle(d)).toBe(
      'lab-a.pcapng: All packets, Display filter: tcp.flags.syn == 1 && tcp.dstport == 80 ' +
        '(packets per bin, bins of 1 s; display filter: tcp.flags.syn == 1 && tcp.dstport == 80)',
    );
    expect(chartTitle({ ...d, names: ['All packets'], filter: '' })).toBe(
      'lab-a.pcapng: All packets (packets per bin, bins of 1 s)',
    );
  });

  it('names files after the capture and series, in safe characters', () => {
    expect(chartFileName(d, 'png')).toBe(
      'lab-a_All-packets_Display-filter-tcp.flags.syn-eq-1-and-tcp.dstport-eq-80.png',
    );
    expect(chartFileName({ ...d, capture: 'x/../y.csv.gz', names: ['<b>'] }, 'csv')).toBe('x-..-y_b.csv');
    expect(chartFileName({ ...d, names: ['a'.repeat(300)] }, 'csv').length).toBeLessThanOrEqual(104);
  });

  it('exports the figure with its title (escaped), a legend and the zoomed range', () => {
    const f = buildSeriesFigure([{ name: 'all', color: '#000', startUs: [0], values: [1], binUs: 1e6 }], {
      yLabel: 'packets',
    });
    expect(f.layout.showlegend).toBe(false);
    const e = exportFigure(f, 'a <b>b</b>', { fromUs: 1e6, toUs: 3e6 });
    expect(e.layout.title?.text).toBe('a &lt;b&gt;b&lt;/b&gt;');
    expect(e.layout.showlegend).toBe(true);
    expect(e.layout.xaxis.range).toEqual([1000, 3000]);
    expect(e.data).toBe(f.data);
    expect(exportFigure(f, 't', null).layout.xaxis.range).toBeUndefined();
  });
});
