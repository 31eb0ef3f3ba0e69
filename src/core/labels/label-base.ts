/**
 * The labels before any rule: all benign, or a column of the file (a tool's `alert`, a dataset's `attack`)
 * read through a value -> class map. Mapping is done once per distinct value, never per row text.
 */
import { findColumn, type PacketTable } from '../table/packet-table.ts';
import { groupRows } from '../query/breakdown-groups.ts';
import { BENIGN_ID, MAX_CLASS_ID, type LabelSet } from './label-set.ts';
import type { LabelBase } from './rules.ts';

/** valid[id] = 1 when the set has a class with that id (ids 0..255, so any byte indexes it). */
export function validClassIds(set: LabelSet): Uint8Array {
  const valid = new Uint8Array(256);
  for (const c of set.classes) if (Number.isInteger(c.id) && c.id >= 0 && c.id <= MAX_CLASS_ID) valid[c.id] = 1;
  return valid;
}

/** The class a mapped value gives: benign when unmapped or mapped to a class the set lacks. */
function classOf(map: Readonly<Record<string, number>>, value: string, valid: Uint8Array): number {
  if (!Object.hasOwn(map, value)) return BENIGN_ID; // not `map[value]`: '__proto__' or 'constructor' are values too
  const id = map[value];
  return Number.isInteger(id) && id >= 0 && id <= MAX_CLASS_ID && valid[id] ? id : BENIGN_ID;
}

/** Writes the base labels of every row into `out`. */
export function fillBase(table: PacketTable, base: LabelBase, valid: Uint8Array, out: Uint8Array): void {
  const n = table.rowCount;
  out.fill(BENIGN_ID, 0, n);
  if (base.kind === 'benign') return;
  const c = findColumn(table, base.column);
  if (!c || c.kind === 'time') return;
  if (c.kind === 'string') {
    const lut = new Uint8Array(c.dict.length);
    for (let code = 1; code < c.dict.length; code++) lut[code] = classOf(base.map, c.dict[code], valid);
    const codes = c.codes;
    for (let r = 0; r < n; r++) out[r] = lut[codes[r]];
    return;
  }
  // Numbers: group rows by value once (as breakdowns do) and map each group's text.
  const groups = groupRows(table, base.column, { start: 0, end: n }, null);
  const lut = new Uint8Array(groups.groupCount);
  for (let g = 0; g < groups.groupCount; g++) lut[g] = classOf(base.map, groups.label(g), valid);
  const ids = groups.ids;
  for (let r = 0; r < n; r++) {
    const g = ids[r];
    out[r] = g >= 0 ? lut[g] : BENIGN_ID;
  }
}
