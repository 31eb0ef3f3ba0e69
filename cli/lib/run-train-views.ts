/**
 * `npm run train -- --views pair,src,dst ...`: one model per view of the traffic, all trained on the same
 * rows (src/core/model/train-views.ts), joined into one bundle of views (src/core/model/bundle-views.ts) that
 * the sensor and `npm run evaluate` run view by view. Prints the combined detector's test figures ("any view
 * fires") at the top level and each view's under `views`.
 */
import { writeFileSync } from 'node:fs';
import { GROUP_KEYS, type GroupKey } from '../../src/core/features/group-key.ts';
import { DEFAULT_VIEWS_LAYOUT, disposeViews, exportViewsBundle, trainViews, VIEWS_LAYOUTS, type ViewsLayout, type ViewSpec } from '../../src/core/model/train-views.ts';
import { describeError, reportJson, type CliOutcome } from './report-json.ts';
import { loadTrainingData, notRun, parseTrainArgs } from './run-train.ts';
import { nodeTf } from './tf-node.ts';

/** What `npm run train` trains when given neither --views nor --key. */
export const DEFAULT_VIEWS_ARG = 'pair,src,dst';

export const VIEWS_USAGE = `  --views LIST           train one model per view and write one bundle of views (default
                         ${DEFAULT_VIEWS_ARG}: by host pair, by source, by destination); --key KEY instead
                         trains one model of one view
  --layout LAYOUT        per-view: one model per view; shared: one model for every view, the view given
                         as an input (default ${DEFAULT_VIEWS_LAYOUT}); either bundle runs in the sensor`;

const usage = (message: string): CliOutcome => ({ lines: [], errors: [`train: ${message}`, '', VIEWS_USAGE], exitCode: 2 });

/** Whether the command line asks for views. */
export const wantsViews = (argv: readonly string[]): boolean => argv.includes('--views') || argv.includes('--layout');

/** The layout of `--layout NAME`, or a message saying what is wrong with it. */
export function parseLayout(value: string | undefined): ViewsLayout | string {
  if (value === undefined || value.startsWith('--')) return `--layout needs one of ${VIEWS_LAYOUTS.join(', ')}`;
  return VIEWS_LAYOUTS.includes(value as ViewsLayout) ? value as ViewsLayout : `--layout takes ${VIEWS_LAYOUTS.join(' or ')} (got ${JSON.stringify(value)})`;
}

/** argv without `--layout NAME`, and the layout (DEFAULT_VIEWS_LAYOUT when absent) or what is wrong with it. */
function takeLayout(argv: readonly string[]): { rest: string[]; layout: ViewsLayout | string } {
  const at = argv.indexOf('--layout');
  if (at < 0) return { rest: [...argv], layout: DEFAULT_VIEWS_LAYOUT };
  const rest = [...argv.slice(0, at), ...argv.slice(at + 2)];
  return { rest, layout: rest.includes('--layout') ? '--layout is given twice' : parseLayout(argv[at + 1]) };
}

/** The views of `--views LIST`, or a message saying what is wrong with it. */
export function parseViews(list: string | undefined): ViewSpec[] | string {
  if (list === undefined || list.startsWith('--')) return '--views needs a list, e.g. --views pair,src,dst';
  const views = list.split(',').map((v) => v.trim()).filter(Boolean);
  const bad = views.find((v) => !GROUP_KEYS.includes(v as GroupKey));
  if (bad !== undefined || views.length === 0) return `--views takes ${GROUP_KEYS.join(', ')} (got ${JSON.stringify(bad ?? list)})`;
  if (new Set(views).size !== views.length) return `--views lists a view twice (${list})`;
  return views.map((v) => ({ name: v, key: v as GroupKey }));
}

export async function runTrainViews(all: readonly string[], log: (line: string) => void = () => {}): Promise<CliOutcome> {
  const { rest: argv, layout } = takeLayout(all);
  if (layout !== 'per-view' && layout !== 'shared') return usage(layout);
  const at = argv.indexOf('--views');
  // --layout alone trains the default views.
  const views = parseViews(at < 0 ? DEFAULT_VIEWS_ARG : argv[at + 1]);
  if (typeof views === 'string') return usage(views);
  const rest = at < 0 ? argv : [...argv.slice(0, at), ...argv.slice(at + 2)];
  if (rest.includes('--key')) return usage('give either --views or --key');
  const parsed = parseTrainArgs(rest);
  if (parsed.kind !== 'run') return notRun(parsed);
  const a = parsed.args;
  try {
    const data = await loadTrainingData(a, log);
    const tf = await nodeTf();
    const t1 = Date.now();
    const trained = await trainViews(tf, { ...data, views, layout, size: a.size, stride: a.stride }, {
      onView: (i, v) => log(`view ${v.name} (${i + 1} of ${views.length})${layout === 'shared' ? ', windows for the shared model' : ''}:`),
      onSplit: (s) => {
        log(`  windows train/validation/test: ${s.counts.map((c) => c.reduce((x, y) => x + y, 0)).join(' / ')}`);
        for (const w of s.warnings) log(`  warning: ${w}`);
      },
      onEpoch: (p) => log(`  epoch ${p.epoch}/${p.epochs}: loss ${p.loss.toFixed(4)} val loss ${p.valLoss?.toFixed(4) ?? '-'} (${p.elapsedS.toFixed(1)} s, ${Math.round(p.windowsPerSecond)} windows/s)`),
    });
    const trainS = (Date.now() - t1) / 1000;
    const zip = await exportViewsBundle(tf, trained);
    writeFileSync(a.out, zip);
    log(`trained ${views.length} views (${layout}) in ${trainS.toFixed(1)} s; wrote ${a.out} (${zip.length} bytes)`);
    const perView: Record<string, unknown> = {};
    for (const { view, result } of trained.views) {
      perView[view.name] = { ...reportJson(result.report), alerts: alertsJson(result.alerts), epochs: result.outcome.history.length, best_epoch: result.outcome.bestEpoch, ended: result.outcome.ended };
    }
    disposeViews(trained);
    const out = { ...reportJson(trained.report), alerts: alertsJson(trained.alerts), layout, split: a.split, train_s: Math.round(trainS * 10) / 10, bundle: a.out, views: perView };
    return { lines: [JSON.stringify(out)], errors: [], exitCode: 0 };
  } catch (e) {
    return { lines: [], errors: [`train: ${describeError(e)}`], exitCode: 1 };
  }
}

function alertsJson(a: { episodes: readonly { tool: string; alerted: boolean; delay_s: number | null }[]; falseAlertsPerHour: number; incidents: number }): object {
  return {
    episodes_alerted: a.episodes.filter((e) => e.alerted).length,
    episodes: a.episodes.length,
    false_alerts_per_hour: Math.round(a.falseAlertsPerHour * 100) / 100,
    incidents: a.incidents,
    missed: a.episodes.filter((e) => !e.alerted).map((e) => e.tool),
  };
}
