/**
 * Reads the header line of a tshark CSV into a column plan: which field each column is, how it is parsed,
 * and where the time comes from. Refuses files that cannot be a packet CSV before any row is parsed.
 */
import { COMMA, fieldText, makeFieldRanges, SEMICOLON, splitLine, TAB } from './csv-tokenizer.ts';
import { knownField, TIME_FIELDS, type FieldType } from './field-catalogue.ts';
import { looksLikePacketRow } from './header-less.ts';

export interface ColumnPlan {
  readonly index: number;
  readonly name: string;
  readonly type: FieldType;
  readonly known: boolean;
}

export interface HeaderPlan {
  readonly columns: readonly ColumnPlan[];
  /** The header line's bytes (no BOM, no line break), to recognise it again mid-file. */
  readonly headerBytes: Uint8Array;
  /** Column index of frame.time_epoch / frame.time, or -1. */
  readonly epochIndex: number;
  readonly timeTextIndex: number;
  readonly timeField: string;
  /** The byte between fields: a comma, a tab (tshark's default output) or a semicolon (a spreadsheet's). */
  readonly separator: number;
}

export type HeaderResult =
  | { readonly ok: true; readonly plan: HeaderPlan }
  | { readonly ok: false; readonly error: string };

export const MAX_COLUMNS = 4096;

/** Plans the columns of the header line b[s..e) (without its line break). */
export function planFromHeader(b: Uint8Array, s: number, e: number): HeaderResult {
  if (e - s >= 3 && b[s] === 0xef && b[s + 1] === 0xbb && b[s + 2] === 0xbf) s += 3;
  if (e > s && b[e - 1] === 0x0d) e--;
  // Its names are the file's only map of the columns: a damaged header cannot be read around, unlike a row.
  if (b.subarray(s, e).indexOf(0) >= 0) {
    const error = 'The header line holds NUL bytes: the file is damaged at its start, so its columns cannot be named.';
    return { ok: false, error };
  }
  const separator = sniffSeparator(b, s, e);
  const ranges = makeFieldRanges(MAX_COLUMNS);
  const n = splitLine(b, s, e, ranges, separator);
  if (n > MAX_COLUMNS)
    return { ok: false, error: `The header has more than ${MAX_COLUMNS} columns: this is not a tshark CSV` };
  const seen = new Set<string>();
  const columns: ColumnPlan[] = [];
  for (let i = 0; i < n; i++) {
    let name = fieldText(b, ranges.starts[i], ranges.ends[i], ranges.flags[i]).trim();
    if (name === '') name = `column ${i + 1}`;
    if (seen.has(name)) name = `${name} (${i + 1})`;
    seen.add(name);
    const spec = knownField(name);
    columns.push({ index: i, name, type: spec?.type ?? 'string', known: spec !== undefined });
  }
  if (!columns.some((c) => c.known)) {
    if (looksLikePacketRow(columns.map((c) => c.name))) return { ok: false, error: noHeaderError(separator) };
    const shown = columns
      .slice(0, 5)
      .map((c) => JSON.stringify(c.name.slice(0, 40)))
      .join(', ');
    return {
      ok: false,
      error:
        `The header has no known tshark field (it starts ${shown}). Export with ` +
        '`tshark -r CAPTURE -T fields -E header=y -E separator=, -E quote=d -e frame.time_epoch -e ...`.',
    };
  }
  const epochIndex = columns.findIndex((c) => c.name === TIME_FIELDS[0]);
  const timeTextIndex = columns.findIndex((c) => c.name === TIME_FIELDS[1]);
  if (epochIndex < 0 && timeTextIndex < 0) {
    return { ok: false, error: 'The file has no time column: its header has neither frame.time_epoch nor frame.time.' };
  }
  return {
    ok: true,
    plan: {
      columns,
      headerBytes: b.slice(s, e),
      epochIndex,
      timeTextIndex,
      timeField: epochIndex >= 0 ? TIME_FIELDS[0] : TIME_FIELDS[1],
      separator,
    },
  };
}

/**
 * The separator of the header line b[s..e): tshark's field names hold none of these, so the one found outside
 * quotes is it (a tab before a semicolon before a comma; a one-column header is comma-separated).
 */
export function sniffSeparator(b: Uint8Array, s: number, e: number): number {
  let tabs = 0;
  let semicolons = 0;
  let commas = 0;
  let quoted = false;
  for (let i = s; i < e; i++) {
    const c = b[i];
    if (c === 0x22) quoted = !quoted;
    else if (quoted) continue;
    else if (c === TAB) tabs++;
    else if (c === SEMICOLON) semicolons++;
    else if (c === COMMA) commas++;
  }
  if (tabs > 0) return TAB;
  return semicolons > commas ? SEMICOLON : COMMA;
}

/**
 * A file without a header cannot be read: its columns are only known by the `-e` list of the command that
 * wrote it, and tshark writes no header line unless asked. Guessing the users' layout from the field count
 * would put values under the wrong names without a word, so the message says how to export it again.
 */
function noHeaderError(separator: number): string {
  const how = separator === TAB ? " (tshark's default output is tab-separated with no header)" : '';
  return (
    'The first line is a packet row, not a header: the file has no header line' +
    how +
    ', so its columns ' +
    'cannot be named. Export it again with `-E header=y`, e.g. ' +
    '`tshark -r CAPTURE -T fields -E header=y -E separator=, -E quote=d -e frame.time_epoch -e ...`.'
  );
}
