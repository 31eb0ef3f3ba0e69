/**
 * `npm run train -- --views pair,src,dst ...`: one model per view of the traffic, all trained on the same
 * rows (src/core/model/train-views.ts), joined into one bundle of views (src/core/model/bundle-views.ts) that
 * the sensor and `npm run evaluate` run view by view. Prints the combined detector's test figures ("any view
 * fires") at the top level and each view's under `views`.
 */
import { isTrees } from '../../src/core/model/model-config.ts';
import { disposeViews, exportViewsBundle, trainViews } from '../../src/core/model/train-views.ts';
import { writeFileWhole } from './out-file.ts';
import { describeError, reportJson, type CliOutcome } from './report-json.ts';
import { loadTrainingData, notRun, outProblem, parseTrainArgs, type TrainArgs } from './run-train.ts';
import { nodeTf } from './tf-node.ts';

type Log = (line: string) => void;

export { DEFAULT_VIEWS_ARG, parseLayout, parseViews, VIEWS_USAGE, wantsViews } from './train-views-args.ts';

/** A bundle of views: those of --views, else the default ones; --key is the single model's (runTrain). */
export async function runTrainViews(argv: readonly string[], log: Log = () => {}): Promise<CliOutcome> {
  const parsed = parseTrainArgs(argv);
  if (parsed.kind !== 'run') return notRun(parsed);
  if (parsed.args.keyGiven) return notRun({ kind: 'usage', message: 'give either --views or --key' });
  return trainViewsOf(parsed.args, log);
}

export async function trainViewsOf(a: TrainArgs, log: Log): Promise<CliOutcome> {
  const refused = outProblem(a);
  if (refused) return refused;
  const { views, layout } = a;
  try {
    const data = await loadTrainingData(a, log);
    const tf = await nodeTf();
    const t1 = Date.now();
    const trained = await trainViews(
      tf,
      { ...data, views: [...views], layout, size: a.size, stride: a.stride },
      {
        onView: (i, v) =>
          log(
            `view ${v.name} (${i + 1} of ${views.length})${layout === 'shared' ? ', windows for the shared model' : ''}:`,
          ),
        onSplit: (s) => {
          log(`  windows train/validation/test: ${s.counts.map((c) => c.reduce((x, y) => x + y, 0)).join(' / ')}`);
          for (const w of s.warnings) log(`  warning: ${w}`);
        },
        onEpoch: (p) =>
          log(
            `  ${isTrees(a.config.kind) ? 'round' : 'epoch'} ${p.epoch}/${p.epochs}: loss ${p.loss.toFixed(4)} val loss ${p.valLoss?.toFixed(4) ?? '-'} (${p.elapsedS.toFixed(1)} s, ${Math.round(p.windowsPerSecond)} windows/s)`,
          ),
      },
    );
    const trainS = (Date.now() - t1) / 1000;
    const zip = await exportViewsBundle(tf, trained);
    const perView: Record<string, unknown> = {};
    for (const { view, result } of trained.views) {
      perView[view.name] = {
        ...reportJson(result.report),
        alerts: alertsJson(result.alerts),
        epochs: result.outcome.history.length,
        best_epoch: result.outcome.bestEpoch,
        ended: result.outcome.ended,
      };
    }
    disposeViews(trained);
    writeFileWhole(a.out, zip);
    log(`trained ${views.length} views (${layout}) in ${trainS.toFixed(1)} s; wrote ${a.out} (${zip.length} bytes)`);
    const out = {
      ...reportJson(trained.report),
      alerts: alertsJson(trained.alerts),
      layout,
      split: a.split,
      train_s: Math.round(trainS * 10) / 10,
      bundle: a.out,
      views: perView,
    };
    return { lines: [JSON.stringify(out)], errors: [], exitCode: 0 };
  } catch (e) {
    return { lines: [], errors: [`train: ${describeError(e)}`], exitCode: 1 };
  }
}

function alertsJson(a: {
  episodes: readonly { tool: string; alerted: boolean; delay_s: number | null }[];
  falseAlertsPerHour: number;
  incidents: number;
}): object {
  return {
    episodes_alerted: a.episodes.filter((e) => e.alerted).length,
    episodes: a.episodes.length,
    false_alerts_per_hour: Math.round(a.falseAlertsPerHour * 100) / 100,
    incidents: a.incidents,
    missed: a.episodes.filter((e) => !e.alerted).map((e) => e.tool),
  };
}
