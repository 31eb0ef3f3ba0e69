/**
 * The logic of `npm run evaluate`: imports a model bundle (one view or several), predicts every window of a
 * tshark CSV or capture in every view for window metrics (with a label column:
 * src/core/model/evaluate-views.ts), and runs the sensor itself over the capture for the alert-level figures:
 * its alert records scored against the episodes (src/core/detect/record-eval.ts), for the whole bundle (top
 * level) and for each view alone (`views`).
 */
import type { EpisodeSpan } from '../../src/core/detect/alert-eval.ts';
import { episodesFromLabels } from '../../src/core/detect/label-episodes.ts';
import { alertsOf, scoreAlerts, type RecordEvaluation } from '../../src/core/detect/record-eval.ts';
import { DEFAULT_VIEW_COMBINE, VIEW_COMBINES, type ViewCombine } from '../../src/core/detect/view-combine.ts';
import { eveTimestamp } from '../../src/core/sensor/eve.ts';
import { REPLAY_OPTIONS, replaySensor } from '../../src/core/sensor/replay.ts';
import type { SensorModel } from '../../src/core/sensor/sensor.ts';
import type { PacketTable } from '../../src/core/table/packet-table.ts';
import { evaluateViews, type ViewEvaluation } from '../../src/core/model/evaluate-views.ts';
import { labelsInClasses } from './class-labels.ts';
import { parseCliArgs } from './cli-args.ts';
import { readEpisodes } from './episodes-file.ts';
import { loadNotes } from '../../src/core/ingest/load-notes.ts';
import { loadCsvFile } from './load-csv-file.ts';
import { loadNamedFile, readBundleFile } from './named-file.ts';
import { loadSensorModel } from './sensor-classifier.ts';
import { describeError, reportJson, type CliOutcome } from './report-json.ts';
import { nodeTf } from './tf-node.ts';
import { timedClassifier, windowsPerSecond } from '../../src/core/model/classifier-speed.ts';

export const EVALUATE_USAGE = `usage: npm run evaluate -- --model MODEL.zip [--model OTHER.zip ...] --data FILE [--label-column NAME] [--episodes FILE]

Runs a model bundle over every window of a tshark CSV (.csv or .csv.gz) or a capture (pcap, pcapng) in
each of its views, and runs the sensor over it as \`npm run sensor\` would, then prints one JSON object:
window metrics {"macro_f1", "per_class", "confusion": {"labels", "matrix"}, "windows"} and what the sensor
wrote {"alerts", "episodes": [{"tool", "variant", "alerted", "first_class", "right_class", "delay_s",
"alerts"}], "false_alerts": [{"time", "class", "views", "groups"}], "false_alerts_per_hour",
"benign_hours"}, "model", "kind", "train_s" (from the bundle), "windows_per_s" (the classifiers' own time in
the sensor's run), and "views": {"<view>": {the same fields, the view alone}}. With several --model, each is
run over the same capture and rule, the JSON is {"models": [one such object per model]}, and a table of them
side by side goes to stderr. An episode is alerted when an
alert record starts within it (up to 5 s after its end); an alert record outside every episode is a false
alert. Window metrics need --label-column (else they are null); episodes come from --episodes (lab
episodes.json), else from the label column's runs of each attack class.

  --model FILE          the model bundle (.zip); again to compare models (the LSTM's and the trees', say)
  --data FILE           the CSV or capture file
  --label-column NAME   the column holding each packet's class
  --episodes FILE       episodes.json
  --combine RULE        how the views combine, as the sensor's --combine (default ${DEFAULT_VIEW_COMBINE})
  -h, --help            this text

Exit status: 0 evaluated; 1 a file could not be read or is not a valid bundle; 2 the command line is wrong.`;

export async function runEvaluate(
  argv: readonly string[],
  log: (line: string) => void = () => {},
): Promise<CliOutcome> {
  const parsed = parseCliArgs(argv, {
    model: { type: 'string', multiple: true },
    data: { type: 'string' },
    'label-column': { type: 'string' },
    episodes: { type: 'string' },
    combine: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (!parsed.ok) return usage(parsed.error);
  const { values } = parsed;
  if (values.help) return { lines: EVALUATE_USAGE.split('\n'), errors: [], exitCode: 0 };
  if (!values.model) return usage('give --model');
  if (!values.data) return usage('give --data');
  const combine = (values.combine ?? DEFAULT_VIEW_COMBINE) as ViewCombine;
  if (!VIEW_COMBINES.includes(combine))
    return usage(`--combine takes ${VIEW_COMBINES.join(' or ')} (got ${JSON.stringify(values.combine)})`);
  const models = values.model as string[];
  try {
    const { table, summary } = await loadNamedFile(values.data, loadCsvFile);
    log(`loaded ${table.rowCount} rows`);
    for (const n of loadNotes(summary)) log(`note: ${n}`);
    const data = { table, labelColumn: values['label-column'] ?? null, episodes: values.episodes ?? null, combine };
    const outs: Record<string, unknown>[] = [];
    for (const m of models) outs.push(await evaluateModel(m, data, models.length > 1 ? (l) => log(`${m}: ${l}`) : log));
    if (outs.length === 1) return { lines: [JSON.stringify(outs[0])], errors: [], exitCode: 0 };
    for (const line of comparisonTable(outs)) log(line);
    return { lines: [JSON.stringify({ models: outs })], errors: [], exitCode: 0 };
  } catch (e) {
    return { lines: [], errors: [`evaluate: ${describeError(e)}`], exitCode: 1 };
  }
}

interface EvaluationData {
  readonly table: PacketTable;
  readonly labelColumn: string | null;
  readonly episodes: string | null;
  readonly combine: ViewCombine;
}

/**
 * One bundle over the capture: window metrics, then the sensor's records, its classifiers timed as they run
 * (windows/s of their own time, as the sensor's classifier thread would spend it).
 */
async function evaluateModel(
  path: string,
  data: EvaluationData,
  log: (line: string) => void,
): Promise<Record<string, unknown>> {
  const { table, combine } = data;
  const bundle = readBundleFile(path);
  const fromFile: EpisodeSpan[] | null = data.episodes ? readEpisodes(data.episodes) : null;
  const tf = await nodeTf();
  let rowLabels: Uint8Array | null = null;
  if (data.labelColumn) {
    const l = labelsInClasses(table, data.labelColumn, bundle.classes);
    if (l.extra.length) log(`warning: classes the model does not know: ${l.extra.join(', ')}`);
    rowLabels = l.rowLabels;
  }
  const episodes = fromFile ?? (rowLabels ? episodesFromLabels(table.timeUs, rowLabels, bundle.classes) : []);
  const t0 = Date.now();
  const r = await evaluateViews(tf, bundle, table, rowLabels, episodes);
  log(
    `predicted ${r.windows} windows in ${bundle.views.length} view${bundle.views.length > 1 ? 's' : ''} in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  const t1 = Date.now();
  const loaded = await loadSensorModel(path);
  const sensed = async (model: SensorModel): Promise<RecordEvaluation> =>
    scoreAlerts(alertsOf(await replaySensor(model, table, { ...REPLAY_OPTIONS, combine })), episodes, spanOf(table));
  const clock = { windows: 0, ms: 0 };
  const timed = loaded.model.views.map((v) => ({
    ...v,
    classifier: timedClassifier(v.classifier, clock, () => performance.now()),
  }));
  const all = await sensed({ ...loaded.model, views: timed });
  const perView: Record<string, RecordEvaluation> = {};
  if (loaded.model.views.length > 1)
    for (const v of loaded.model.views) perView[v.name] = await sensed({ ...loaded.model, views: [v] });
  else perView[loaded.model.views[0].name] = all;
  await loaded.close();
  log(
    `ran the sensor over it ${1 + (loaded.model.views.length > 1 ? loaded.model.views.length : 0)} times in ${((Date.now() - t1) / 1000).toFixed(1)} s`,
  );
  const manifests = bundle.views.map((v) => v.manifest);
  const trainS = manifests.every((m) => m.training.seconds !== undefined)
    ? Number(manifests.reduce((t, m) => t + (m.training.seconds ?? 0), 0).toPrecision(3))
    : null;
  return {
    model: path,
    kind: [...new Set(manifests.map((m) => m.model.kind))].join('+'),
    train_s: trainS,
    windows_per_s: Math.round(windowsPerSecond(clock)),
    ...evaluationJson(r, all),
    views: Object.fromEntries(Object.entries(r.views).map(([name, v]) => [name, evaluationJson(v, perView[name])])),
  };
}

/** The models side by side, for a reader: one row each, the same capture and alert rule for all. */
export function comparisonTable(outs: readonly Record<string, unknown>[]): string[] {
  const num = (v: unknown, d: number): string => (typeof v === 'number' ? v.toFixed(d) : '-');
  const classes = [...new Set(outs.flatMap((o) => Object.keys((o.per_class as Record<string, unknown> | null) ?? {})))];
  const head = ['model', 'kind', 'macro-F1', ...classes, 'episodes', 'false/h', 'train s', 'windows/s'];
  const rows = outs.map((o) => {
    const perClass = (o.per_class ?? {}) as Record<string, { f1: number }>;
    const eps = (o.episodes ?? []) as { alerted: boolean; right_class: boolean }[];
    return [
      String(o.model),
      String(o.kind),
      num(o.macro_f1, 4),
      ...classes.map((c) => num(perClass[c]?.f1, 4)),
      `${eps.filter((e) => e.alerted).length}/${eps.length} (${eps.filter((e) => e.right_class).length} right class)`,
      num(o.false_alerts_per_hour, 2),
      typeof o.train_s === 'number' && o.train_s < 1 ? o.train_s.toPrecision(2) : num(o.train_s, 1),
      typeof o.windows_per_s === 'number' ? o.windows_per_s.toLocaleString('en-US') : '-',
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return ['models compared on the same capture and alert rule:', line(head), ...rows.map(line)];
}

function usage(message: string): CliOutcome {
  return { lines: [], errors: [`evaluate: ${message}`, '', ...EVALUATE_USAGE.split('\n')], exitCode: 2 };
}

const spanOf = (t: PacketTable): { fromUs: number; toUs: number } => ({
  fromUs: t.timeUs[0] ?? 0,
  toUs: t.timeUs[t.rowCount - 1] ?? 0,
});

function evaluationJson(v: ViewEvaluation, sensed: RecordEvaluation | undefined): Record<string, unknown> {
  const metrics = v.report ? reportJson(v.report) : null;
  return {
    macro_f1: metrics?.macro_f1 ?? null,
    per_class: metrics?.per_class ?? null,
    confusion: metrics?.confusion ?? null,
    windows: v.windows,
    ...(sensed ? recordJson(sensed) : {}),
  };
}

/** What the sensor wrote, scored (record-eval.ts), in the report's words. */
export function recordJson(e: RecordEvaluation): Record<string, unknown> {
  return {
    alerts: e.alerts,
    episodes: e.episodes.map((x) => ({
      tool: x.tool,
      variant: x.variant,
      alerted: x.alerted,
      first_class: x.firstClass,
      right_class: x.rightClass,
      delay_s: x.delayS === null ? null : Math.round(x.delayS * 1000) / 1000,
      alerts: x.alerts,
    })),
    false_alerts: e.falseAlerts.map((a) => ({
      time: eveTimestamp(a.atUs),
      class: a.className,
      views: a.views,
      groups: a.groups,
      phase: a.phase,
    })),
    false_alerts_per_hour: Math.round(e.falseAlertsPerHour * 100) / 100,
    benign_hours: Math.round(e.benignHours * 10000) / 10000,
  };
}
