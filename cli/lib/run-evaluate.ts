/**
 * The logic of `npm run evaluate`: imports a model bundle, predicts every window of a tshark CSV, and
 * reports window metrics (with a label column) and alert-level results (episodes alerted and their delay,
 * false alerts per hour) through the sensor's own vote (src/core/detect/alert-eval.ts).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { episodeAlerts, type EpisodeSpan } from '../../src/core/detect/alert-eval.ts';
import { importBundle } from '../../src/core/model/bundle.ts';
import { argmaxRows } from '../../src/core/model/metrics.ts';
import { evaluateOn } from '../../src/core/model/pipeline.ts';
import { labelsInClasses } from './class-labels.ts';
import { readEpisodes } from './episodes-file.ts';
import { loadCsvFile } from './load-csv-file.ts';
import { describeError, reportJson, type CliOutcome } from './report-json.ts';
import { nodeTf } from './tf-node.ts';

export const EVALUATE_USAGE = `usage: npm run evaluate -- --model MODEL.zip --data FILE [--label-column NAME] [--episodes FILE]

Runs a model bundle over every window of a tshark CSV (.csv or .csv.gz) and prints one JSON object:
{"macro_f1", "per_class", "confusion": {"labels", "matrix"}, "episodes": [{"tool", "variant", "alerted",
"delay_s"}], "false_alerts_per_hour"}. Window metrics need --label-column (else they are null); episodes
come from --episodes (lab episodes.json), alerts use the bundle's vote rule.

  --model FILE          the model bundle (.zip)
  --data FILE           the CSV file
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
    const { model, manifest } = await importBundle(tf, new Uint8Array(readFileSync(values.model)));
    const episodes: EpisodeSpan[] = values.episodes ? readEpisodes(values.episodes) : [];
    const { table } = await loadCsvFile(values.data);
    log(`loaded ${table.rowCount} rows`);
    let rowLabels: Uint8Array | null = null;
    if (values['label-column']) {
      const l = labelsInClasses(table, values['label-column'], manifest.classes);
      if (l.extra.length) log(`warning: classes the model does not know: ${l.extra.join(', ')}`);
      rowLabels = l.rowLabels;
    }
    const t0 = Date.now();
    const { report, probs, prepared } = await evaluateOn(tf, model, manifest, table, rowLabels);
    model.dispose();
    log(`predicted ${prepared.windows.count} windows in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const C = manifest.classes.length;
    const pred = argmaxRows(probs, C);
    const malicious = Uint8Array.from(pred, (c) => (manifest.malicious[c] ? 1 : 0));
    const benignMask = rowLabels ? Uint8Array.from(prepared.labels, (c) => (c === 0 ? 1 : 0)) : undefined;
    const alerts = episodeAlerts({ timeUs: prepared.endUs, group: prepared.group, malicious, vote: manifest.vote, episodes, ...(benignMask ? { benignMask } : {}) });
    const metrics = report ? reportJson(report) : null;
    const out = {
      macro_f1: metrics?.macro_f1 ?? null,
      per_class: metrics?.per_class ?? null,
      confusion: metrics?.confusion ?? null,
      episodes: alerts.episodes.map((e) => ({ tool: e.tool, variant: e.variant, alerted: e.alerted, delay_s: e.delay_s })),
      false_alerts_per_hour: alerts.falseAlertsPerHour,
      windows: prepared.windows.count,
    };
    return { lines: [JSON.stringify(out)], errors: [], exitCode: 0 };
  } catch (e) {
    return { lines: [], errors: [`evaluate: ${describeError(e)}`], exitCode: 1 };
  }
}

function usage(message: string): CliOutcome {
  return { lines: [], errors: [`evaluate: ${message}`, '', ...EVALUATE_USAGE.split('\n')], exitCode: 2 };
}
