/**
 * The logic of `npm run evaluate`: imports a model bundle (one view or several), predicts every window of a
 * tshark CSV or capture in every view, and reports window metrics (with a label column) and alert-level
 * results (episodes alerted and their delay, false alerts per hour) through the sensor's own vote, for the
 * combined detector (top level) and for each view (`views`): src/core/model/evaluate-views.ts.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { EpisodeSpan } from '../../src/core/detect/alert-eval.ts';
import { readBundle } from '../../src/core/model/bundle-views.ts';
import { evaluateViews, type ViewEvaluation } from '../../src/core/model/evaluate-views.ts';
import { labelsInClasses } from './class-labels.ts';
import { readEpisodes } from './episodes-file.ts';
import { loadCsvFile } from './load-csv-file.ts';
import { describeError, reportJson, type CliOutcome } from './report-json.ts';
import { nodeTf } from './tf-node.ts';

export const EVALUATE_USAGE = `usage: npm run evaluate -- --model MODEL.zip --data FILE [--label-column NAME] [--episodes FILE]

Runs a model bundle over every window of a tshark CSV (.csv or .csv.gz) or a capture (pcap, pcapng) in
each of its views and prints one JSON object: {"macro_f1", "per_class", "confusion": {"labels", "matrix"},
"episodes": [{"tool", "variant", "alerted", "delay_s"}], "false_alerts_per_hour", "windows", "views":
{"<view>": {the same fields}}}. The top level is the combined detector (an attack counts as caught when any
view catches it); "views" gives each view alone. Window metrics need --label-column (else they are null);
episodes come from --episodes (lab episodes.json); alerts use the bundle's vote rule.

  --model FILE          the model bundle (.zip)
  --data FILE           the CSV or capture file
  --label-column NAME   the column holding each packet's class
  --episodes FILE       episodes.json
  -h, --help            this text

Exit status: 0 evaluated; 1 a file could not be read or is not a valid bundle; 2 the command line is wrong.`;

export async function runEvaluate(argv: readonly string[], log: (line: string) => void = () => {}): Promise<CliOutcome> {
  let values: { model?: string; data?: string; 'label-column'?: string; episodes?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { model: { type: 'string' }, data: { type: 'string' }, 'label-column': { type: 'string' }, episodes: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: false,
      strict: true,
    }));
  } catch (e) {
    return usage(describeError(e));
  }
  if (values.help) return { lines: EVALUATE_USAGE.split('\n'), errors: [], exitCode: 0 };
  if (!values.model) return usage('give --model');
  if (!values.data) return usage('give --data');
  try {
    const tf = await nodeTf();
    const bundle = readBundle(new Uint8Array(readFileSync(values.model)));
    const episodes: EpisodeSpan[] = values.episodes ? readEpisodes(values.episodes) : [];
    const { table } = await loadCsvFile(values.data);
    log(`loaded ${table.rowCount} rows`);
    let rowLabels: Uint8Array | null = null;
    if (values['label-column']) {
      const l = labelsInClasses(table, values['label-column'], bundle.classes);
      if (l.extra.length) log(`warning: classes the model does not know: ${l.extra.join(', ')}`);
      rowLabels = l.rowLabels;
    }
    const t0 = Date.now();
    const r = await evaluateViews(tf, bundle, table, rowLabels, episodes);
    log(`predicted ${r.windows} windows in ${bundle.views.length} view${bundle.views.length > 1 ? 's' : ''} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const out = { ...evaluationJson(r), views: Object.fromEntries(Object.entries(r.views).map(([name, v]) => [name, evaluationJson(v)])) };
    return { lines: [JSON.stringify(out)], errors: [], exitCode: 0 };
  } catch (e) {
    return { lines: [], errors: [`evaluate: ${describeError(e)}`], exitCode: 1 };
  }
}

function usage(message: string): CliOutcome {
  return { lines: [], errors: [`evaluate: ${message}`, '', ...EVALUATE_USAGE.split('\n')], exitCode: 2 };
}

function evaluationJson(v: ViewEvaluation): Record<string, unknown> {
  const metrics = v.report ? reportJson(v.report) : null;
  return {
    macro_f1: metrics?.macro_f1 ?? null,
    per_class: metrics?.per_class ?? null,
    confusion: metrics?.confusion ?? null,
    episodes: v.alerts.episodes.map((e) => ({ tool: e.tool, variant: e.variant, alerted: e.alerted, delay_s: e.delay_s })),
    false_alerts_per_hour: v.alerts.falseAlertsPerHour,
    windows: v.windows,
  };
}
