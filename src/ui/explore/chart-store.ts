/**
 * The chart's set-up, like Wireshark's IO graph list: several series, each with its own filter, metric,
 * colour and name, and one bin size for all. Kept in a store so the series survive re-renders and a new
 * capture (a researcher compares the same questions across captures), and saved per capture (chart-sync.ts).
 */
import { create } from 'zustand';
import type { SeriesMetric } from '../../core/query/time-series.ts';

export interface SeriesSetup {
  readonly id: string;
  /** The name the user typed; '' names the series after what it plots (seriesName). */
  readonly name: string;
  readonly color: string;
  readonly filter: string;
  readonly metric: SeriesMetric;
  /** The field of sum/mean/max/min/distinct. */
  readonly field: string;
  /** '' for no split. */
  readonly splitBy: string;
  readonly visible: boolean;
}

/** Series colours: distinct on white and for common colour blindness (Okabe-Ito first). */
export const SERIES_COLOURS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#7a5195', '#3f3f3f'];
/** Colours of a split's values, apart from the series colours. */
export const SPLIT_COLOURS = [
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

/** What is kept of the chart across a reload (chart-storage.ts): everything but the series' ids. */
export interface ChartSetup {
  readonly series: readonly Omit<SeriesSetup, 'id'>[];
  readonly bin: string;
  readonly followFilter: boolean;
}

interface ChartState extends ChartSetup {
  readonly series: readonly SeriesSetup[];
  /** A bin size's label from the bin menu ('Auto' picks about 300 bins). */
  readonly bin: string;
  /** Whether the chart adds a series for the applied display filter (as Wireshark's IO graph can). */
  readonly followFilter: boolean;
  addSeries(init?: Partial<Omit<SeriesSetup, 'id'>>): void;
  updateSeries(id: string, patch: Partial<Omit<SeriesSetup, 'id'>>): void;
  removeSeries(id: string): void;
  setBin(bin: string): void;
  setFollowFilter(on: boolean): void;
  /** Puts back a saved set-up (a capture reopened); its series get fresh ids. */
  restore(setup: ChartSetup): void;
}

let nextId = 1;
const newSeries = (index: number, init: Partial<Omit<SeriesSetup, 'id'>> = {}): SeriesSetup => ({
  id: `s${nextId++}`,
  name: '',
  color: SERIES_COLOURS[index % SERIES_COLOURS.length],
  filter: '',
  metric: 'count',
  field: '',
  splitBy: '',
  visible: true,
  ...init,
});

export const useChart = create<ChartState>()((set, get) => ({
  series: [newSeries(0)],
  bin: 'Auto',
  addSeries: (init) => set({ series: [...get().series, newSeries(get().series.length, init)] }),
  updateSeries: (id, patch) => set({ series: get().series.map((s) => (s.id === id ? { ...s, ...patch } : s)) }),
  removeSeries: (id) =>
    set({ series: get().series.length > 1 ? get().series.filter((s) => s.id !== id) : get().series }),
  setBin: (bin) => set({ bin }),
  followFilter: true,
  setFollowFilter: (followFilter) => set({ followFilter }),
  restore: (setup) =>
    set({
      series: setup.series.length ? setup.series.map((s, i) => newSeries(i, s)) : [newSeries(0)],
      bin: setup.bin,
      followFilter: setup.followFilter,
    }),
}));
