/**
 * Which model layout for a detector of views (issue 8): one model per view ("per-view") or one model trained
 * on the windows of every view, the view an input ("shared", src/core/model/train-shared.ts). Both are
 * trained on lab-a with the default settings on the SAME row split (trainViews draws it once per run), so
 * their figures are on exactly the same test rows:
 *
 *   default     the default per-stretch split of lab-a (70/15/15 of each stretch of a class)
 *   first-six   lab-a's episodes 1-6 and the benign traffic until then for training, episodes 7-11 for test
 *               (as bench/generalise.bench.ts's first-six)
 *
 * Per run and layout: window level (macro-F1, per-class F1) of the combined detector ("any view fires") and
 * of each view, and per attack class the share of its windows called an attack of any class; alert level (episodes alerted of total, false alerts per hour, incidents); training seconds.
 * After the default run, each layout's bundle (written, read back and run as the sensor would: a shared
 * bundle is folded into per-view models when read) over the variant captures in fixtures/variants, through
 * evaluateViews (npm run evaluate's code).
 *
 *   npm run bench:layouts -- [--model KIND] [--config JSON] [--epochs N] [--runs default,first-six] [--layouts per-view,shared]
 *                            [--views pair,src,dst] [--seed N] [--no-variants] [--benign-corpus DIR | --no-benign-corpus] [--out-dir DIR]
 *
 * Last line: {"bench":"layouts","epochs":..,"runs":{"default":{"per-view":{..},"shared":{..}},..},"variants":{..}}
 */
import { DEFAULT_BENIGN_CORPUS, loadTrainedKinds } from '../cli/lib/benign-corpus.ts';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { classesFromColumn, labelsInClasses } from '../cli/lib/class-labels.ts';
import { readEpisodes } from '../cli/lib/episodes-file.ts';
import { loadCsvFile } from '../cli/lib/load-csv-file.ts';
import { nodeTf } from '../cli/lib/tf-node.ts';
import type { GroupKey } from '../src/core/features/group-key.ts';
import { readBundle } from '../src/core/model/bundle-views.ts';
import { evaluateViews } from '../src/core/model/evaluate-views.ts';
import type { ClassificationReport } from '../src/core/model/metrics.ts';
import {
  DEFAULT_MODEL_CONFIG,
  defaultConfigFor,
  type ModelConfig,
  type ModelKind,
} from '../src/core/model/model-config.ts';
import {
  disposeViews,
  exportViewsBundle,
  trainViews,
  VIEWS_LAYOUTS,
  type ViewsLayout,
  type ViewSpec,
} from '../src/core/model/train-views.ts';
import { firstSix, type Lab } from './lib/held-out.ts';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const LAB = opt('data', 'public/samples/lab-a');
const VARIANTS = opt('variants', 'fixtures/variants');
const RUNS = opt('runs', 'default,first-six').split(',').filter(Boolean);
const LAYOUTS = opt('layouts', VIEWS_LAYOUTS.join(',')).split(',').filter(Boolean) as ViewsLayout[];
const VIEWS: ViewSpec[] = opt('views', 'pair,src,dst')
  .split(',')
  .filter(Boolean)
  .map((v) => ({ name: v, key: v as GroupKey }));
const WITH_VARIANTS = !args.includes('--no-variants');
// As npm run train does by default: the benign corpus's trained kinds beside lab-a, for training only.
const WITH_CORPUS = !args.includes('--no-benign-corpus');
const OUT_DIR = opt('out-dir', join(tmpdir(), 'nids-layouts-bench'));
// --model gbdt: the trees with their defaults (per view only).
const base = defaultConfigFor(opt('model', DEFAULT_MODEL_CONFIG.kind) as ModelKind);
const config: ModelConfig = {
  ...base,
  epochs: Number(opt('epochs', String(base.epochs))),
  seed: Number(opt('seed', String(base.seed))),
  // --config '{"maxPerClass":8000}': settings over the defaults, for trying changes.
  ...(JSON.parse(opt('config', '{}')) as Partial<ModelConfig>),
};
const GRACE_US = 1_000_000;
const log = (s: string): void => console.log(s);
const r3 = (v: number): number => Math.round(v * 1000) / 1000;

for (const l of LAYOUTS)
  if (!VIEWS_LAYOUTS.includes(l)) throw new Error(`unknown layout ${l} (${VIEWS_LAYOUTS.join(', ')})`);

/** Per class with support: F1. */
function f1s(r: ClassificationReport): Record<string, number> {
  const out: Record<string, number> = {};
  r.classes.forEach((c, i) => {
    if (r.perClass[i].support) out[c] = r3(r.perClass[i].f1);
  });
  return out;
}

interface AlertFigures {
  episodes_alerted: string;
  false_alerts_per_hour: number;
  incidents?: number;
  missed: string[];
}

/** Per attack class with support: share of its windows called an attack of any class (a held-out flood called `ping` is still caught). */
function attackCalled(r: ClassificationReport): Record<string, number> {
  const out: Record<string, number> = {};
  r.confusion.forEach((row, t) => {
    const n = row.reduce((a, b) => a + b, 0);
    if (t !== 0 && n) out[r.classes[t]] = r3((n - row[0]) / n);
  });
  return out;
}

function alertFigures(a: {
  episodes: readonly { tool: string; alerted: boolean }[];
  falseAlertsPerHour: number;
  incidents?: number;
}): AlertFigures {
  return {
    episodes_alerted: `${a.episodes.filter((e) => e.alerted).length}/${a.episodes.length}`,
    false_alerts_per_hour: Math.round(a.falseAlertsPerHour * 100) / 100,
    ...(a.incidents !== undefined ? { incidents: a.incidents } : {}),
    missed: a.episodes.filter((e) => !e.alerted).map((e) => e.tool),
  };
}

async function main(): Promise<void> {
  log(
    `load average ${loadavg()
      .map((v) => v.toFixed(1))
      .join(
        ' ',
      )} on ${cpus().length} cores; epochs ${config.epochs}, seed ${config.seed}; runs ${RUNS.join(', ')}; layouts ${LAYOUTS.join(', ')}; views ${VIEWS.map((v) => v.name).join(',')}`,
  );
  mkdirSync(OUT_DIR, { recursive: true });
  const tf = await nodeTf();
  const { table } = await loadCsvFile(join(LAB, 'packets.csv.gz'));
  const { classes, rowLabels } = classesFromColumn(table, 'attack');
  const lab: Lab = { table, classes, rowLabels, episodes: readEpisodes(join(LAB, 'episodes.json')) };
  log(`lab-a: ${table.rowCount} rows, classes ${classes.join(', ')}, ${lab.episodes.length} episodes`);
  const benignTables = WITH_CORPUS ? (await loadTrainedKinds(opt('benign-corpus', DEFAULT_BENIGN_CORPUS))).tables : [];
  log(`benign corpus: ${benignTables.reduce((s, t) => s + t.rowCount, 0)} rows`);
  const summary: Record<string, unknown> = {
    bench: 'layouts',
    model: config.kind,
    config,
    epochs: config.epochs,
    seed: config.seed,
    views: VIEWS.map((v) => v.name).join(','),
  };
  const runs: Record<string, Record<string, unknown>> = {};
  const variants: Record<string, unknown> = {};
  summary.runs = runs;

  for (const run of RUNS) {
    if (run !== 'default' && run !== 'first-six') throw new Error(`unknown run ${run} (default, first-six)`);
    const rowParts = run === 'first-six' ? firstSix(lab, 2 * GRACE_US) : undefined;
    runs[run] = {};
    for (const layout of LAYOUTS) {
      log(`\n== ${run}, ${layout}`);
      const t0 = Date.now();
      const trained = await trainViews(
        tf,
        {
          table,
          rowLabels,
          classes,
          views: VIEWS,
          layout,
          size: 10,
          stride: 1,
          labelRule: 'last',
          split: 'per-class',
          ...(rowParts ? { rowParts } : {}),
          config,
          fingerprint: 'bench',
          fileName: 'lab-a',
          benignTables,
        },
        {
          onView: (i, v) => process.stderr.write(`  view ${v.name} (${i + 1} of ${VIEWS.length})\n`),
          onEpoch: (p) =>
            process.stderr.write(
              `  epoch ${p.epoch}/${p.epochs} loss ${p.loss.toFixed(3)} val ${p.valLoss?.toFixed(3)} (${p.elapsedS.toFixed(0)} s)\n`,
            ),
        },
      );
      const trainS = (Date.now() - t0) / 1000;
      const perView: Record<string, unknown> = {};
      for (const { view, result } of trained.views) {
        perView[view.name] = {
          macro_f1: r3(result.report.macroF1),
          f1: f1s(result.report),
          attack_called: attackCalled(result.report),
          ...alertFigures(result.alerts),
          test_windows: result.test.windows.length,
          epochs: result.outcome.history.length,
          best_epoch: result.outcome.bestEpoch,
        };
      }
      const fig = {
        macro_f1: r3(trained.report.macroF1),
        f1: f1s(trained.report),
        attack_called: attackCalled(trained.report),
        ...alertFigures(trained.alerts),
        train_s: Math.round(trainS),
        views: perView,
      };
      runs[run][layout] = fig;
      log(
        `  trained in ${trainS.toFixed(0)} s; combined window macro-F1 ${fig.macro_f1} (${Object.entries(fig.f1)
          .map(([c, v]) => `${c} ${v}`)
          .join(', ')}); called an attack: ${Object.entries(fig.attack_called)
          .map(([c, v]) => `${c} ${v}`)
          .join(', ')}`,
      );
      log(
        `  combined alerts: episodes ${fig.episodes_alerted}, false alerts/h ${fig.false_alerts_per_hour}, incidents ${String(fig.incidents)}${fig.missed.length ? `, missed ${fig.missed.join(' ')}` : ''}`,
      );
      for (const [name, v] of Object.entries(perView)) log(`  view ${name}: ${JSON.stringify(v)}`);
      log(`  ${JSON.stringify({ run, layout, ...fig })}`);
      // Every run's bundle is kept, to measure others (an ensemble, say) on the same held-out rows.
      const zip = await exportViewsBundle(tf, trained);
      const path = join(OUT_DIR, `lab-a-${run}-${layout}.zip`);
      writeFileSync(path, zip);
      log(`  bundle ${path} (${zip.length} bytes)`);
      if (run === 'default' && WITH_VARIANTS) variants[layout] = await scoreVariants(tf, zip);
      disposeViews(trained);
    }
  }
  if (Object.keys(variants).length) summary.variants = variants;
  log(JSON.stringify(summary));
}

/** The bundle over every variant capture as `npm run evaluate` runs it: combined alert and window figures. */
async function scoreVariants(
  tf: Awaited<ReturnType<typeof nodeTf>>,
  zip: Uint8Array,
): Promise<Record<string, unknown>> {
  const bundle = readBundle(zip);
  const out: Record<string, unknown> = {};
  const files = readdirSync(VARIANTS)
    .filter((f) => f.endsWith('.csv.gz'))
    .sort();
  let alerted = 0;
  let attacks = 0;
  let falseIncidents = 0;
  for (const f of files) {
    const name = f.replace(/\.csv\.gz$/, '');
    const { table } = await loadCsvFile(join(VARIANTS, f));
    const { rowLabels } = labelsInClasses(table, 'attack', bundle.classes);
    const episodes = readEpisodes(join(VARIANTS, `${name}.episodes.json`));
    const e = await evaluateViews(tf, bundle, table, rowLabels, episodes);
    const r = e.report;
    // Benign packets ending a window in some view that the combined detector called an attack.
    const benign = r ? r.confusion[0].reduce((a, b) => a + b, 0) : 0;
    const benignFp = r && benign ? (benign - r.confusion[0][0]) / benign : 0;
    // Attack packets called an attack (any attack class) and called their own class.
    let attack = 0;
    let called = 0;
    let own = 0;
    if (r)
      for (let t = 1; t < r.confusion.length; t++) {
        const row = r.confusion[t];
        const n = row.reduce((a, b) => a + b, 0);
        attack += n;
        called += n - row[0];
        own += row[t];
      }
    const incidentsFalse = e.alerts.alerts.filter(
      (inc) => !episodes.some((ep) => inc.startUs <= ep.endUs + 5e6 && inc.endUs >= ep.startUs - 5e6),
    ).length;
    falseIncidents += incidentsFalse;
    const eps = e.alerts.episodes;
    attacks += eps.length;
    alerted += eps.filter((x) => x.alerted).length;
    const views = Object.fromEntries(
      Object.entries(e.views).map(([v, ev]) => [v, ev.alerts.episodes.filter((x) => x.alerted).length]),
    );
    out[name] = {
      episodes_alerted: `${eps.filter((x) => x.alerted).length}/${eps.length}`,
      attack_called: attack ? r3(called / attack) : null,
      own_class: attack ? r3(own / attack) : null,
      benign_fp: r3(benignFp),
      false_incidents: incidentsFalse,
      alerted_by_view: views,
    };
    log(`  ${name.padEnd(30)} ${JSON.stringify(out[name])}`);
  }
  return { ...out, alerted: `${alerted}/${attacks}`, false_incidents: falseIncidents };
}

await main();
