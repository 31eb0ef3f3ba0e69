/**
 * Splits a display filter into tokens.
 *
 * Like Wireshark's scanner, unquoted text is one kind of token (a "word"): `tcp.port`, `80`, `0x1a`,
 * `10.0.0.0/8`, `ff:ff:ff:ff:ff:ff`, `fe80::1` and `and` all lex alike, and the parser decides what a word
 * means from where it stands and which field it is compared with. A word stops at `..` so that ranges such
 * as `8000..8100` need no spaces.
 */

export const PUNCT = [
  '==',
  '===',
  '!=',
  '!==',
  '~=',
  '<',
  '<=',
  '>',
  '>=',
  '&&',
  '||',
  '!',
  '(',
  ')',
  '{',
  '}',
  ',',
  '..',
  '~',
  '&',
] as const;
export type Punct = (typeof PUNCT)[number];

export type Token =
  | { readonly kind: 'word'; readonly text: string; readonly start: number; readonly end: number }
  | {
      readonly kind: 'string';
      readonly text: string;
      readonly value: string;
      readonly start: number;
      readonly end: number;
    }
  | { readonly kind: 'punct'; readonly text: Punct; readonly start: number; readonly end: number }
  | { readonly kind: 'end'; readonly text: ''; readonly start: number; readonly end: number };

export interface FilterError {
  readonly message: string;
  /** 0-based index into the filter text. */
  readonly position: number;
  /** What would have been accepted here, in words ("a value", "')'"). */
  readonly expected?: string;
}

export type LexResult =
  | { readonly ok: true; readonly value: Token[] }
  | { readonly ok: false; readonly error: FilterError };

const WORD_CHAR = /[A-Za-z0-9_.:/-]/;

// Longest first, so '===' is not read as '==' '='.
const PUNCT_BY_LENGTH = [...PUNCT].sort((a, b) => b.length - a.length);

const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '0': '\0',
  '\\': '\\',
  '"': '"',
  "'": "'",
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
};

export function lexFilter(text: string): LexResult {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    // r"..." is Wireshark's raw string: backslashes stay, which is what regular expressions want.
    const raw = (c === 'r' || c === 'R') && text[i + 1] === '"';
    if (c === '"' || raw) {
      const s = readString(text, raw ? i + 1 : i, raw);
      if (!s.ok) return s;
      out.push({ kind: 'string', text: text.slice(i, s.end), value: s.value, start: i, end: s.end });
      i = s.end;
      continue;
    }
    if (WORD_CHAR.test(c) && !(c === '.' && text[i + 1] === '.')) {
      let j = i + 1;
      while (j < text.length && WORD_CHAR.test(text[j]) && !(text[j] === '.' && text[j + 1] === '.')) j++;
      out.push({ kind: 'word', text: text.slice(i, j), start: i, end: j });
      i = j;
      continue;
    }
    const p = PUNCT_BY_LENGTH.find((q) => text.startsWith(q, i));
    if (p) {
      out.push({ kind: 'punct', text: p, start: i, end: i + p.length });
      i += p.length;
      continue;
    }
    if (c === '=') return fail(`unexpected '='; use '==' to compare`, i, "'=='");
    if (c === '|') return fail(`unexpected '|'; use '||' or 'or'`, i, "'||'");
    if (c === "'") return fail(`use double quotes for text: "..."`, i, 'a double-quoted string');
    return fail(`unexpected character '${c}'`, i);
  }
  out.push({ kind: 'end', text: '', start: text.length, end: text.length });
  return { ok: true, value: out };
}

function fail(message: string, position: number, expected?: string): { ok: false; error: FilterError } {
  return { ok: false, error: expected === undefined ? { message, position } : { message, position, expected } };
}

type StringRead = { ok: true; value: string; end: number } | { ok: false; error: FilterError };

/** Reads a string whose opening quote is at `open`; `end` is just past the closing quote. */
function readString(text: string, open: number, raw: boolean): StringRead {
  let value = '';
  let i = open + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') return { ok: true, value, end: i + 1 };
    if (c === '\\' && !raw) {
      const e = text[i + 1];
      if (e === undefined) break;
      if (e === 'x') {
        const hex = /^[0-9a-fA-F]{1,2}/.exec(text.slice(i + 2, i + 4));
        if (!hex) return fail(`'\\x' must be followed by hex digits`, i, 'hex digits');
        value += String.fromCharCode(parseInt(hex[0], 16));
        i += 2 + hex[0].length;
        continue;
      }
      if (!(e in ESCAPES)) return fail(`unknown escape '\\${e}' in a string (write '\\\\' for a backslash)`, i);
      value += ESCAPES[e];
      i += 2;
      continue;
    }
    if (c === '\\' && raw && text[i + 1] === '"') {
      // A raw string may still contain an escaped quote, which keeps its backslash.
      value += '\\"';
      i += 2;
      continue;
    }
    value += c;
    i++;
  }
  return fail("unterminated string: missing the closing '\"'", open, "'\"'");
}
