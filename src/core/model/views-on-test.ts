/**
 * The detector of views measured on the test rows of its run, combined ("any view fires") and view by view.
 *
 * Every detector is held to ONE list of episodes: the runs of an attack class among the test rows (the rows
 * all views share: train-views.ts). Each view reading its own episodes off its own test windows made the
 * counts disagree: an attack whose test rows no view had a whole window of was one of Combined's episodes and
 * none of the views', and a view's episode started at its first window's end, not at the attack's first
 * packet, so the delays differed too. With one list, Combined over one view is that view, and every total is
 * the number of episodes in the test split; an episode a view had no window of says so (attackWindows 0).
 */
import { combinedAlerts, type ViewWindows } from '../detect/combined-alerts.ts';
import type { EpisodeSpan } from '../detect/alert-eval.ts';
import { episodesFromLabels } from '../detect/label-episodes.ts';
import { DEFAULT_VOTE_RULE, type VoteRule } from '../detect/vote.ts';
import type { PreparedWindows } from '../features/prepare.ts';
import { TEST } from '../features/splits.ts';
import type { AlertReport } from './alert-report.ts';
import { combinedRows } from './combined-rows.ts';
import {
  argmaxRows,
  attackCurveOfScores,
  classificationReport,
  type AttackCurveData,
  type ClassificationReport,
} from './metrics.ts';

/** A view's test windows and what it predicted on them (a TrainResult has these). */
export interface ViewTest {
  readonly prepared: Pick<PreparedWindows, 'endUs' | 'endRow' | 'group' | 'labels'>;
  readonly test: { readonly windows: Int32Array; readonly probs: Float32Array };
}

export interface RowsOfRun {
  readonly timeUs: Float64Array;
  readonly rowLabels: Uint8Array;
  /** Per row: TRAIN, VALIDATION, TEST or GAP. */
  readonly rowParts: Uint8Array;
  readonly classes: readonly string[];
  /** The class that is not an attack. */
  readonly benign: number;
}

export interface ViewsOnTest {
  /** "Any view": per packet ending a test window in some view. */
  readonly report: ClassificationReport;
  readonly curve: AttackCurveData;
  readonly alerts: AlertReport;
  /** Each view alone, in the order given, against the same episodes. */
  readonly viewAlerts: readonly AlertReport[];
}

/** Episodes (runs of an attack class) among the test rows. */
export function testEpisodes(run: RowsOfRun): EpisodeSpan[] {
  const { timeUs, rowParts, rowLabels } = run;
  const rows: number[] = [];
  for (let r = 0; r < rowParts.length; r++) if (rowParts[r] === TEST) rows.push(r);
  rows.sort((a, b) => timeUs[a] - timeUs[b]);
  return episodesFromLabels(
    Float64Array.from(rows, (r) => timeUs[r]),
    Uint8Array.from(rows, (r) => rowLabels[r]),
    run.classes,
    run.benign,
  );
}

export function viewsOnTest(
  views: readonly ViewTest[],
  run: RowsOfRun,
  vote: VoteRule = DEFAULT_VOTE_RULE,
): ViewsOnTest {
  const C = run.classes.length;
  const malicious = run.classes.map((_, c) => c !== run.benign);
  const combined = combinedRows(
    views.map((v) => ({ prepared: v.prepared, windows: v.test.windows, probs: v.test.probs })),
    run.rowLabels,
    C,
    malicious,
  );
  const inputs: ViewWindows[] = views.map(({ prepared: p, test }) => {
    const pred = argmaxRows(test.probs, C);
    const w = test.windows;
    return {
      timeUs: Float64Array.from(w, (i) => p.endUs[i]),
      group: Int32Array.from(w, (i) => p.group[i]),
      malicious: Uint8Array.from(pred, (c) => (malicious[c] ? 1 : 0)),
      benignMask: Uint8Array.from(w, (i) => (p.labels[i] === run.benign ? 1 : 0)),
    };
  });
  const episodes = testEpisodes(run);
  const alertsOf = (of: readonly ViewWindows[]): AlertReport => {
    const r = combinedAlerts(of, { vote, episodes });
    return {
      episodes: r.episodes,
      falseAlertsPerHour: r.falseAlertsPerHour,
      benignHours: r.benignHours,
      incidents: r.alerts.length,
    };
  };
  return {
    report: classificationReport(combined.truth, combined.pred, run.classes),
    curve: attackCurveOfScores(combined.truth, combined.attackScore, run.benign),
    alerts: alertsOf(inputs),
    viewAlerts: inputs.map((v) => alertsOf([v])),
  };
}
