import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadChartSetup, parseChartSetup, saveChartSetup } from './chart-storage.ts';
import type { ChartSetup } from './chart-store.ts';

const setup: ChartSetup = {
  bin: '1 min',
  followFilter: false,
  series: [
    { name: '', color: '#0072b2', filter: '', metric: 'count', field: '', splitBy: 'label', visible: true },
    { name: 'UDP', color: '#d55e00', filter: 'udp', metric: 'mean', field: 'frame.len', splitBy: '', visible: false },
  ],
};

describe('chart storage', () => {
  const store = new Map<string, string>();
  beforeEach(() => {
    store.clear();
    (globalThis as { localStorage?: unknown }).localStorage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    };
  });
  afterEach(() => {
    delete (globalThis as { localStorage?: unknown }).localStorage;
  });

  it('keeps a set-up per capture fingerprint', () => {
    saveChartSetup('fp-a', setup);
    expect(loadChartSetup('fp-a')).toEqual(setup);
    expect(loadChartSetup('fp-b')).toBeNull();
  });

  it('refuses what is not a saved set-up, field by field', () => {
    const saved = JSON.parse(JSON.stringify({ v: 1, ...setup }));
    expect(parseChartSetup(saved)).toEqual(setup);
    expect(parseChartSetup({ ...saved, v: 2 })).toBeNull();
    expect(parseChartSetup({ ...saved, series: [{ ...saved.series[0], metric: 'median' }] })).toBeNull();
    expect(parseChartSetup({ ...saved, series: [{ ...saved.series[0], color: 'red;x' }] })).toBeNull();
    expect(parseChartSetup({ ...saved, series: [{ ...saved.series[0], visible: 'yes' }] })).toBeNull();
    expect(parseChartSetup([])).toBeNull();
    expect(parseChartSetup({ ...saved, followFilter: undefined })?.followFilter).toBe(true);
    store.set('nids-workbench.chart.fp', '{not json');
    expect(loadChartSetup('fp')).toBeNull();
  });

  it('carries on when storage throws', () => {
    (globalThis as { localStorage?: unknown }).localStorage = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('full');
      },
    };
    expect(() => saveChartSetup('fp', setup)).not.toThrow();
    expect(loadChartSetup('fp')).toBeNull();
  });
});
