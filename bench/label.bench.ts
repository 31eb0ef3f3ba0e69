/**
 * Labelling on a big capture, in Node with the same core code the engine worker runs: loads FILE (streamed
 * through CsvLoad, as `npm run query` does), then times what a researcher waits for: one brushed rule
 * applied on top of the labels, that rule undone, and all labels recomputed from 50 rules. Masks come from
 * the display-filter engine, cached by text as the worker caches them; their cost is reported apart.
 *
 *   python3 ../shared/data/make-large.py --rows 3000000 ../shared/data/lab-a/packets.csv.gz /tmp/large.csv
 *   npm run bench:label -- /tmp/large.csv
 *
 * Last line: {"bench":"label","rows":..,"one_rule_ms":..,"undo_ms":..,"recompute_50_ms":..}
 */
import { loadCsvFile } from '../cli/lib/load-csv-file.ts';
import { evaluateFilter } from '../src/core/query/filter-eval.ts';
import { filterSchema } from '../src/core/query/filter-fields.ts';
import { parseFilter } from '../src/core/query/filter-parser.ts';
import { agreement } from '../src/core/labels/agreement.ts';
import { captureFingerprint } from '../src/core/labels/fingerprint.ts';
import { labelColumn } from '../src/core/labels/label-column.ts';
import { LabelEngine, type MaskOf } from '../src/core/labels/label-engine.ts';
import { labelledCsvRows } from '../src/core/labels/labelled-csv.ts';
import { INITIAL_LABEL_STATE, type LabelRule, type LabelState } from '../src/core/labels/rules.ts';
import { findColumn, type PacketTable } from '../src/core/table/packet-table.ts';
import { mulberry32 } from '../src/core/model/prng.ts';

const file = process.argv[2];
if (!file) {
  console.error('usage: npm run bench:label -- FILE.csv');
  process.exit(2);
}

const REPEATS = 7;
const BRUSH_FILTER = 'tcp.flags.syn == 1 && tcp.dstport == 80';
/** Filters of the kinds researchers write for the lab's tools; '' is "every packet of the range". */
const FILTERS = [
  '',
  '',
  'tcp.flags.syn == 1 && tcp.flags.ack == 0',
  'tcp.dstport == 22',
  'tcp.dstport == 21',
  'icmp',
  'udp.dstport == 53',
  'ip.src == 10.20.30.103',
  'ip.addr == 10.20.30.103 && tcp',
  'http.request.uri contains "admin"',
  'arp',
  'tcp.flags.reset == 1',
  'frame.len > 100 && !arp',
  'tcp.port in {21, 22, 80}',
  'icmp.type == 8',
  'udp && !dns',
];

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms: number): string => `${ms.toFixed(1)} ms`;

function timed<T>(f: () => T): [T, number] {
  const t0 = performance.now();
  const v = f();
  return [v, performance.now() - t0];
}

/** Masks by filter text, as the engine worker keeps them; counts the time spent evaluating. */
function maskCache(table: PacketTable): { maskOf: MaskOf; evalMs: () => number } {
  const schema = filterSchema(table);
  const cache = new Map<string, ReturnType<MaskOf>>();
  let evalMs = 0;
  const maskOf: MaskOf = (filter) => {
    let m = cache.get(filter);
    if (!m) {
      const t0 = performance.now();
      const p = parseFilter(filter, schema);
      m = p.ok ? { ok: true, mask: evaluateFilter(table, p.value) } : { ok: false, message: p.error.message };
      evalMs += performance.now() - t0;
      cache.set(filter, m);
    }
    return m;
  };
  return { maskOf, evalMs: () => evalMs };
}

console.log(`loading ${file} ...`);
const [loaded, loadMs] = await (async () => {
  const t0 = performance.now();
  const r = await loadCsvFile(file);
  return [r, performance.now() - t0] as const;
})();
const table = loaded.table;
const rows = table.rowCount;
const first = table.timeUs[0];
const last = table.timeUs[rows - 1];
const spanUs = last - first;
console.log(
  `loaded ${rows.toLocaleString('en-US')} rows, ${table.columns.length} columns in ${(loadMs / 1000).toFixed(1)} s; ${(spanUs / 1e6).toFixed(1)} s of traffic`,
);

const fp = [0, 1, 2].map(() => timed(() => captureFingerprint(table)));
console.log(`fingerprint ${fp[0][0]}: ${fmt(median(fp.map(([, ms]) => ms)))} (median of 3)`);

const { maskOf, evalMs } = maskCache(table);
const engine = new LabelEngine(table);
const [, baseMs] = timed(() => engine.update(INITIAL_LABEL_STATE, maskOf));
console.log(`initial all-benign labels: ${fmt(baseMs)}`);

// (1) + (2): a brush over a fifth of the capture with a filter, added then undone.
const brush: LabelRule = {
  id: 'brush',
  classId: 1,
  filter: BRUSH_FILTER,
  range: { fromUs: first + spanUs * 0.4, toUs: first + spanUs * 0.6 },
  enabled: true,
  source: 'brush',
};
const withBrush: LabelState = { ...INITIAL_LABEL_STATE, rules: [brush] };
const [, brushMaskMs] = timed(() => maskOf(BRUSH_FILTER));
const applyMs: number[] = [];
const undoMs: number[] = [];
let matched: number | string = 0;
for (let k = 0; k < REPEATS; k++) {
  const [a, ms] = timed(() => engine.update(withBrush, maskOf));
  if (a.mode !== 'incremental') throw new Error(`brush applied by a ${a.mode} update`);
  matched = a.perRule[0];
  applyMs.push(ms);
  const [u, ums] = timed(() => engine.update(INITIAL_LABEL_STATE, maskOf));
  if (u.mode !== 'undo') throw new Error(`brush taken back by a ${u.mode} update`);
  undoMs.push(ums);
}
console.log(
  `brush "${BRUSH_FILTER}" over 20% of the time (mask ${fmt(brushMaskMs)}, matched ${matched.toLocaleString('en-US')}):`,
);
console.log(`  apply ${fmt(median(applyMs))}, undo ${fmt(median(undoMs))} (medians of ${REPEATS})`);

// The worst single rule: every packet, no range, no filter.
const everything: LabelRule = { ...brush, id: 'all', filter: '', range: null };
const wholeMs: number[] = [];
const wholeUndoMs: number[] = [];
for (let k = 0; k < REPEATS; k++) {
  wholeMs.push(timed(() => engine.update({ ...INITIAL_LABEL_STATE, rules: [everything] }, maskOf))[1]);
  wholeUndoMs.push(timed(() => engine.update(INITIAL_LABEL_STATE, maskOf))[1]);
}
console.log(`one rule over every packet: apply ${fmt(median(wholeMs))}, undo ${fmt(median(wholeUndoMs))}`);

// (3): 50 varied rules, masks evaluated first.
const rand = mulberry32(50); // seeded: every run times the same 50 rules
const rules: LabelRule[] = Array.from({ length: 50 }, (_, i) => {
  const from = first + spanUs * rand();
  const width = spanUs * (rand() < 0.2 ? 0.5 : rand() * 0.1);
  return {
    id: `r${i + 1}`,
    classId: 1 + Math.floor(rand() * 4),
    filter: FILTERS[Math.floor(rand() * FILTERS.length)],
    range: rand() < 0.1 ? null : { fromUs: Math.floor(from), toUs: Math.floor(from + width) },
    enabled: true,
    source: 'brush',
  };
});
const before = evalMs();
for (const r of rules) if (r.filter !== '') maskOf(r.filter);
const masksMs = evalMs() - before;
console.log(`masks of the 50 rules' ${new Set(rules.map((r) => r.filter)).size} distinct filters: ${fmt(masksMs)}`);
const fifty: LabelState = { ...INITIAL_LABEL_STATE, rules };
const recomputeMs: number[] = [];
let outcome = engine.update(fifty, maskOf);
for (let k = 0; k < REPEATS; k++) {
  // A base change forces the recompute (this base maps nothing, so it is all benign again).
  const base = k % 2 === 0 ? { kind: 'column' as const, column: 'attack', map: {} } : { kind: 'benign' as const };
  const [o, ms] = timed(() => engine.update({ ...fifty, base }, maskOf));
  if (o.mode !== 'full') throw new Error(`50 rules applied by a ${o.mode} update`);
  recomputeMs.push(ms);
  outcome = o;
}
const touched = (outcome.perRule as number[]).reduce((a, b) => a + b, 0);
console.log(
  `recompute from 50 rules (${touched.toLocaleString('en-US')} rule matches): ${fmt(median(recomputeMs))} (median of ${REPEATS})`,
);
const deleteFirst = timed(() => engine.update({ ...fifty, rules: rules.slice(1) }, maskOf));
console.log(`delete the first of 50 rules: ${fmt(deleteFirst[1])} (${deleteFirst[0].mode})`);
engine.update(fifty, maskOf);
const toggleLast = timed(() =>
  engine.update({ ...fifty, rules: [...rules.slice(0, 49), { ...rules[49], enabled: false }] }, maskOf),
);
console.log(`disable the last of 50 rules: ${fmt(toggleLast[1])} (${toggleLast[0].mode})`);

// What the UI asks for next: the label column for filters, agreement, an export piece.
const labels = engine.update(fifty, maskOf).labels;
console.log(`labelColumn: ${fmt(timed(() => labelColumn(labels, fifty.set))[1])}`);
if (findColumn(table, 'attack'))
  console.log(`agreement with attack: ${fmt(timed(() => agreement(table, labels, fifty.set, 'attack'))[1])}`);
const piece = Math.min(rows, 100_000);
const [text, csvMs] = timed(() => labelledCsvRows(table, labels, fifty.set, 0, piece));
console.log(
  `labelled CSV: ${piece.toLocaleString('en-US')} rows in ${fmt(csvMs)} (${(text.length / 1e6 / (csvMs / 1000)).toFixed(0)} MB/s of text)`,
);

console.log(
  JSON.stringify({
    bench: 'label',
    rows,
    one_rule_ms: +median(applyMs).toFixed(2),
    undo_ms: +median(undoMs).toFixed(2),
    recompute_50_ms: +median(recomputeMs).toFixed(1),
    masks_50_ms: +masksMs.toFixed(0),
    fingerprint_ms: +median(fp.map(([, ms]) => ms)).toFixed(1),
  }),
);
