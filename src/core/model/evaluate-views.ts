/**
 * Evaluation of a bundle of views on a labelled capture, view by view and combined the way the sensor runs
 * them (an attack is caught when any view catches it):
 *   - window level, combined: for each packet that ends a window in some view, the combined prediction is
 *     the most confident malicious class any view gave there, else benign; its truth is the packet's label;
 *   - alert level, combined: every view's votes over its own groups at once (combinedAlerts).
 * A single-view bundle is a bundle of one view, so its combined result is its view's.
 */
import { combinedAlerts, type ViewWindows } from '../detect/combined-alerts.ts';
import { episodeAlerts, type AlertEvalResult, type EpisodeSpan } from '../detect/alert-eval.ts';
import type { VoteRule } from '../detect/vote.ts';
import type { PreparedWindows } from '../features/prepare.ts';
import type { PacketTable } from '../table/packet-table.ts';
import type { Tf } from './build-model.ts';
import { importModel } from './bundle.ts';
import { viewZip, type ReadBundle } from './bundle-views.ts';
import { combinedReport, type ViewPredictions as CombinedInput } from './combined-rows.ts';
import { argmaxRows, type ClassificationReport } from './metrics.ts';
import { evaluateOn } from './pipeline.ts';

export interface ViewEvaluation {
  readonly report: ClassificationReport | null;
  readonly alerts: AlertEvalResult;
  readonly windows: number;
}

export interface ViewsEvaluation extends ViewEvaluation {
  readonly views: Readonly<Record<string, ViewEvaluation>>;
}

/** What one view predicted, kept for the combination. */
interface ViewPredictions extends CombinedInput {
  readonly prepared: PreparedWindows;
  readonly windows: Int32Array;
}

/** `maxWindows` (per view) bounds an interactive run: evaluateOn scores every k-th window, spread over the capture. */
export async function evaluateViews(
  tf: Tf,
  bundle: ReadBundle,
  table: PacketTable,
  rowLabels: Uint8Array | null,
  episodes: readonly EpisodeSpan[],
  vote: VoteRule = bundle.vote,
  maxWindows = Infinity,
): Promise<ViewsEvaluation> {
  const C = bundle.classes.length;
  const views: Record<string, ViewEvaluation> = {};
  const preds: ViewPredictions[] = [];
  const alertInputs: ViewWindows[] = [];
  for (const v of bundle.views) {
    const { model, manifest } = await importModel(tf, viewZip(v));
    let r: Awaited<ReturnType<typeof evaluateOn>>;
    try {
      r = await evaluateOn(tf, model, manifest, table, rowLabels, maxWindows);
    } finally {
      model.dispose();
    }
    const input = windowsForAlerts(r, bundle.malicious, C, rowLabels !== null);
    alertInputs.push(input);
    preds.push(r);
    views[v.name] = {
      report: r.report,
      alerts: episodeAlerts({ ...input, vote, episodes }),
      windows: r.windows.length,
    };
  }
  const alerts = combinedAlerts(alertInputs, { vote, episodes });
  const report = rowLabels ? combinedReport(preds, rowLabels, bundle.classes, bundle.malicious) : null;
  return { report, alerts, windows: preds.reduce((s, p) => s + p.windows.length, 0), views };
}

function windowsForAlerts(
  r: ViewPredictions,
  malicious: readonly boolean[],
  C: number,
  labelled: boolean,
): ViewWindows {
  const pred = argmaxRows(r.probs, C);
  const { prepared, windows } = r;
  return {
    timeUs: Float64Array.from(windows, (w) => prepared.endUs[w]),
    group: Int32Array.from(windows, (w) => prepared.group[w]),
    malicious: Uint8Array.from(pred, (c) => (malicious[c] ? 1 : 0)),
    ...(labelled ? { benignMask: Uint8Array.from(windows, (w) => (prepared.labels[w] === 0 ? 1 : 0)) } : {}),
  };
}
