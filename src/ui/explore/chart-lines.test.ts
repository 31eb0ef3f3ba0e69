import { describe, expect, it } from 'vitest';
import type { ChartResult } from '../../workers/engine-messages.ts';
import { chartLines, metricText } from './chart-lines.ts';
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

describe('chartLines', () => {
  it('draws the first series as bars and later ones as lines, skipping failed series', () => {
    const result: ChartResult = {
      binUs: 1e6,
      filterMs: 0,
      binMs: 0,
      outcomes: [
        { id: 'a', ok: true, lines: [line('all', [1, 2])], hover: { alert: ['x', 'y'] } },
        { id: 'b', ok: false, message: 'nope' },
        { id: 'c', ok: true, lines: [line('all', [0, 1])], hover: null },
      ],
    };
    const r = chartLines(result, [setup('a'), setup('b'), setup('c', { metric: 'mean', field: 'frame.len' })]);
    expect(r.inputs.map((i) => [i.name, i.color, i.style, i.stack])).toEqual([
      ['A', '#aaa', 'bar', undefined],
      ['C', '#ccc', 'line', undefined],
    ]);
    expect(r.inputs[0].hover).toEqual({ alert: ['x', 'y'] });
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

  it('says what a metric measures', () => {
    expect(metricText({ metric: 'bytes', field: '' })).toBe('bytes');
    expect(metricText({ metric: 'max', field: 'tcp.len' })).toBe('max of tcp.len');
    expect(metricText({ metric: 'distinct', field: 'ip.src' })).toBe('distinct values of ip.src');
  });
});
