/**
 * Bundles in the train worker, as plain TypeScript: checking an imported file (format 1 or 2, every view's
 * model loaded once, by tfjs or as trees, so a file that would fail later is refused now), listing what it holds, and
 * evaluating it on a capture with the capture's labels, combined and view by view.
 */
import type { EpisodeSpan } from '../core/detect/alert-eval.ts';
import { episodesFromLabels } from '../core/detect/label-episodes.ts';
import { alertsOf, scoreAlerts } from '../core/detect/record-eval.ts';
import { stepWidth } from '../core/features/feature-spec.ts';
import { alertReportOfRecords, type AlertReport } from '../core/model/alert-report.ts';
import { fastClassifierOf, sensorModelOf } from '../core/sensor/bundle-model.ts';
import { tfjsClassifier, type WindowClassifier } from '../core/sensor/classifier.ts';
import { replaySensor } from '../core/sensor/replay.ts';
import type { SensorModel } from '../core/sensor/sensor.ts';
import type { Tf } from '../core/model/build-model.ts';
import { importBundle, importModel } from '../core/model/bundle.ts';
import { readBundle, viewZip, type BundleView, type ReadBundle } from '../core/model/bundle-views.ts';
import { evaluateViews, type ViewEvaluation } from '../core/model/evaluate-views.ts';
import type { ClassificationReport } from '../core/model/metrics.ts';
import { labelsForModel } from './train-classes.ts';
import type { BundleInfo, ScoredResult, TrainData } from './train-messages.ts';

/** Reads and checks a bundle; throws a BundleError (or tfjs's) saying what is wrong. */
export async function checkBundle(tf: Tf, bytes: Uint8Array): Promise<ReadBundle> {
  const bundle = readBundle(bytes);
  for (const v of bundle.views) {
    const { model } = await importModel(tf, viewZip(v));
    model.dispose();
  }
  return bundle;
}

export function bundleInfo(b: ReadBundle): BundleInfo {
  return {
    formatVersion: b.formatVersion,
    layout: b.layout ?? null,
    classes: b.classes,
    vote: b.vote,
    views: b.views.map((v) => ({ name: v.name, key: v.manifest.window.key, manifest: v.manifest })),
  };
}

export interface CaptureEvaluation {
  readonly combined: ScoredResult;
  readonly views: readonly { readonly name: string; readonly result: ScoredResult }[];
  readonly note: string | null;
}

/**
 * The bundle on a capture: its labels matched to the bundle's classes by name, its episodes read off those
 * labels. Window metrics: `maxWindows` per view keeps them to seconds (every k-th window is scored, spread over
 * the capture). Alerts: the sensor itself runs over the whole capture (combined, then each view alone), and
 * its alert records are scored, as `npm run evaluate` does.
 */
export async function evaluateBundle(
  tf: Tf,
  bundle: ReadBundle,
  data: TrainData,
  maxWindows: number,
): Promise<CaptureEvaluation> {
  const { labels, names, unknown } = labelsForModel(data.classNames, data.labels, bundle.classes);
  const benign = Math.max(0, bundle.malicious.indexOf(false));
  // PacketTable rows are in time order, as episodesFromLabels needs.
  const episodes: EpisodeSpan[] = episodesFromLabels(data.table.timeUs, labels, names, benign);
  const r = await evaluateViews(tf, bundle, data.table, labels, episodes, bundle.vote, maxWindows);
  const model = sensorModelOf(bundle, await Promise.all(bundle.views.map((v) => classifierOf(tf, v))));
  const span = { fromUs: data.table.timeUs[0] ?? 0, toUs: data.table.timeUs[data.table.rowCount - 1] ?? 0 };
  const sensed = async (m: SensorModel): Promise<AlertReport> =>
    alertReportOfRecords(scoreAlerts(alertsOf(await replaySensor(m, data.table)), episodes, span));
  const alerts = await sensed(model);
  const viewAlerts =
    model.views.length > 1 ? await Promise.all(model.views.map((v) => sensed({ ...model, views: [v] }))) : [alerts];
  const scored = (v: ViewEvaluation, a: AlertReport): ScoredResult => ({
    report: v.report && named(v.report, names),
    alerts: a,
    windows: v.windows,
  });
  const subset = data.table.rowCount > maxWindows;
  const notes = [
    ...(unknown.length ? [`The model does not know ${unknown.join(', ')}: its windows count as misses.`] : []),
    ...(subset
      ? [
          `Scored at most ${count(maxWindows)} windows per view, evenly spread over the capture's ${count(data.table.rowCount)} packets, so votes see a share of each group's windows and alert delays are coarse (npm run evaluate scores them all).`,
        ]
      : []),
  ];
  return {
    combined: scored(r, alerts),
    views: bundle.views.map((v, i) => ({ name: v.name, result: scored(r.views[v.name], viewAlerts[i]) })),
    note: notes.length ? notes.join(' ') : null,
  };
}

const count = (n: number): string => n.toLocaleString('en-US');

/** Truth classes the model does not know are named as the user named them, not "class N". */
function named(report: ClassificationReport, names: readonly string[]): ClassificationReport {
  return { ...report, classes: report.classes.map((c, i) => names[i] ?? c) };
}

/** The view's fast path, or its tfjs model where the fast path does not cover the network. */
async function classifierOf(tf: Tf, v: BundleView): Promise<WindowClassifier> {
  try {
    return fastClassifierOf(v);
  } catch {
    const { model, manifest } = await importBundle(tf, viewZip(v));
    const { window: win } = manifest;
    return tfjsClassifier(tf, model, win.size, stepWidth(manifest.featureSpec));
  }
}
