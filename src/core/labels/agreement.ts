/**
 * The user's labels against a ground-truth column of the file (e.g. `attack`, `alert`): a confusion matrix
 * of class by truth value, counted with typed arrays (truth values are grouped once, as breakdowns do).
 */
import { groupRows } from '../query/breakdown-groups.ts';
import { findColumn, type PacketTable } from '../table/packet-table.ts';
import type { LabelSet } from './label-set.ts';

export interface Agreement {
  readonly truthValues: readonly string[];
  readonly classIds: readonly number[];
  /** [classIndex][truthIndex] packets. */
  readonly matrix: readonly (readonly number[])[];
  readonly agreeing: number;
  readonly total: number;
}

export const MISSING_TRUTH = '(missing)';

/** Truth values that mean "benign" to a class of that name, and the other way round. */
const SYNONYMS: Readonly<Record<string, string>> = { normal: 'benign' };

function canonical(name: string): string {
  const k = name.trim().toLowerCase();
  return SYNONYMS[k] ?? k;
}

/** Per row, a truth group in [0, groupCount) (groupCount itself = missing), and each group's text. */
function truthGroups(
  table: PacketTable,
  column: string,
): {
  ids: Int32Array | Uint8Array | Uint16Array | Uint32Array;
  offset: number;
  count: number;
  text: (g: number) => string;
} {
  const c = findColumn(table, column);
  const n = table.rowCount;
  if (c?.kind === 'string') {
    // Codes as they are: code 0 (missing) becomes the last group below.
    return { ids: c.codes, offset: -1, count: c.dict.length - 1, text: (g) => c.dict[g + 1] };
  }
  const groups = groupRows(table, column, { start: 0, end: n }, null);
  return { ids: groups.ids, offset: 0, count: groups.groupCount, text: groups.label };
}

/**
 * Rows are the classes with packets (in the set's order), columns the truth values with packets, most
 * packets first (missing -> '(missing)', last); `agreeing` counts rows whose class name equals the truth
 * value case-insensitively, with 'benign' also equal to 'normal'.
 */
export function agreement(table: PacketTable, labels: Uint8Array, set: LabelSet, truthColumn: string): Agreement {
  const n = table.rowCount;
  const { ids, offset, count, text } = truthGroups(table, truthColumn);
  const perClass = new Float64Array(256);
  for (let r = 0; r < n; r++) perClass[labels[r]]++;
  const order = set.classes.map((c) => c.id).filter((id) => perClass[id] > 0);
  // Labels outside the set (none, if the engine made them) still count, after the set's classes.
  for (let id = 0; id < 256; id++) if (perClass[id] > 0 && !order.includes(id)) order.push(id);
  const classIndex = new Int32Array(256).fill(-1);
  order.forEach((id, i) => {
    classIndex[id] = i;
  });
  const width = count + 1; // the last column is missing
  const cells = new Float64Array(order.length * width);
  for (let r = 0; r < n; r++) {
    let g = ids[r] + offset;
    if (g < 0) g = count;
    cells[classIndex[labels[r]] * width + g]++;
  }
  const perTruth = new Float64Array(width);
  for (let i = 0; i < order.length; i++) for (let g = 0; g < width; g++) perTruth[g] += cells[i * width + g];
  const shown: number[] = [];
  for (let g = 0; g < count; g++) if (perTruth[g] > 0) shown.push(g);
  shown.sort((a, b) => perTruth[b] - perTruth[a] || (text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0));
  if (perTruth[count] > 0) shown.push(count);
  const truthValues = shown.map((g) => (g === count ? MISSING_TRUTH : text(g)));
  const names = order.map((id) => canonical(set.classes.find((c) => c.id === id)?.name ?? `(class ${id})`));
  let agreeing = 0;
  const matrix = order.map((_, i) =>
    shown.map((g, j) => {
      const v = cells[i * width + g];
      if (g !== count && names[i] === canonical(truthValues[j])) agreeing += v;
      return v;
    }),
  );
  return { truthValues, classIds: order, matrix, agreeing, total: n };
}
