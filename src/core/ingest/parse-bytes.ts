/**
 * Field parsers that read a cell straight from the file's bytes, b[s..e) (never empty: the caller handles
 * missing cells). They return NaN (or false) for text that is not valid for the type and never throw: a bad
 * cell becomes a missing value that the load reports, not a failed load. On the hot path of a 1 GB load, so
 * no strings are made.
 */

const D0 = 0x30;
const DOT = 0x2e;

/** Decimal 0..2^32-1; `80.0` and `80.` (pandas round trips) read as 80; `80.5` is NaN. */
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

/** `0x0002` (any case, up to 8 digits); plain decimal is accepted too, as some tools rewrite hex columns. */
export function parseHex(b: Uint8Array, s: number, e: number): number {
  if (e - s < 3 || b[s] !== D0 || (b[s + 1] | 0x20) !== 0x78) return parseUint(b, s, e);
  if (e - s - 2 > 8) return NaN;
  let v = 0;
  for (let i = s + 2; i < e; i++) {
    const c = b[i];
    let d: number;
    if (c >= 0x30 && c <= 0x39) d = c - 0x30;
    else if ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66) d = (c | 0x20) - 0x57;
    else return NaN;
    v = v * 16 + d;
  }
  return v;
}

/** `1`/`0`, `True`/`False` in any case, `1.0`/`0.0`. */
export function parseBool(b: Uint8Array, s: number, e: number): number {
  const c = b[s] | 0x20;
  if (c === 0x74 && e - s === 4 && (b[s + 1] | 0x20) === 0x72 && (b[s + 2] | 0x20) === 0x75 && (b[s + 3] | 0x20) === 0x65) return 1;
  if (c === 0x66 && e - s === 5 && (b[s + 1] | 0x20) === 0x61 && (b[s + 2] | 0x20) === 0x6c && (b[s + 3] | 0x20) === 0x73 && (b[s + 4] | 0x20) === 0x65) return 0;
  const v = parseUint(b, s, e);
  return v === 0 || v === 1 ? v : NaN;
}

const decoder = new TextDecoder('utf-8');
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Any decimal number: sign, fraction, exponent. */
export function parseFloatBytes(b: Uint8Array, s: number, e: number): number {
  let i = s;
  let neg = false;
  if (b[i] === 0x2d) { neg = true; i++; } else if (b[i] === 0x2b) i++;
  let v = 0;
  let digits = 0;
  for (; i < e; i++) {
    const d = b[i] - D0;
    if (d < 0 || d > 9) break;
    v = v * 10 + d;
    digits++;
  }
  if (i === e && digits > 0 && digits < 16) return neg ? -v : v;
  const text = decoder.decode(b.subarray(s, e));
  return NUMBER.test(text) ? Number(text) : NaN;
}

/** Dotted quad to an unsigned 32-bit integer. */
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
  return v * 256 + part;
}

export function formatIpv4(n: number): string {
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

function isHexDigit(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66);
}

/** `02:4c:0a:14:1e:65` (or with `-`). */
export function isMac(b: Uint8Array, s: number, e: number): boolean {
  if (e - s !== 17) return false;
  for (let k = 0; k < 17; k++) {
    const c = b[s + k];
    if (k % 3 === 2) { if (c !== 0x3a && c !== 0x2d) return false; } else if (!isHexDigit(c)) return false;
  }
  return true;
}

/** A plausible IPv6 text: hex groups, at most one `::`, an optional dotted IPv4 tail and `%zone`. */
export function isIpv6(b: Uint8Array, s: number, e: number): boolean {
  for (let k = s; k < e; k++) if (b[k] === 0x25) { e = k; break; } // %zone
  if (e - s < 2 || e - s > 45) return false;
  let groups = 0;
  let doubleColon = false;
  let digits = 0;
  let i = s;
  if (b[i] === 0x3a) {
    if (b[i + 1] !== 0x3a) return false;
    doubleColon = true;
    i += 2;
    if (i === e) return true;
  }
  for (; i < e; i++) {
    const c = b[i];
    if (c === 0x3a) {
      if (digits === 0) {
        if (doubleColon || b[i - 1] !== 0x3a) return false;
        doubleColon = true;
        continue;
      }
      groups++;
      digits = 0;
      if (i + 1 === e) return false;
      if (b[i + 1] === 0x3a) { if (doubleColon) return false; doubleColon = true; i++; if (i + 1 === e) return groups < 8; }
      continue;
    }
    if (c === DOT) {
      const v4 = parseIpv4(b, i - digits, e);
      return v4 === v4 && (doubleColon ? groups <= 5 : groups === 6);
    }
    if (!isHexDigit(c) || digits === 4) return false;
    digits++;
  }
  if (digits > 0) groups++;
  return doubleColon ? groups <= 7 : groups === 8;
}
