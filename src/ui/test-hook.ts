/**
 * A hook for end-to-end tests and the ingest benchmark (like Perfetto's idle detector): they wait on it
 * instead of sleeping. `status()` is the load status; `captureVersion()` changes each time a load succeeds;
 * `lastLoad()` gives the open capture's row count and parse time; `chartTiming()` when the last chart
 * request was asked, answered and drawn. For the fault tests: `crashWorkers` and `armWorkerCrash` end the
 * page's workers as a crash would, `failPanel` makes a panel throw while it renders.
 *
 * Not declared on the global Window on purpose: e2e/ and bench/ each type what they read of it.
 */
import { lastChartTiming, type ChartTiming } from './explore/chart-timing.ts';
import type { CaptureStore, LoadState } from './stores/capture-store.ts';
import { setPanelFault } from './components/panel-fault.tsx';
import { armCrashForTest, crashWorkersForTest, type CrashHow, type WorkerKind } from '../workers/worker-pool.ts';

export interface NidsTestHook {
  status(): LoadState['status'];
  captureVersion(): number;
  lastLoad(): { readonly fileName: string; readonly rows: number; readonly parseSeconds: number } | null;
  /** The last chart request's timings (asked, answered, drawn), for the explore benchmark. */
  chartTiming(): ChartTiming | null;
  /** Crashes the live workers of a kind now; returns how many (0: none that could be, yet). */
  crashWorkers(kind: WorkerKind, how: CrashHow): number;
  /** The next worker of a kind crashes as it starts. */
  armWorkerCrash(kind: WorkerKind, how: Exclude<CrashHow, 'kill'>): void;
  /** Makes the panel with this accessible name throw while rendering (on), or stop (off). */
  failPanel(name: string, on: boolean): void;
}

export function installTestHook(store: CaptureStore): void {
  const hook: NidsTestHook = {
    status: () => store.getState().load.status,
    captureVersion: () => store.getState().capture?.version ?? 0,
    lastLoad: () => {
      const s = store.getState().capture?.summary;
      return s ? { fileName: s.fileName, rows: s.rows, parseSeconds: s.parseSeconds } : null;
    },
    chartTiming: () => {
      const t = lastChartTiming();
      return t ? { ...t } : null;
    },
    crashWorkers: crashWorkersForTest,
    armWorkerCrash: armCrashForTest,
    failPanel: setPanelFault,
  };
  (window as Window & { __nids?: NidsTestHook }).__nids = hook;
}
