/**
 * Splits one CSV line (bytes, no line break) into field ranges, without making strings.
 *
 * tshark quotes every non-empty value and does not escape quotes inside values, so a free-text field such
 * as http.user_agent can hold a bare `"`. The rule here: a quoted field ends at the first `"` that is
 * followed by a comma or the end of the line. A doubled `""` inside quotes (RFC 4180, as pandas writes) is
 * kept and flagged so the caller can unescape it. Lines never span a line break: tshark writes none inside
 * fields, and that is what lets the file be cut into chunks at any newline and parsed in parallel.
 *
 * The separator is the header's (csv-header.ts): a comma, a tab (tshark's default output, unquoted, where a
 * field's several occurrences are joined by commas, so a comma is text there) or a semicolon (spreadsheets in
 * European locales). An unquoted tab-separated value may itself start with `"`: when no closing quote ends
 * it, it is read as plain text up to the next tab, not as an unterminated quote.
 */

const QUOTE = 0x22;
export const COMMA = 0x2c;
export const TAB = 0x09;
export const SEMICOLON = 0x3b;

/** Per-field flags written by splitLine. */
export const FIELD_PLAIN = 0;
/** Contains `""` pairs that stand for one quote. */
export const FIELD_ESCAPED = 1;
/** Opening quote with no closing one before the end of the line. */
export const FIELD_UNTERMINATED = 2;

export interface FieldRanges {
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly flags: Uint8Array;
}

export function makeFieldRanges(maxFields: number): FieldRanges {
  return { starts: new Int32Array(maxFields), ends: new Int32Array(maxFields), flags: new Uint8Array(maxFields) };
}

/**
 * Fills `out` with the inner range of each field of b[s..e) and returns the number of fields. Stops counting
 * at capacity + 1 (more fields than the header can hold).
 */
export function splitLine(b: Uint8Array, s: number, e: number, out: FieldRanges, sep = COMMA): number {
  const { starts, ends, flags } = out;
  const cap = starts.length;
  let n = 0;
  let i = s;
  for (;;) {
    if (n === cap) return cap + 1;
    if (i < e && b[i] === QUOTE) {
      let j = i + 1;
      let flag = FIELD_PLAIN;
      for (;;) {
        while (j < e && b[j] !== QUOTE) j++;
        if (j >= e) {
          if (sep === TAB) {
            j = -1;
            break;
          }
          starts[n] = i + 1;
          ends[n] = e;
          flags[n] = FIELD_UNTERMINATED;
          return n + 1;
        }
        const next = j + 1;
        if (next === e || b[next] === sep) break;
        if (b[next] === QUOTE) {
          flag = FIELD_ESCAPED;
          j = next + 1;
        } else {
          j = next;
        }
      }
      if (j >= 0) {
        starts[n] = i + 1;
        ends[n] = j;
        flags[n] = flag;
        n++;
        if (j + 1 >= e) return n;
        i = j + 2;
        continue;
      }
    }
    let j = i;
    while (j < e && b[j] !== sep) j++;
    starts[n] = i;
    ends[n] = j;
    flags[n] = FIELD_PLAIN;
    n++;
    if (j >= e) return n;
    i = j + 1;
  }
}

const textDecoder = new TextDecoder('utf-8');

/** The text of a field, with `""` turned into `"` when flagged escaped. */
export function fieldText(b: Uint8Array, s: number, e: number, flag: number): string {
  const text = textDecoder.decode(b.subarray(s, e));
  return flag === FIELD_ESCAPED ? text.replaceAll('""', '"') : text;
}
