/**
 * A hook for end-to-end tests and the ingest benchmark (like Perfetto's idle detector): they wait on it
 * instead of sleeping. `status()` is the load status; `captureVersion()` changes each time a load succeeds;
 * `lastLoad()` gives the open capture's row count and parse time; `chartTiming()` when the last chart
 * request was asked, answered and drawn.
 *
 * Not declared on the global Window on purpose: e2e/ and bench/ each type what they read of it.
 */
import { lastChartTiming, type ChartTiming } from './explore/chart-timing.ts';
import type { CaptureStore, LoadState } from './stores/capture-store.ts';

export interface NidsTestHook {
  status(): LoadState['status'];
  captureVersion(): number;
  lastLoad(): { readonly fileName: string; readonly rows: number; readonly parseSeconds: number } | null;
  /** The last chart request's timings (asked, answered, drawn), for the explore benchmark. */
  chartTiming(): ChartTiming | null;
}

export function installTestHook(store: CaptureStore): void {
  const hook: NidsTestHook = {
    status: () => store.getState().load.status,
    captureVersion: () => store.getState().capture?.version ?? 0,
    lastLoad: () => {
      const s = store.getState().capture?.summary;
      return s ? { fileName: s.fileName, rows: s.rows, parseSeconds: s.parseSeconds } : null;
    },
    chartTiming: () => { const t = lastChartTiming(); return t ? { ...t } : null; },
  };
  (window as Window & { __nids?: NidsTestHook }).__nids = hook;
}
