/**
 * What a researcher says about a capture ("I ran hping3 from 12:05 to 12:07"), as data: where labels start
 * (the base) and an ordered list of rules, each giving a class to the packets of a time range that match a
 * display filter. Later rules override earlier ones, so a broad rule can be refined by a narrow one after it.
 */
import type { TimeRange } from '../query/bins-range.ts';
import { BENIGN_ID, DEFAULT_LABEL_SET, removeClass, type LabelSet } from './label-set.ts';

export type { TimeRange } from '../query/bins-range.ts';

export type RuleSource = 'brush' | 'filter' | 'conversation' | 'import';
export const RULE_SOURCES: readonly RuleSource[] = ['brush', 'filter', 'conversation', 'import'];

export interface LabelRule {
  readonly id: string;
  readonly classId: number;
  /** Display filter text, '' = every packet. */
  readonly filter: string;
  /** Half-open; null = the whole capture. */
  readonly range: TimeRange | null;
  readonly enabled: boolean;
  readonly source: RuleSource;
}

/** Where labels start before rules: all benign, or a column of the file mapped value -> class id (unmapped values and missing cells -> benign). */
export type LabelBase =
  | { readonly kind: 'benign' }
  | { readonly kind: 'column'; readonly column: string; readonly map: Readonly<Record<string, number>> };

export interface LabelState {
  readonly set: LabelSet;
  readonly base: LabelBase;
  readonly rules: readonly LabelRule[];
}

export const BENIGN_BASE: LabelBase = { kind: 'benign' };

export const INITIAL_LABEL_STATE: LabelState = { set: DEFAULT_LABEL_SET, base: BENIGN_BASE, rules: [] };

/** What removing a class does to the state: its rules are dropped and base mappings to it become benign. */
export function withoutClass(state: LabelState, id: number): LabelState {
  const set = removeClass(state.set, id);
  const rules = state.rules.filter((r) => r.classId !== id);
  let base = state.base;
  if (base.kind === 'column' && Object.values(base.map).includes(id)) {
    const map: Record<string, number> = {};
    for (const [k, v] of Object.entries(base.map)) map[k] = v === id ? BENIGN_ID : v;
    base = { kind: 'column', column: base.column, map };
  }
  return { set, base, rules };
}

/** Values of ground-truth columns that mean "not an attack". */
const BENIGN_WORDS: ReadonlySet<string> = new Set(['benign', 'normal', '']);

/**
 * Suggested base map for a column's distinct values: a value equal (case-insensitive) to a class name maps
 * to it; 'benign'/'normal'/'' -> 0; any other value (e.g. 'suspicious') -> undefined (the UI asks the user).
 */
export function suggestColumnMap(set: LabelSet, values: readonly string[]): Record<string, number | undefined> {
  const byName = new Map(set.classes.map((c) => [c.name.toLowerCase(), c.id]));
  const out: Record<string, number | undefined> = {};
  for (const v of values) {
    const key = v.trim().toLowerCase();
    out[v] = byName.get(key) ?? (BENIGN_WORDS.has(key) ? BENIGN_ID : undefined);
  }
  return out;
}

/** A rule id not used by `rules` ('r1', 'r2', ...), for rules made by the UI or an import. */
export function nextRuleId(rules: readonly LabelRule[]): string {
  const used = new Set(rules.map((r) => r.id));
  let n = rules.length + 1;
  while (used.has(`r${n}`)) n++;
  return `r${n}`;
}

/** Whether two rules give the same labels (ids and sources aside). */
export function sameEffect(a: LabelRule, b: LabelRule): boolean {
  return a.classId === b.classId && a.filter === b.filter && a.enabled === b.enabled && sameRange(a.range, b.range);
}

export function sameRange(a: TimeRange | null, b: TimeRange | null): boolean {
  return a === b || (a !== null && b !== null && a.fromUs === b.fromUs && a.toUs === b.toUs);
}

export function sameBase(a: LabelBase, b: LabelBase): boolean {
  if (a === b) return true;
  if (a.kind === 'benign' || b.kind === 'benign') return a.kind === b.kind;
  if (a.column !== b.column) return false;
  const ka = Object.keys(a.map);
  if (ka.length !== Object.keys(b.map).length) return false;
  return ka.every((k) => Object.hasOwn(b.map, k) && b.map[k] === a.map[k]);
}
