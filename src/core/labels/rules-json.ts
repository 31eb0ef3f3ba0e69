/**
 * A label state as a JSON file a person can read, diff and keep under version control: one class or rule
 * per line, times also written as UTC text. Importing checks everything and says exactly what is wrong and
 * where ("rules[3].classId 9 is not a class of this file"), since the file may have been edited by hand or
 * made for another capture.
 */
import { formatUtcIso } from '../ingest/parse-time.ts';
import type { FilterNode } from '../query/filter-ast.ts';
import { EITHER_END, type FilterSchema } from '../query/filter-fields.ts';
import { parseFilter } from '../query/filter-parser.ts';
import {
  BENIGN_ID,
  checkClassName,
  isColour,
  LabelSetError,
  MAX_CLASS_ID,
  type LabelClass,
  type LabelSet,
} from './label-set.ts';
import { RULE_SOURCES, type LabelBase, type LabelRule, type LabelState, type RuleSource } from './rules.ts';

export const RULES_FORMAT = 'nids-workbench.labels';
export const RULES_VERSION = 1;

export interface CaptureInfo {
  readonly fileName: string;
  readonly fingerprint: string;
  readonly rows: number;
}

export type RulesImport = { ok: true; state: LabelState; warnings: string[] } | { ok: false; message: string };

/** What the import knows of the capture it is for, beyond the filter names. */
export interface ImportTarget {
  /** The capture's own column names: filters and the base column must use these (not just any known field). */
  readonly columns?: readonly string[];
  /** The capture's fingerprint: a file made on another capture is imported with a warning. */
  readonly fingerprint?: string;
}

const line = (value: unknown): string => JSON.stringify(value);

function ruleJson(r: LabelRule): string {
  const range =
    r.range === null
      ? null
      : {
          fromUs: r.range.fromUs,
          toUs: r.range.toUs,
          from: formatUtcIso(r.range.fromUs),
          to: formatUtcIso(r.range.toUs),
        };
  return line({ id: r.id, classId: r.classId, filter: r.filter, range, enabled: r.enabled, source: r.source });
}

export function rulesToJson(state: LabelState, capture: CaptureInfo): string {
  const { set, base, rules } = state;
  const list = (items: string[]): string => (items.length === 0 ? '[]' : `[\n    ${items.join(',\n    ')}\n  ]`);
  const parts = [
    `"format": ${line(RULES_FORMAT)}`,
    `"version": ${RULES_VERSION}`,
    `"capture": ${line({ fileName: capture.fileName, fingerprint: capture.fingerprint, rows: capture.rows })}`,
    `"classes": ${list(set.classes.map((c) => line({ id: c.id, name: c.name, colour: c.colour })))}`,
    ...(set.nextId === undefined ? [] : [`"nextClassId": ${set.nextId}`]),
    `"base": ${line(base.kind === 'benign' ? { kind: 'benign' } : { kind: 'column', column: base.column, map: base.map })}`,
    `"rules": ${list(rules.map(ruleJson))}`,
  ];
  return `{\n  ${parts.join(',\n  ')}\n}\n`;
}

/** Thrown inside the reader with the message the user sees. */
class Invalid extends Error {}

function fail(message: string): never {
  throw new Invalid(message);
}

type Obj = Readonly<Record<string, unknown>>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function show(v: unknown): string {
  let s: string | undefined;
  try {
    s = JSON.stringify(v);
  } catch {
    // Nested deeper than JSON.stringify's stack (found by fuzzing): say what it is, not all that is in it.
    s = Array.isArray(v) ? '[...]' : '{...}';
  }
  return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function obj(v: unknown, where: string): Obj {
  if (!isObj(v)) fail(`${where} must be an object, not ${show(v)}`);
  return v;
}

function str(v: unknown, where: string): string {
  if (typeof v !== 'string') fail(`${where} must be text, not ${show(v)}`);
  return v;
}

function int(v: unknown, where: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) fail(`${where} must be a whole number, not ${show(v)}`);
  return v;
}

/** Warns of keys this version does not read, which would otherwise be dropped silently. */
function extraKeys(o: Obj, known: readonly string[], where: string, warnings: string[]): void {
  for (const k of Object.keys(o))
    if (!known.includes(k)) warnings.push(`${where}.${k} is not read by this version and was ignored`);
}

/**
 * Validates everything (types, class ids referenced exist, ranges numeric with from <= to, colours, filters
 * against `schema`) and says exactly what is wrong and where. With `target.columns`, a filter or base that
 * names a field the capture lacks fails, naming the rule and the field.
 */
export function rulesFromJson(text: string, schema: FilterSchema, target: ImportTarget = {}): RulesImport {
  const warnings: string[] = [];
  try {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      fail(`the file is not JSON (${e instanceof Error ? e.message : String(e)})`);
    }
    const top = obj(doc, 'the file');
    if (top.format !== RULES_FORMAT)
      fail(`this is not a labels file of this workbench: "format" is ${show(top.format)}, expected "${RULES_FORMAT}"`);
    const version = int(top.version, 'version');
    if (version > RULES_VERSION)
      fail(`the file is version ${version}, newer than this workbench reads (${RULES_VERSION})`);
    if (version < 1) fail(`version ${version} is not a version of this format`);
    extraKeys(top, ['format', 'version', 'capture', 'classes', 'nextClassId', 'base', 'rules'], 'the file', warnings);
    if (top.capture !== undefined) checkCapture(obj(top.capture, 'capture'), target, warnings);
    const set = readClasses(top.classes, top.nextClassId, warnings);
    const ids = new Set(set.classes.map((c) => c.id));
    const base = readBase(top.base, ids, schema, target);
    if (!Array.isArray(top.rules)) fail(`rules must be a list, not ${show(top.rules)}`);
    const seen = new Map<string, number>();
    const rules = top.rules.map((r, i) => readRule(r, `rules[${i}]`, ids, seen, schema, target, warnings));
    return { ok: true, state: { set, base, rules }, warnings };
  } catch (e) {
    if (e instanceof Invalid) return { ok: false, message: e.message };
    throw e;
  }
}

function checkCapture(c: Obj, target: ImportTarget, warnings: string[]): void {
  const fp = c.fingerprint;
  if (target.fingerprint === undefined || typeof fp !== 'string' || fp === '' || fp === target.fingerprint) return;
  const name = typeof c.fileName === 'string' && c.fileName !== '' ? `'${c.fileName}'` : 'another capture';
  const rows = typeof c.rows === 'number' ? ` (${c.rows.toLocaleString('en-US')} packets)` : '';
  warnings.push(
    `the rules were made on ${name}${rows}, not on this capture: check that their time ranges still cover the right packets`,
  );
}

function readClasses(value: unknown, nextValue: unknown, warnings: string[]): LabelSet {
  if (!Array.isArray(value) || value.length === 0) fail(`classes must be a non-empty list, not ${show(value)}`);
  const classes: LabelClass[] = [];
  const at = new Map<number, number>();
  value.forEach((v, i) => {
    const where = `classes[${i}]`;
    const c = obj(v, where);
    extraKeys(c, ['id', 'name', 'colour'], where, warnings);
    const id = int(c.id, `${where}.id`);
    if (id < 0 || id > MAX_CLASS_ID) fail(`${where}.id ${id} is outside 0..${MAX_CLASS_ID}`);
    const before = at.get(id);
    if (before !== undefined) fail(`${where}.id ${id} repeats classes[${before}].id`);
    at.set(id, i);
    const rawName = str(c.name, `${where}.name`);
    let name: string;
    try {
      name = checkClassName({ classes }, rawName);
    } catch (e) {
      if (e instanceof LabelSetError) fail(`${where}.name ${show(rawName)}: ${e.message}`);
      throw e;
    }
    const colour = str(c.colour, `${where}.colour`);
    if (!isColour(colour)) fail(`${where}.colour ${show(colour)} is not a colour written as #rrggbb`);
    if (i === 0 && (id !== BENIGN_ID || name.toLowerCase() !== 'benign'))
      fail(`classes[0] must be benign with id 0, not ${show(name)} with id ${id}`);
    if (i > 0 && id === BENIGN_ID) fail(`${where}.id 0 is benign's, which must come first`);
    classes.push({ id, name, colour: colour.toLowerCase() });
  });
  let maxId = 0;
  for (const c of classes) maxId = Math.max(maxId, c.id);
  if (nextValue === undefined) return { classes, nextId: maxId + 1 };
  const nextId = int(nextValue, 'nextClassId');
  if (nextId <= maxId || nextId > MAX_CLASS_ID + 1)
    fail(`nextClassId ${nextId} must be above every class id (${maxId}) and at most ${MAX_CLASS_ID + 1}`);
  return { classes, nextId };
}

function classRef(v: unknown, where: string, ids: ReadonlySet<number>): number {
  const id = int(v, where);
  if (!ids.has(id)) fail(`${where} ${id} is not a class of this file`);
  return id;
}

function readBase(value: unknown, ids: ReadonlySet<number>, schema: FilterSchema, target: ImportTarget): LabelBase {
  const b = obj(value, 'base');
  if (b.kind === 'benign') return { kind: 'benign' };
  if (b.kind !== 'column') fail(`base.kind must be "benign" or "column", not ${show(b.kind)}`);
  const column = str(b.column, 'base.column');
  const known = target.columns ? target.columns.includes(column) : schema.names.get(column)?.kind === 'field';
  if (!known) fail(`base.column ${show(column)} is not a column of this capture`);
  const m = obj(b.map, 'base.map');
  const map: Record<string, number> = {};
  for (const [k, v] of Object.entries(m)) map[k] = classRef(v, `base.map[${show(k)}]`, ids);
  return { kind: 'column', column, map };
}

function readRule(
  value: unknown,
  where: string,
  ids: ReadonlySet<number>,
  seen: Map<string, number>,
  schema: FilterSchema,
  target: ImportTarget,
  warnings: string[],
): LabelRule {
  const r = obj(value, where);
  extraKeys(r, ['id', 'classId', 'filter', 'range', 'enabled', 'source'], where, warnings);
  const id = str(r.id, `${where}.id`);
  if (id === '') fail(`${where}.id is empty`);
  const before = seen.get(id);
  if (before !== undefined) fail(`${where}.id ${show(id)} repeats rules[${before}].id`);
  seen.set(id, seen.size);
  const classId = classRef(r.classId, `${where}.classId`, ids);
  const filter = str(r.filter, `${where}.filter`);
  if (filter.trim() !== '') checkFilter(filter, `${where}.filter`, schema, target);
  const range = r.range === null ? null : readRange(r.range, `${where}.range`, warnings);
  if (typeof r.enabled !== 'boolean') fail(`${where}.enabled must be true or false, not ${show(r.enabled)}`);
  const source = r.source;
  if (!RULE_SOURCES.includes(source as RuleSource))
    fail(`${where}.source must be one of ${RULE_SOURCES.join(', ')}, not ${show(source)}`);
  return { id, classId, filter, range, enabled: r.enabled, source: source as RuleSource };
}

function readRange(value: unknown, where: string, warnings: string[]): { fromUs: number; toUs: number } {
  const g = obj(value, where);
  extraKeys(g, ['fromUs', 'toUs', 'from', 'to'], where, warnings);
  const time = (k: 'fromUs' | 'toUs'): number => {
    const v = g[k];
    if (typeof v !== 'number' || !Number.isFinite(v))
      fail(`${where}.${k} must be a number (microseconds since 1970), not ${show(v)}`);
    return v;
  };
  const fromUs = time('fromUs');
  const toUs = time('toUs');
  if (fromUs > toUs) fail(`${where}: fromUs ${fromUs} is after toUs ${toUs}`);
  // The UTC text is there to be read; an edit to it alone would be silently ignored, so it must agree.
  for (const [k, us] of [
    ['from', fromUs],
    ['to', toUs],
  ] as const) {
    const t = g[k];
    if (t !== undefined && t !== formatUtcIso(us)) {
      fail(`${where}.${k} ${show(t)} does not match ${k}Us ${us} (${formatUtcIso(us)}): edit ${k}Us, or delete ${k}`);
    }
  }
  return { fromUs, toUs };
}

function checkFilter(filter: string, where: string, schema: FilterSchema, target: ImportTarget): void {
  const parsed = parseFilter(filter, schema);
  if (!parsed.ok) fail(`${where} ${show(filter)}: ${parsed.error.message} (at character ${parsed.error.position + 1})`);
  const columns = target.columns;
  if (!columns) return;
  for (const name of fieldNames(parsed.value)) {
    if (schema.names.get(name)?.kind !== 'field') continue; // protocols: present or not, never unknown
    const wanted = EITHER_END[name]?.columns ?? [name];
    if (!wanted.some((c) => columns.includes(c)))
      fail(`${where} ${show(filter)} uses the field ${name}, which this capture does not have`);
  }
}

/** The field and protocol names a filter reads. */
function fieldNames(n: FilterNode): string[] {
  switch (n.kind) {
    case 'and':
    case 'or':
      return n.terms.flatMap(fieldNames);
    case 'not':
      return fieldNames(n.operand);
    default:
      return [n.field.name];
  }
}
