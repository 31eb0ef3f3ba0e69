/**
 * What the sensor writes, on traffic it was not tuned on: runs the sensor core (src/core/sensor/replay.ts, the
 * code `npm run sensor` runs) over every capture and scores its alert records (src/core/detect/record-eval.ts):
 *
 *   benign kinds   public/corpus/benign (health checks, scraping, ping monitoring, ssh automation, ...), the
 *                  kinds training uses and the kinds it holds out shown apart, and the benign captures of
 *                  fixtures/variants (browsing idle and busy, polling): false alerts per hour, each listed
 *   attacks        lab-a's episodes and the attack variants of fixtures/variants: alerted, the first alert's
 *                  class and delay, alerts per episode, and false alerts around them
 *
 * The default rule set is measured, and beside it the rules it replaced: every view voting on every window
 * (--combine any) and the early vote (a group firing from ceil(K/2) windows); and other strides (every
 * S-th window of a group classified) than the sensor's default.
 *
 *   npm run bench:false-alerts -- --model MODEL.zip     (default: trains the default bundle first, ~4 min)
 *   npm run bench:false-alerts -- --model LSTM.zip --with TREES.zip   (their ensemble: the mean per view)
 *
 * Last line: {"bench":"false-alerts","benign_hours":..,"false_alerts":..,"false_alerts_per_hour":..,
 * "episodes":..,"alerted":..,"right_class":..,"median_delay_s":..,"alerts_per_episode":..,"kinds":{..}}
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { readEpisodes } from '../cli/lib/episodes-file.ts';
import { loadCsvFile } from '../cli/lib/load-csv-file.ts';
import { type LoadedModel, loadSensorModel } from '../cli/lib/sensor-classifier.ts';
import { meanClassifier } from '../src/core/sensor/classifier.ts';
import type { EpisodeSpan } from '../src/core/detect/alert-eval.ts';
import { alertsOf, scoreAlerts, type RecordEvaluation } from '../src/core/detect/record-eval.ts';
import type { ViewCombine } from '../src/core/detect/view-combine.ts';
import { eveTimestamp } from '../src/core/sensor/eve.ts';
import { REPLAY_OPTIONS, replaySensor } from '../src/core/sensor/replay.ts';
import { SENSOR_DEFAULTS } from '../src/core/sensor/sensor.ts';
import type { SensorModel } from '../src/core/sensor/sensor.ts';
import type { PacketTable } from '../src/core/table/packet-table.ts';
import { readCorpusIndex } from '../cli/lib/benign-corpus.ts';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const CORPUS = opt('corpus', 'public/corpus/benign');
const VARIANTS = opt('variants', 'fixtures/variants');
const LAB = opt('lab', 'public/samples/lab-a');
const log = (s: string): void => console.log(s);
const r2 = (v: number): number => Math.round(v * 100) / 100;

interface Capture {
  name: string;
  kind: 'trained' | 'held-out' | 'attack';
  table: PacketTable;
  episodes: EpisodeSpan[];
}

interface RuleSet {
  name: string;
  combine: ViewCombine;
  early: boolean;
  minScore?: number;
  stride?: number;
}
const RULES: RuleSet[] = [
  { name: 'default (spread, full, score)', combine: 'spread', early: false },
  { name: 'score floor 0.6', combine: 'spread', early: false, minScore: 0.6 },
  { name: 'score floor 0.8', combine: 'spread', early: false, minScore: 0.8 },
  { name: 'no score floor', combine: 'spread', early: false, minScore: 0 },
  { name: 'spread, early vote', combine: 'spread', early: true },
  { name: 'any view, full vote', combine: 'any', early: false },
  { name: 'any, early, no floor (before)', combine: 'any', early: true, minScore: 0 },
  // The sensor classifies every stride-th window of a group (SENSOR_DEFAULTS.stride); its neighbours:
  ...[1, 2, 4, 8]
    .filter((s) => s !== SENSOR_DEFAULTS.stride)
    .map((stride): RuleSet => ({ name: `stride ${stride}`, combine: 'spread', early: false, stride })),
];

/**
 * --with OTHER.zip: each view judged by the mean of both bundles' probabilities (the ensemble of an LSTM
 * and trees trained on the same rows). The views must read the same windows, features and normaliser.
 */
async function withEnsemble(a: LoadedModel, other: string): Promise<LoadedModel> {
  if (!other) return a;
  const b = await loadSensorModel(other);
  const views = a.model.views.map((v, i) => {
    const w = b.model.views[i];
    const same =
      w &&
      w.name === v.name &&
      w.key === v.key &&
      w.size === v.size &&
      JSON.stringify(w.normaliser) === JSON.stringify(v.normaliser);
    if (!same) throw new Error(`--with: view ${v.name} does not read the same windows in both bundles`);
    return { ...v, classifier: meanClassifier([v.classifier, w.classifier]) };
  });
  log(`ensemble: the mean of ${classifierNames(a)} and ${classifierNames(b)} per view`);
  return {
    ...a,
    model: { ...a.model, views },
    classifiers: a.classifiers.map((c, i) => `${c}+${b.classifiers[i]}`),
    close: async () => {
      await a.close();
      await b.close();
    },
  };
}

const classifierNames = (m: LoadedModel): string => [...new Set(m.classifiers)].join(',');

function modelPath(): string {
  const given = opt('model', '');
  if (given) return given;
  const out = join(mkdtempSync(join(tmpdir(), 'nids-fa-')), 'model.zip');
  log(`training the default bundle (npm run train on lab-a) into ${out} ...`);
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'cli/train.ts', '--data', `${LAB}/packets.csv.gz`, '--label-column', 'attack', '--out', out],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (r.status !== 0) throw new Error('training failed');
  return out;
}

async function captures(): Promise<Capture[]> {
  const out: Capture[] = [];
  const index = readCorpusIndex(CORPUS);
  for (const k of index.kinds)
    out.push({
      name: k.name,
      kind: k.trained ? 'trained' : 'held-out',
      table: (await loadCsvFile(join(CORPUS, k.file))).table,
      episodes: [],
    });
  for (const f of readdirSync(VARIANTS)
    .filter((n) => n.endsWith('.csv.gz'))
    .sort()) {
    const name = basename(f, '.csv.gz');
    const episodes = readEpisodes(join(VARIANTS, `${name}.episodes.json`));
    out.push({
      name,
      kind: episodes.length ? 'attack' : 'held-out',
      table: (await loadCsvFile(join(VARIANTS, f))).table,
      episodes,
    });
  }
  if (existsSync(`${LAB}/packets.csv.gz`))
    out.push({
      name: 'lab-a',
      kind: 'attack',
      table: (await loadCsvFile(`${LAB}/packets.csv.gz`)).table,
      episodes: readEpisodes(`${LAB}/episodes.json`),
    });
  return out;
}

const withRules = (m: SensorModel, rules: RuleSet): SensorModel => ({
  ...m,
  views: m.views.map((v) => ({
    ...v,
    vote: {
      ...v.vote,
      ...(rules.early ? { minVotes: Math.ceil(v.vote.k / 2) } : {}),
      ...(rules.minScore !== undefined ? { minScore: rules.minScore } : {}),
    },
  })),
});

async function run(
  model: SensorModel,
  caps: readonly Capture[],
  rules: RuleSet,
): Promise<Map<string, RecordEvaluation>> {
  const out = new Map<string, RecordEvaluation>();
  const m = withRules(model, rules);
  for (const c of caps) {
    const records = await replaySensor(m, c.table, {
      ...REPLAY_OPTIONS,
      combine: rules.combine,
      stride: rules.stride ?? REPLAY_OPTIONS.stride,
    });
    out.set(
      c.name,
      scoreAlerts(alertsOf(records), c.episodes, {
        fromUs: c.table.timeUs[0],
        toUs: c.table.timeUs[c.table.rowCount - 1],
      }),
    );
  }
  return out;
}

function summary(caps: readonly Capture[], r: Map<string, RecordEvaluation>): Record<string, number> {
  let hours = 0,
    falseAlerts = 0,
    episodes = 0,
    alerted = 0,
    right = 0,
    alerts = 0;
  const delays: number[] = [];
  for (const c of caps) {
    const e = r.get(c.name) as RecordEvaluation;
    hours += e.benignHours;
    falseAlerts += e.falseAlerts.length;
    for (const x of e.episodes) {
      episodes++;
      if (x.alerted) {
        alerted++;
        alerts += x.alerts;
        delays.push(x.delayS as number);
      }
      if (x.rightClass) right++;
    }
  }
  delays.sort((a, b) => a - b);
  const median = delays.length ? delays[Math.floor((delays.length - 1) / 2)] : NaN;
  return {
    benign_hours: Math.round(hours * 1e4) / 1e4,
    false_alerts: falseAlerts,
    false_alerts_per_hour: hours > 0 ? r2(falseAlerts / hours) : 0,
    episodes,
    alerted,
    right_class: right,
    median_delay_s: r2(median),
    alerts_per_episode: alerted ? r2(alerts / alerted) : 0,
  };
}

const path = modelPath();
const loaded = await withEnsemble(await loadSensorModel(path), opt('with', ''));
const caps = await captures();
log(`model ${path}: views ${loaded.model.views.map((v) => v.name).join(', ')}; ${caps.length} captures`);
const results: { rules: RuleSet; r: Map<string, RecordEvaluation> }[] = [];
for (const rules of RULES) results.push({ rules, r: await run(loaded.model, caps, rules) });
await loaded.close();

const def = results[0].r;
log('\nBenign captures, default rules: false alerts (per hour)');
for (const kind of ['trained', 'held-out'] as const) {
  for (const c of caps.filter((x) => x.kind === kind)) {
    const e = def.get(c.name) as RecordEvaluation;
    log(
      `  ${kind.padEnd(8)} ${c.name.padEnd(32)} ${(e.benignHours * 60).toFixed(1).padStart(5)} min  ${String(e.falseAlerts.length).padStart(3)} false (${r2(e.falseAlertsPerHour)}/h)`,
    );
    for (const a of e.falseAlerts)
      log(`      ${eveTimestamp(a.atUs)} ${a.className} ${a.phase} views ${a.views.join('+')}: ${a.groups.join('; ')}`);
  }
}
log('\nAttack captures, default rules: episode, alerted, first class, delay, alerts');
for (const c of caps.filter((x) => x.kind === 'attack')) {
  const e = def.get(c.name) as RecordEvaluation;
  for (const x of e.episodes)
    log(
      `  ${c.name.padEnd(32)} ${`${x.tool} ${x.variant}`.padEnd(28)} ${x.alerted ? 'alerted' : 'MISSED '} ${String(x.firstClass ?? '-').padEnd(7)} ${x.rightClass ? 'right' : 'WRONG'} ${x.delayS === null ? '-' : `${x.delayS.toFixed(2)} s`} ${x.alerts}`,
    );
  if (e.falseAlerts.length)
    log(
      `  ${c.name.padEnd(32)} ${e.falseAlerts.length} false alert(s) outside its episodes: ${e.falseAlerts.map((a) => `${a.className} (${a.views.join('+')})`).join(', ')}`,
    );
}
log('\nRule sets compared (all captures):');
log(
  `  ${'rules'.padEnd(32)} ${'false'.padStart(5)} ${'per h'.padStart(7)} ${'held-out'.padStart(8)} alerted right median_s alerts/ep`,
);
for (const { rules, r } of results) {
  const s = summary(caps, r);
  const held = summary(
    caps.filter((c) => c.kind === 'held-out'),
    r,
  );
  log(
    `  ${rules.name.padEnd(32)} ${String(s.false_alerts).padStart(5)} ${String(s.false_alerts_per_hour).padStart(7)} ${String(held.false_alerts).padStart(8)} ${`${s.alerted}/${s.episodes}`.padStart(7)} ${String(s.right_class).padStart(5)} ${String(s.median_delay_s).padStart(8)} ${String(s.alerts_per_episode).padStart(9)}`,
  );
}
const s = summary(caps, def);
const kinds = Object.fromEntries(
  caps
    .filter((c) => c.kind !== 'attack')
    .map((c) => {
      const e = def.get(c.name) as RecordEvaluation;
      return [c.name, { kind: c.kind, minutes: r2(e.benignHours * 60), false_alerts: e.falseAlerts.length }];
    }),
);
const held = summary(
  caps.filter((c) => c.kind === 'held-out'),
  def,
);
console.log(
  JSON.stringify({
    bench: 'false-alerts',
    ...s,
    held_out_false_alerts: held.false_alerts,
    held_out_hours: held.benign_hours,
    kinds,
    model: path,
    ...(opt('with', '') ? { with: opt('with', '') } : {}),
    captures: caps.length,
  }),
);
