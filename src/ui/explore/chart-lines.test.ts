import { describe, expect, it } from 'vitest';
import type { ChartResult } from '../../workers/engine-messages.ts';
import type { BinHover } from '../../core/query/time-series.ts';
import {
  chartLines,
  DISPLAY_FILTER_ID,
  displayFilterSetup,
  metricText,
  plottedSeries,
  seriesName,
} from './chart-lines.ts';
import type { SeriesSetup } from './chart-store.ts';

const setup = (id: string, over: Partial<SeriesSetup> = {}): SeriesSetup => ({
  id,
  name: id.toUpperCase(),
  color: `#${id}${id}${id}`,
  filter: '',
  metric: 'count',
  field: '',
  splitBy: '',
  visible: true,
  ...over,
});
const line = (label: string, v: number[]) => ({
  key: label,
  label,
  startUs: Float64Array.from(v, (_, i) => i * 1e6),
  values: Float64Array.from(v),
});

// Bin 0 holds one packet (alert x), bin 1 three (y twice, z once).
const hover: BinHover = {
  packets: Float64Array.from([1, 3]),
  fields: {
    alert: {
      k: 2,
      ids: Int32Array.from([0, -1, 1, 2]),
      counts: Float64Array.from([1, 0, 2, 1]),
      values: ['x', 'y', 'z'],
    },
  },
};

describe('chartLines', () => {
  it('draws the first series as bars and later ones as lines, skipping failed series', () => {
    const result: ChartResult = {
      binUs: 1e6,
      filterMs: 0,
      binMs: 0,
      outcomes: [
        { id: 'a', ok: true, lines: [line('all', [1, 2])], hover },
        { id: 'b', ok: false, message: 'nope' },
        { id: 'c', ok: true, lines: [line('all', [0, 1])], hover: null },
      ],
    };
    const r = chartLines(result, [setup('a'), setup('b'), setup('c', { metric: 'mean', field: 'frame.len' })]);
    expect(r.inputs.map((i) => [i.name, i.color, i.style, i.stack])).toEqual([
      ['A', '#aaa', 'bar', undefined],
      ['C', '#ccc', 'line', undefined],
    ]);
    expect(r.inputs[0].hover).toEqual({ alert: ['x 1 (all)', 'y 2 (66.7%), z 1 (33.3%)'] });
    expect(r.yLabel).toBe('value per bin');
    expect(r.csvNames).toEqual(['A', 'C']);
  });

  it('names split lines by value alone, or with the series name when several series are drawn', () => {
    const split = { id: 'a', ok: true as const, lines: [line('tcp', [1]), line('udp', [2])], hover: null };
    const alone = chartLines({ binUs: 1e6, filterMs: 0, binMs: 0, outcomes: [split] }, [
      setup('a', { splitBy: 'ip.proto' }),
    ]);
    expect(alone.inputs.map((i) => i.name)).toEqual(['tcp', 'udp']);
    expect(alone.csvNames).toEqual(['A: tcp', 'A: udp']);
    expect(alone.yLabel).toBe('packets per bin');
    const two = chartLines(
      {
        binUs: 1e6,
        filterMs: 0,
        binMs: 0,
        outcomes: [{ id: 'b', ok: true, lines: [line('all', [3])], hover: null }, { ...split }],
      },
      [setup('a', { splitBy: 'ip.proto' }), setup('b')],
    );
    expect(two.inputs.map((i) => [i.name, i.style, i.stack])).toEqual([
      ['B', 'bar', undefined],
      ['A: tcp', 'line', 'a'],
      ['A: udp', 'line', 'a'],
    ]);
  });

  it('names an unnamed series after what it plots, and a named one as typed', () => {
    expect(seriesName(setup('a', { name: '' }))).toBe('All packets');
    expect(seriesName(setup('a', { name: ' ', filter: ' tcp.port == 80 ' }))).toBe('tcp.port == 80');
    expect(seriesName(setup('a', { name: '', metric: 'mean', field: 'frame.len' }))).toBe(
      'All packets (mean of frame.len)',
    );
    expect(seriesName(setup('a', { name: 'SYNs', filter: 'tcp.flags.syn == 1' }))).toBe('SYNs');
  });

  it('adds the display filter as a series after the first, with its metric, while it is applied', () => {
    const series = [setup('a', { name: '', metric: 'bytes' }), setup('b', { visible: false }), setup('c')];
    expect(plottedSeries(series, '', true).map((s) => s.id)).toEqual(['a', 'c']);
    expect(plottedSeries(series, 'udp', false).map((s) => s.id)).toEqual(['a', 'c']);
    const plotted = plottedSeries(series, ' udp ', true);
    expect(plotted.map((s) => s.id)).toEqual(['a', DISPLAY_FILTER_ID, 'c']);
    expect(plotted[1]).toMatchObject({ filter: 'udp', metric: 'bytes', name: 'Display filter: udp (bytes)' });
    expect(displayFilterSetup('tcp', undefined).name).toBe('Display filter: tcp');
  });

  it('adds the packets to the hover of a metric that is not a count', () => {
    const result: ChartResult = {
      binUs: 1e6,
      filterMs: 0,
      binMs: 0,
      outcomes: [{ id: 'a', ok: true, lines: [line('all', [60, 180])], hover }],
    };
    const r = chartLines(result, [setup('a', { metric: 'bytes' })]);
    expect(r.inputs[0].hover).toEqual({ packets: ['1', '3'], alert: ['x 1 (all)', 'y 2 (66.7%), z 1 (33.3%)'] });
  });

  it('says what a metric measures', () => {
    expect(metricText({ metric: 'bytes', field: '' })).toBe('bytes');
    expect(metricText({ metric: 'max', field: 'tcp.len' })).toBe('max of tcp.len');
    expect(metricText({ metric: 'distinct', field: 'ip.src' })).toBe('distinct values of ip.src');
  });
});
