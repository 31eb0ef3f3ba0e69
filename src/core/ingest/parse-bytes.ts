/**
 * Field parsers that read a cell straight from the file's bytes, b[s..e) (never empty: the caller handles
 * missing cells, and strips surrounding quotes). They return NaN (or false) for text that is not valid for
 * the type and never throw: a bad cell becomes a missing value that the load reports, not a failed load.
 * They run once per cell of a 1 GB load, so the usual forms are read without making a string, and each
 * function stays small and monomorphic (numbers in, number out) so V8 can inline it into the row loop.
 */

const D0 = 0x30; // '0'
const DOT = 0x2e;
const COLON = 0x3a;
const DASH = 0x2d;
const PLUS = 0x2b;
const PERCENT = 0x25;
const LOWER = 0x20; // OR-ing this in folds ASCII letters to lower case

/** Exact powers of ten: a float64 holds 10^0..10^22 without rounding, which the fast float path relies on. */
const POW10 = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
  1e21, 1e22,
];

/**
 * Decimal 0..2^32-1, at most 10 digits. `80.0`, `80.00` and `80.` read as 80 because pandas writes integer
 * columns that once held a missing value as floats; `80.5` is NaN, as are signs and spaces.
 */
export function parseUint(b: Uint8Array, s: number, e: number): number {
  let v = 0;
  let i = s;
  for (; i < e; i++) {
    const d = b[i] - D0;
    if (d < 0 || d > 9) break;
    v = v * 10 + d;
  }
  if (i === s || i - s > 10 || v > 0xffffffff) return NaN;
  if (i === e) return v;
  if (b[i] !== DOT) return NaN;
  for (i++; i < e; i++) if (b[i] !== D0) return NaN;
  return v;
}

/**
 * `0x0002`, `0X1a` (1 to 8 hex digits, any case). Text without the `0x` prefix is read as decimal, as
 * parseUint does, because some tools rewrite tshark's hex columns (tcp.flags, ip.flags) as plain numbers.
 */
export function parseHex(b: Uint8Array, s: number, e: number): number {
  if (e - s < 2 || b[s] !== D0 || (b[s + 1] | LOWER) !== 0x78) return parseUint(b, s, e);
  if (e - s < 3 || e - s > 10) return NaN;
  let v = 0;
  for (let i = s + 2; i < e; i++) {
    const c = b[i];
    const l = c | LOWER;
    let d: number;
    if (c >= 0x30 && c <= 0x39) d = c - 0x30;
    else if (l >= 0x61 && l <= 0x66) d = l - 0x57;
    else return NaN;
    v = v * 16 + d;
  }
  return v;
}

/**
 * 1 or 0 for `1`/`0`, `true`/`false` in any case, and `1.0`/`0.0` (`1.`, `1.00`, as parseUint reads
 * them); NaN for anything else, including `2`, `01`, `yes`.
 */
export function parseBool(b: Uint8Array, s: number, e: number): number {
  const c = b[s];
  if (c === D0 || c === D0 + 1) {
    if (e - s > 1) {
      if (b[s + 1] !== DOT) return NaN;
      for (let i = s + 2; i < e; i++) if (b[i] !== D0) return NaN;
    }
    return c - D0;
  }
  const n = e - s;
  const l = c | LOWER;
  if (
    l === 0x74 &&
    n === 4 &&
    (b[s + 1] | LOWER) === 0x72 &&
    (b[s + 2] | LOWER) === 0x75 &&
    (b[s + 3] | LOWER) === 0x65
  )
    return 1;
  if (
    l === 0x66 &&
    n === 5 &&
    (b[s + 1] | LOWER) === 0x61 &&
    (b[s + 2] | LOWER) === 0x6c &&
    (b[s + 3] | LOWER) === 0x73 &&
    (b[s + 4] | LOWER) === 0x65
  )
    return 0;
  return NaN;
}

const decoder = new TextDecoder('utf-8');

/**
 * A decimal number: optional sign, digits, optional fraction, optional exponent (`-2`, `.5`, `3.`, `1.5e3`).
 * Up to 15 significant digits without an exponent are computed here: the digits form an exact integer below
 * 2^53 and 10^k is exact, so one division gives the correctly rounded double, the same one Number() gives.
 * Longer numbers and exponents go to Number() after the bytes have been checked, since Number() alone would
 * also take `Infinity`, `0x10` and spaces. NaN for anything else and for values beyond float64 (`1e999`).
 */
export function parseFloatBytes(b: Uint8Array, s: number, e: number): number {
  let i = s;
  let neg = false;
  const c0 = b[i];
  if (c0 === DASH) {
    neg = true;
    i++;
  } else if (c0 === PLUS) i++;
  let m = 0;
  let digits = 0;
  let frac = 0;
  for (; i < e; i++) {
    const d = b[i] - D0;
    if (d < 0 || d > 9) break;
    m = m * 10 + d;
    digits++;
  }
  if (i < e && b[i] === DOT) {
    for (i++; i < e; i++) {
      const d = b[i] - D0;
      if (d < 0 || d > 9) break;
      m = m * 10 + d;
      digits++;
      frac++;
    }
  }
  if (digits === 0) return NaN;
  if (i === e) {
    if (digits > 15) return slowFloat(b, s, e);
    const v = frac === 0 ? m : m / POW10[frac];
    return neg ? -v : v;
  }
  if ((b[i] | LOWER) !== 0x65) return NaN; // 'e'
  i++;
  if (i < e && (b[i] === DASH || b[i] === PLUS)) i++;
  if (i === e) return NaN;
  for (; i < e; i++) {
    const d = b[i] - D0;
    if (d < 0 || d > 9) return NaN;
  }
  return slowFloat(b, s, e);
}

/** Only for bytes already checked to be a decimal number. */
function slowFloat(b: Uint8Array, s: number, e: number): number {
  const v = Number(decoder.decode(b.subarray(s, e)));
  return v - v === 0 ? v : NaN; // Infinity - Infinity is NaN: overflow is not a value
}

/** Dotted quad `10.20.30.101` to an unsigned 32-bit integer: exactly 4 parts of 1 to 3 digits, each 0..255. */
export function parseIpv4(b: Uint8Array, s: number, e: number): number {
  let v = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = s; i < e; i++) {
    const c = b[i];
    if (c === DOT) {
      if (digits === 0 || dots === 3) return NaN;
      v = v * 256 + part;
      part = 0;
      digits = 0;
      dots++;
      continue;
    }
    const d = c - D0;
    if (d < 0 || d > 9 || digits === 3) return NaN;
    part = part * 10 + d;
    digits++;
    if (part > 255) return NaN;
  }
  if (dots !== 3 || digits === 0) return NaN;
  return (v * 256 + part) >>> 0;
}

/** The inverse of parseIpv4. */
export function formatIpv4(n: number): string {
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

function isHexDigit(c: number): boolean {
  const l = c | LOWER;
  return (c >= 0x30 && c <= 0x39) || (l >= 0x61 && l <= 0x66);
}

/** `02:4c:0a:14:1e:65` or `02-4c-0a-14-1e-65`: six hex pairs, one separator used throughout. */
export function isMac(b: Uint8Array, s: number, e: number): boolean {
  if (e - s !== 17) return false;
  const sep = b[s + 2];
  if (sep !== COLON && sep !== DASH) return false;
  for (let k = 0; k < 17; k += 3) {
    if (!isHexDigit(b[s + k]) || !isHexDigit(b[s + k + 1])) return false;
    if (k < 15 && b[s + k + 2] !== sep) return false;
  }
  return true;
}

/**
 * A plausible IPv6 text, checked in one pass: groups of 1 to 4 hex digits separated by `:`, at most one
 * `::` (then fewer than 8 groups, else exactly 8), an optional dotted IPv4 tail counting as two groups
 * (`::ffff:10.0.0.1`) and an optional non-empty `%zone`. It does not normalise: the text is interned as it
 * stands, so `::1` and `0::1` stay distinct values.
 */
export function isIpv6(b: Uint8Array, s: number, e: number): boolean {
  for (let k = s; k < e; k++) {
    if (b[k] === PERCENT) {
      if (k === e - 1) return false;
      e = k;
      break;
    }
  }
  if (e - s < 2) return false;
  let i = s;
  let groups = 0;
  let elided = false;
  if (b[i] === COLON) {
    if (b[i + 1] !== COLON) return false;
    elided = true;
    i += 2;
  }
  while (i < e) {
    let j = i;
    while (j < e && isHexDigit(b[j])) j++;
    if (j < e && b[j] === DOT) {
      const v4 = parseIpv4(b, i, e);
      if (Number.isNaN(v4)) return false; // NaN: not a dotted quad
      groups += 2;
      break;
    }
    if (j === i || j - i > 4) return false;
    groups++;
    if (j === e) break;
    if (b[j] !== COLON || j + 1 === e) return false;
    if (b[j + 1] === COLON) {
      if (elided) return false;
      elided = true;
      i = j + 2;
    } else {
      i = j + 1;
    }
  }
  return elided ? groups <= 7 : groups === 8;
}
