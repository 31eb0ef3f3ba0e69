/**
 * The users' CSV written from a capture's columns, as tshark's `-T fields -E header=y -E separator=,
 * -E quote=d -E occurrence=f` writes the users' fields: names unquoted in the header, each non-empty value
 * in double quotes (inner quotes left as they are, as tshark leaves them), an empty value bare, LF.
 */
import { knownField, type FieldType } from '../field-catalogue.ts';
import type { PartialColumn } from '../partial-table.ts';
import type { CaptureRows } from './capture-columns.ts';
import { cellText } from './cell-text.ts';
import { formatFrameTime, type ZoneFormatter } from './frame-time.ts';
import { USERS_FIELDS } from './users-layout.ts';

export const CSV_HEADER_LINE = USERS_FIELDS.join(',') + '\n';

const TYPES: readonly FieldType[] = USERS_FIELDS.map((n) => knownField(n)?.type ?? 'string');

/** Texts of an integer column's values kept for reuse (ports, flags, lengths repeat). */
const CACHED_VALUES = 4096;

/** The rows as CSV lines (no header), in the order they were dissected. */
export function csvLines(rows: CaptureRows, zone: ZoneFormatter): string {
  const { partial, rawTimes } = rows;
  const cols = partial.columns;
  const quotedDicts = cols.map((c) => (c.kind === 'string' ? c.dict.map((v) => (v === '' ? '' : `"${v}"`)) : null));
  const texts = cols.map(() => new Map<number, string>());
  const out: string[] = [];
  const cells = new Array<string>(cols.length);
  for (let r = 0; r < partial.rows; r++) {
    const sec = rawTimes ? rawTimes.sec[r] : Math.floor(partial.timeUs[r] / 1e6);
    const nsec = rawTimes ? rawTimes.nsec[r] : (partial.timeUs[r] - sec * 1e6) * 1000 + partial.timeNs[r];
    for (let c = 0; c < cols.length; c++) cells[c] = cell(cols[c], TYPES[c], r, quotedDicts[c], texts[c], zone, sec, nsec);
    out.push(cells.join(','));
  }
  return out.length ? out.join('\n') + '\n' : '';
}

function cell(
  col: PartialColumn, type: FieldType, r: number, quoted: string[] | null, texts: Map<number, string>, zone: ZoneFormatter, sec: number, nsec: number,
): string {
  switch (col.kind) {
    case 'int': {
      if ((col.present[r >>> 3] & (1 << (r & 7))) === 0) return '';
      const v = col.values[r];
      let text = texts.get(v);
      if (text === undefined) {
        text = `"${cellText(type, v)}"`;
        if (texts.size < CACHED_VALUES) texts.set(v, text);
      }
      return text;
    }
    case 'string':
      return (quoted as string[])[col.codes[r]];
    case 'time':
      return type === 'epoch' ? `"${sec}.${String(nsec).padStart(9, '0')}"` : `"${formatFrameTime(zone, sec, nsec)}"`;
    default:
      return '';
  }
}
