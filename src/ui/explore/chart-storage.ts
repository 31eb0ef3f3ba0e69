/**
 * Keeps the chart's series per capture across a reload, as the labels are kept: under the capture's content
 * fingerprint (the labels' key), in localStorage (a few hundred bytes; IndexedDB's ceremony buys nothing here).
 * What comes back is checked field by field: storage is the user's, and an old or edited entry must not
 * break the page.
 */
import { SERIES_METRICS, type SeriesMetric } from '../../core/query/time-series.ts';
import type { ChartSetup, SeriesSetup } from './chart-store.ts';

const PREFIX = 'nids-workbench.chart.';
/** More series than the chart allows are dropped on the way back. */
const MAX_SAVED_SERIES = 8;

export function saveChartSetup(fingerprint: string, setup: ChartSetup): void {
  const kept = {
    v: 1,
    bin: setup.bin,
    followFilter: setup.followFilter,
    series: setup.series.map(({ name, color, filter, metric, field, splitBy, visible }) => ({
      name,
      color,
      filter,
      metric,
      field,
      splitBy,
      visible,
    })),
  };
  try {
    localStorage.setItem(PREFIX + fingerprint, JSON.stringify(kept));
  } catch {
    // Storage full or off: the chart still works, it is only not kept (the labels panel says when storage fails).
  }
}

export function loadChartSetup(fingerprint: string): ChartSetup | null {
  let text: string | null = null;
  try {
    text = localStorage.getItem(PREFIX + fingerprint);
  } catch {
    return null;
  }
  if (!text) return null;
  try {
    return parseChartSetup(JSON.parse(text));
  } catch {
    return null;
  }
}

/** A saved set-up from untrusted JSON, or null when it is not one. */
export function parseChartSetup(v: unknown): ChartSetup | null {
  if (!isRecord(v) || v.v !== 1 || !Array.isArray(v.series) || typeof v.bin !== 'string') return null;
  const series = v.series.slice(0, MAX_SAVED_SERIES).map(parseSeries);
  if (series.some((s) => s === null)) return null;
  return {
    series: series as Omit<SeriesSetup, 'id'>[],
    bin: v.bin,
    followFilter: v.followFilter !== false,
  };
}

function parseSeries(v: unknown): Omit<SeriesSetup, 'id'> | null {
  if (!isRecord(v)) return null;
  const { name, color, filter, metric, field, splitBy, visible } = v;
  if (
    typeof name !== 'string' ||
    typeof color !== 'string' ||
    !/^#[0-9a-f]{6}$/i.test(color) ||
    typeof filter !== 'string' ||
    typeof field !== 'string' ||
    typeof splitBy !== 'string' ||
    typeof visible !== 'boolean' ||
    !SERIES_METRICS.includes(metric as SeriesMetric)
  )
    return null;
  return { name, color, filter, metric: metric as SeriesMetric, field, splitBy, visible };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
