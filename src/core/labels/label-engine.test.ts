import { describe, expect, it } from 'vitest';
import { cellText } from '../query/breakdown-groups.ts';
import { evaluateFilter } from '../query/filter-eval.ts';
import { filterSchema } from '../query/filter-fields.ts';
import { parseFilter } from '../query/filter-parser.ts';
import { findColumn, type PacketTable } from '../table/packet-table.ts';
import { LabelEngine, type MaskOf } from './label-engine.ts';
import { labelColumn } from './label-column.ts';
import { addClass, DEFAULT_LABEL_SET, renameClass, type LabelSet } from './label-set.ts';
import { INITIAL_LABEL_STATE, withoutClass, type LabelBase, type LabelRule, type LabelState } from './rules.ts';
import { cachedMaskOf, seeded, tableFromCsv } from './test-tables.ts';

const T0 = 1795378353; // seconds
const S = 1e6;
const N = 300;

/** Three packets per second (same instant), ports and sources cycling, a ground-truth `attack` column. */
function makeTable(): PacketTable {
  const lines = ['frame.time_epoch,frame.len,ip.src,ip.ttl,tcp.dstport,tcp.flags.syn,attack'];
  const attacks = ['benign', 'hping3', 'normal', 'suspicious', 'NMAP', ''];
  for (let i = 0; i < N; i++) {
    const t = `${T0 + Math.floor(i / 3)}.000000000`;
    const port = i % 5 === 0 ? '' : `"${[80, 22, 443, 80][i % 4]}"`;
    lines.push(
      `"${t}","${60 + (i % 7)}","10.0.0.${i % 4}","${i % 2 ? 64 : 128}",${port},"${i % 3 === 0 ? 1 : 0}",${attacks[i % 6] ? `"${attacks[i % 6]}"` : ''}`,
    );
  }
  return tableFromCsv(`${lines.join('\n')}\n`);
}

const table = makeTable();
const sec = (k: number): number => (T0 + k) * S;

function rule(
  id: string,
  classId: number,
  filter = '',
  range: [number, number] | null = null,
  enabled = true,
): LabelRule {
  return {
    id,
    classId,
    filter,
    range: range ? { fromUs: sec(range[0]), toUs: sec(range[1]) } : null,
    enabled,
    source: 'brush',
  };
}

function state(
  rules: LabelRule[],
  base: LabelBase = { kind: 'benign' },
  set: LabelSet = DEFAULT_LABEL_SET,
): LabelState {
  return { set, base, rules };
}

/** The plain reading of the rules: base, then every enabled rule in order over each row in its range and filter. */
function reference(
  t: PacketTable,
  s: LabelState,
  maskOf: MaskOf,
): { labels: number[]; counts: number[]; perRule: (number | string)[] } {
  const ids = new Set(s.set.classes.map((c) => c.id));
  const labels: number[] = [];
  const col = s.base.kind === 'column' ? findColumn(t, s.base.column) : undefined;
  for (let r = 0; r < t.rowCount; r++) {
    let id = 0;
    if (s.base.kind === 'column' && col) {
      const text = cellText(t, col, r);
      if (text !== '' && Object.hasOwn(s.base.map, text) && ids.has(s.base.map[text])) id = s.base.map[text];
    }
    labels.push(id);
  }
  const perRule = s.rules.map((rl) => {
    if (!rl.enabled) return 0;
    if (!ids.has(rl.classId)) return `class ${rl.classId} is not a class of this capture`;
    const m = rl.filter === '' ? { ok: true as const, mask: null } : maskOf(rl.filter);
    if (!m.ok) return m.message;
    let matched = 0;
    for (let r = 0; r < t.rowCount; r++) {
      const tt = t.timeUs[r];
      if (rl.range && !(tt >= rl.range.fromUs && tt < rl.range.toUs)) continue;
      if (m.mask && !m.mask[r]) continue;
      labels[r] = rl.classId;
      matched++;
    }
    return matched;
  });
  const top = Math.max(...s.set.classes.map((c) => c.id));
  const counts = new Array<number>(top + 1).fill(0);
  for (const l of labels) counts[l]++;
  return { labels, counts, perRule };
}

function expectSame(engine: LabelEngine, s: LabelState, maskOf: MaskOf): ReturnType<LabelEngine['update']> {
  const out = engine.update(s, maskOf);
  const ref = reference(table, s, maskOf);
  expect(Array.from(out.labels)).toEqual(ref.labels);
  expect(out.counts).toEqual(ref.counts);
  expect(out.perRule).toEqual(ref.perRule);
  return out;
}

describe('LabelEngine: rules', () => {
  const maskOf = cachedMaskOf(table);

  it('starts all benign and labels a range ∩ filter, the range half-open', () => {
    const e = new LabelEngine(table);
    expect(e.update(INITIAL_LABEL_STATE, maskOf).counts).toEqual([N, 0, 0, 0, 0]);
    // Seconds 10..20 hold rows 30..59; the SYN rows among them are every third.
    const out = expectSame(e, state([rule('a', 1, 'tcp.flags.syn == 1', [10, 20])]), maskOf);
    expect(out.perRule).toEqual([10]);
    const labelled = [...out.labels.keys()].filter((r) => out.labels[r] === 1);
    expect(labelled).toEqual(Array.from({ length: 10 }, (_, k) => 30 + 3 * k));
    expect(labelled).not.toContain(60); // the row at exactly toUs is out
  });

  it('lets a later rule override an earlier one where both match, and ignores disabled rules', () => {
    const e = new LabelEngine(table);
    const out = expectSame(
      e,
      state([rule('a', 1, '', [0, 50]), rule('b', 2, 'tcp.dstport == 22', [20, 80]), rule('c', 3, '', null, false)]),
      maskOf,
    );
    expect(out.labels[93]).toBe(2); // second 31, port 22: both rules, the later wins
    expect(out.labels[92]).toBe(1); // port 80: only the first
    expect(out.labels[181]).toBe(2); // second 60: only the second
    expect(out.perRule[2]).toBe(0);
    expect(out.counts.reduce((a, b) => a + b, 0)).toBe(N);
  });

  it('reports a rule with a bad filter and skips it', () => {
    const e = new LabelEngine(table);
    const out = expectSame(
      e,
      state([rule('a', 1, 'tcp.dstport == 22'), rule('b', 2, 'tcp.nope == 1'), rule('c', 3, 'tcp.dstport ==')]),
      maskOf,
    );
    expect(out.perRule[1]).toMatch(/unknown field 'tcp.nope'/);
    expect(typeof out.perRule[2]).toBe('string');
    expect(out.counts[2]).toBe(0);
  });

  it('starts from a column of the file mapped to classes, unmapped and missing values benign', () => {
    const e = new LabelEngine(table);
    const base: LabelBase = {
      kind: 'column',
      column: 'attack',
      map: { hping3: 1, NMAP: 3, suspicious: 2, normal: 0, constructor: 4 },
    };
    const out = expectSame(e, state([], base), maskOf);
    expect(out.counts).toEqual([N / 2, N / 6, N / 6, N / 6, 0]);
    // A number column maps by its text, as it is shown.
    expectSame(
      e,
      state([rule('a', 4, 'tcp.dstport == 80')], { kind: 'column', column: 'ip.ttl', map: { 64: 2 } }),
      maskOf,
    );
    expectSame(e, state([], { kind: 'column', column: 'ip.src', map: { '10.0.0.3': 1 } }), maskOf);
    expectSame(e, state([], { kind: 'column', column: 'no.such.column', map: { x: 1 } }), maskOf);
  });

  it('appends incrementally, undoes exactly, and recomputes when the base changes', () => {
    const e = new LabelEngine(table);
    const r1 = rule('a', 1, 'tcp.flags.syn == 1', [5, 60]);
    const r2 = rule('b', 2, 'ip.src == 10.0.0.1', [30, 90]);
    expect(expectSame(e, state([r1]), maskOf).mode).toBe('full');
    const before = Array.from(expectSame(e, state([r1]), maskOf).labels);
    expect(expectSame(e, state([r1, r2]), maskOf).mode).toBe('incremental');
    const undone = expectSame(e, state([r1]), maskOf);
    expect(undone.mode).toBe('undo');
    expect(Array.from(undone.labels)).toEqual(before);
    expect(expectSame(e, state([r1], { kind: 'column', column: 'attack', map: { hping3: 1 } }), maskOf).mode).toBe(
      'full',
    );
    // Renaming a class changes no label.
    expect(
      expectSame(
        e,
        state(
          [r1],
          { kind: 'column', column: 'attack', map: { hping3: 1 } },
          renameClass(DEFAULT_LABEL_SET, 1, 'flood'),
        ),
        maskOf,
      ).mode,
    ).toBe('incremental');
  });

  it('recomputes to take back a rule whose delta was dropped to bound memory', () => {
    const e = new LabelEngine(table, { maxDeltas: 1, maxDeltaBytes: 1e9 });
    const r1 = rule('a', 1, '', [0, 40]);
    const r2 = rule('b', 2, '', [20, 60]);
    expectSame(e, state([r1]), maskOf);
    expect(expectSame(e, state([r1, r2]), maskOf).mode).toBe('incremental');
    expect(expectSame(e, state([r1]), maskOf).mode).toBe('undo'); // r2's delta is the one kept
    expectSame(e, state([r1, r2]), maskOf);
    expect(expectSame(e, state([]), maskOf).mode).toBe('full');
  });

  it('gives a rule of a class the set lacks an error and no rows', () => {
    const e = new LabelEngine(table);
    const out = expectSame(e, state([rule('a', 9)]), maskOf);
    expect(out.perRule).toEqual(['class 9 is not a class of this capture']);
  });

  it('exposes labels as a string column that filters see', () => {
    const e = new LabelEngine(table);
    const out = e.update(state([rule('a', 1, 'tcp.dstport == 22')]), maskOf);
    const withLabels: PacketTable = {
      ...table,
      columns: [...table.columns, labelColumn(out.labels, DEFAULT_LABEL_SET)],
    };
    const p = parseFilter('label == "hping3"', filterSchema(withLabels));
    if (!p.ok) throw new Error(p.error.message);
    const mask = evaluateFilter(withLabels, p.value);
    expect(Array.from(mask)).toEqual(Array.from(out.labels, (l) => (l === 1 ? 1 : 0)));
    const col = labelColumn(out.labels, DEFAULT_LABEL_SET);
    expect(col.dict).toEqual(['', 'benign', 'hping3', 'hydra', 'nmap', 'ping']);
  });
});

describe('LabelEngine: random edits give the labels of a full recompute', () => {
  const FILTERS = [
    '',
    '',
    'tcp.flags.syn == 1',
    'tcp.dstport == 80',
    'ip.src == 10.0.0.2',
    'tcp',
    '!tcp.port == 22',
    'frame.len > 63',
    'tcp.bogus == 1',
  ];

  function run(seed: number, steps: number, limits?: { maxDeltas: number; maxDeltaBytes: number }): Set<string> {
    const rand = seeded(seed);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
    const maskOf = cachedMaskOf(table);
    const engine = new LabelEngine(table, limits);
    let s: LabelState = INITIAL_LABEL_STATE;
    const history: LabelState[] = [];
    const modes = new Set<string>();
    let nextId = 1;
    const randomRule = (): LabelRule => {
      const a = Math.floor(rand() * 110) - 5;
      const b = a + Math.floor(rand() * 60);
      return rule(`r${nextId++}`, pick(s.set.classes).id, pick(FILTERS), rand() < 0.2 ? null : [a, b], rand() < 0.9);
    };
    for (let step = 0; step < steps; step++) {
      const op = rand();
      history.push(s);
      if (op < 0.4)
        s = { ...s, rules: [...s.rules, ...Array.from({ length: 1 + Math.floor(rand() * 3) }, randomRule)] };
      else if (op < 0.55 && s.rules.length > 0)
        s = { ...s, rules: s.rules.slice(0, s.rules.length - 1 - Math.floor(rand() * Math.min(3, s.rules.length))) };
      else if (op < 0.65 && s.rules.length > 0) {
        const i = Math.floor(rand() * s.rules.length);
        s = { ...s, rules: s.rules.map((r, k) => (k === i ? { ...r, enabled: !r.enabled } : r)) };
      } else if (op < 0.72 && s.rules.length > 0) {
        const i = Math.floor(rand() * s.rules.length);
        s = { ...s, rules: s.rules.filter((_, k) => k !== i) };
      } else if (op < 0.77 && s.set.classes.length > 2) s = withoutClass(s, pick(s.set.classes.slice(1)).id);
      else if (op < 0.82) s = { ...s, set: addClass(s.set, `extra${step}`) };
      else if (op < 0.87) {
        const names = ['hping3', 'suspicious', 'NMAP', 'benign'];
        s = {
          ...s,
          base:
            rand() < 0.3
              ? { kind: 'benign' }
              : {
                  kind: 'column',
                  column: 'attack',
                  map: Object.fromEntries(names.map((n) => [n, pick(s.set.classes).id])),
                },
        };
      } else if (op < 0.93 && history.length > 2)
        s = history[history.length - 1 - Math.floor(rand() * Math.min(5, history.length))]; // the store's undo/redo
      else if (s.rules.length > 0) {
        const i = s.rules.length - 1;
        s = { ...s, rules: s.rules.map((r, k) => (k === i ? { ...r, classId: pick(s.set.classes).id } : r)) };
      }
      modes.add(expectSame(engine, s, maskOf).mode);
    }
    return modes;
  }

  it.each([1, 2, 3, 4, 5, 6])('seed %i', (seed) => {
    expect(run(seed, 150)).toEqual(new Set(['full', 'incremental', 'undo']));
  });

  it('with tight memory limits, falling back to recomputes', () => {
    for (const seed of [11, 12, 13]) run(seed, 120, { maxDeltas: 2, maxDeltaBytes: 200 });
  });
});
