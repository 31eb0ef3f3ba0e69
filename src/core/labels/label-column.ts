/**
 * The labels as a column of the table, so that everything that reads columns (display filters such as
 * `label == "hping3"`, chart splits, breakdowns, exports) sees them like any field of the file.
 */
import type { StringColumn } from '../table/packet-table.ts';
import type { LabelSet } from './label-set.ts';

export const LABEL_COLUMN = 'label';

/**
 * The label column as a dictionary-coded string column named 'label': dict ['', name by id...], so code =
 * class id + 1 and a byte per row suffices (ids stop at 254). Ids the set lacks (removed classes, which no
 * row should carry) get a placeholder name rather than '' so they never read as missing.
 */
export function labelColumn(labels: Uint8Array, set: LabelSet): StringColumn {
  const codes = new Uint8Array(labels.length);
  let top = 0;
  for (let r = 0; r < labels.length; r++) {
    const id = labels[r];
    codes[r] = id + 1; // 255 + 1 wraps to 0 (missing), but ids stop at 254
    if (id > top) top = id;
  }
  for (const c of set.classes) if (c.id > top) top = c.id;
  const dict: string[] = [''];
  for (let id = 0; id <= top; id++) dict.push(`(class ${id})`);
  for (const c of set.classes) dict[c.id + 1] = c.name;
  return { kind: 'string', name: LABEL_COLUMN, type: 'string', codes, dict };
}
