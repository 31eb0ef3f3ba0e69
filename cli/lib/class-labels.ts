/**
 * Row classes from a file's label column (lab-a's `attack`): benign/normal/empty are benign (class 0), every
 * other value is its own class, sorted by name so one file always gives one numbering.
 */
import { findColumn, isPresent, type PacketTable } from '../../src/core/table/packet-table.ts';

const BENIGN_VALUES = new Set(['', 'benign', 'normal']);

export const isBenignValue = (v: string): boolean => BENIGN_VALUES.has(v.trim().toLowerCase());

/** The text of each row of `column` ('' when missing). */
export function columnTexts(table: PacketTable, column: string): { values: string[]; codes: Uint32Array } {
  const c = findColumn(table, column);
  if (!c) throw new Error(`the file has no column "${column}"`);
  const codes = new Uint32Array(table.rowCount);
  if (c.kind === 'string') {
    codes.set(c.codes);
    return { values: [...c.dict], codes };
  }
  if (c.kind === 'int') {
    const values: string[] = [''];
    const index = new Map<number, number>();
    for (let r = 0; r < table.rowCount; r++) {
      if (!isPresent(c.present, r)) continue;
      const v = c.values[r];
      let k = index.get(v);
      if (k === undefined) {
        k = values.length;
        index.set(v, k);
        values.push(String(v));
      }
      codes[r] = k;
    }
    return { values, codes };
  }
  throw new Error(`column "${column}" holds ${c.kind} values, not class names`);
}

/** Classes found in the column (benign first) and each row's class. */
export function classesFromColumn(table: PacketTable, column: string): { classes: string[]; rowLabels: Uint8Array } {
  const { values, codes } = columnTexts(table, column);
  const used = new Set<number>(codes);
  const names = [...new Set([...used].map((k) => values[k].trim()).filter((v) => !isBenignValue(v)))].sort();
  const classes = ['benign', ...names];
  if (classes.length > 255)
    throw new Error(`column "${column}" has ${classes.length} distinct values; at most 255 classes`);
  return { classes, rowLabels: labelsFor(values, codes, classes, null) };
}

/**
 * Each row's class in a given numbering (a model's). Values the numbering lacks get classes appended after
 * it (returned in `extra`), so an evaluation can show them instead of silently calling them benign.
 */
export function labelsInClasses(
  table: PacketTable,
  column: string,
  classes: readonly string[],
): { rowLabels: Uint8Array; extra: string[] } {
  const { values, codes } = columnTexts(table, column);
  const extra: string[] = [];
  return { rowLabels: labelsFor(values, codes, classes, extra), extra };
}

function labelsFor(
  values: readonly string[],
  codes: Uint32Array,
  classes: readonly string[],
  extra: string[] | null,
): Uint8Array {
  const index = new Map(classes.map((c, i) => [c, i]));
  const byCode = values.map((raw) => {
    const v = raw.trim();
    if (isBenignValue(v)) return 0;
    let k = index.get(v);
    if (k === undefined && extra) {
      k = classes.length + extra.length;
      extra.push(v);
      index.set(v, k);
    }
    return k ?? 0;
  });
  return Uint8Array.from(codes, (k) => byCode[k]);
}
