/**
 * Times as tshark writes them. A time is kept as whole microseconds since the epoch (a float64 holding an
 * integer) plus a nanosecond remainder 0..999, because a float64 of nanoseconds since 1970 cannot hold
 * tshark's nine fraction digits exactly (2^53 ns is only 104 days). Whole microseconds stay exact up to
 * 2^53 µs, 9007199254 s, which is in the year 2255; later times are rejected rather than rounded. Times
 * before 1970 are rejected too: capture files store unsigned seconds, so a negative time is a broken cell.
 */

const D0 = 0x30;
const DOT = 0x2e;
const PLUS = 0x2b;
const MINUS = 0x2d;
const COLON = 0x3a;
const SPACE = 0x20;
const TAB = 0x09;
const COMMA = 0x2c;
const LOWER = 0x20; // OR-ing this in folds ASCII letters to lower case
const MAX_US = Number.MAX_SAFE_INTEGER;

/** Exact powers of ten for placing a digit by its decimal position. */
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * Epoch seconds (`1795378353.952647464`, `1795378353`, `1795378353.9`) into out[0] = whole µs since the
 * epoch and out[1] = the ns remainder 0..999; false when the text is not epoch seconds. Fraction digits
 * past the ninth are truncated, as tshark's own precision ends there. Scientific notation, as pandas may
 * write the column (`1.795378353952647e+09`), is read by shifting its decimal digits, so it is as exact as
 * the digits written. A sign, a missing integer part (`.5`) and anything after the number are rejected.
 */
export function parseEpoch(b: Uint8Array, s: number, e: number, out: Float64Array): boolean {
  let sec = 0;
  let i = s;
  for (; i < e; i++) {
    const d = b[i] - D0;
    if (d < 0 || d > 9) break;
    sec = sec * 10 + d;
  }
  if (i === s) return false;
  let us = 0;
  let ns = 0;
  if (i < e) {
    if (b[i] !== DOT) return (b[i] | LOWER) === 0x65 ? scientificEpoch(b, s, e, out) : false;
    let k = 0;
    for (i++; i < e; i++, k++) {
      const d = b[i] - D0;
      if (d < 0 || d > 9) return (b[i] | LOWER) === 0x65 ? scientificEpoch(b, s, e, out) : false;
      if (k < 6) us = us * 10 + d;
      else if (k < 9) ns = ns * 10 + d;
    }
    if (k < 6) us *= POW10[6 - k];
    else if (k < 9) ns *= POW10[9 - k];
  }
  const total = sec * 1e6 + us;
  if (total > MAX_US) return false;
  out[0] = total;
  out[1] = ns;
  return true;
}

/**
 * `d[.ddd]e[+-]x`: each mantissa digit is added at its place once the exponent has moved the point, which
 * needs no string and keeps every digit written (Number() would round to a float64 of seconds first).
 */
function scientificEpoch(b: Uint8Array, s: number, e: number, out: Float64Array): boolean {
  let i = s;
  while (i < e && b[i] >= D0 && b[i] <= D0 + 9) i++;
  const intDigits = i - s;
  if (i < e && b[i] === DOT) for (i++; i < e && b[i] >= D0 && b[i] <= D0 + 9; ) i++;
  const mantissaEnd = i;
  if (intDigits === 0 || i === e || (b[i] | LOWER) !== 0x65) return false;
  i++;
  let expNeg = false;
  if (i < e && (b[i] === PLUS || b[i] === MINUS)) {
    expNeg = b[i] === MINUS;
    i++;
  }
  if (i === e) return false;
  let x = 0;
  for (; i < e; i++) {
    const d = b[i] - D0;
    if (d < 0 || d > 9) return false;
    if (x < 1000) x = x * 10 + d; // beyond this every digit falls off one end anyway
  }
  const point = intDigits + (expNeg ? -x : x); // mantissa digits before it are whole seconds
  let sec = 0;
  let us = 0;
  let ns = 0;
  let j = 0;
  for (let k = s; k < mantissaEnd; k++) {
    if (b[k] === DOT) continue;
    const d = b[k] - D0;
    const place = j++ - point; // 0: tenths of a second
    if (d === 0) continue;
    if (place < 0) {
      if (-place - 1 > 15) return false;
      sec += d * POW10[-place - 1];
    } else if (place < 6) us += d * POW10[5 - place];
    else if (place < 9) ns += d * POW10[8 - place];
  }
  const total = sec * 1e6 + us;
  if (total > MAX_US) return false;
  out[0] = total;
  out[1] = ns;
  return true;
}

export interface FrameTime {
  /** Whole microseconds since the epoch (UTC). */
  us: number;
  /** Nanoseconds past `us`, 0..999. */
  ns: number;
  /** The zone as written (`EST`, `+01:00`, `Z`), or `UTC` for an ISO time written without one. */
  zone: string;
  /** The zone's offset from UTC, in minutes (EST: -300). */
  offsetMinutes: number;
}

/**
 * Fixed offsets of the zone names tshark writes: the tz database abbreviations on Unix and the full
 * Windows names on Windows. An abbreviation names one offset, so EST and EDT are distinct entries and no
 * daylight-saving rules are needed. Ambiguous abbreviations take one meaning: IST is India (+05:30), not
 * Irish Summer Time (+01:00) or Israel (+02:00); CST is US Central (-06:00), not China (+08:00); AST is
 * Atlantic (-04:00). A capture from such a zone loads with a shifted clock; an epoch column avoids that.
 */
const ZONES: ReadonlyMap<string, number> = new Map([
  ['UTC', 0],
  ['GMT', 0],
  ['UT', 0],
  ['Z', 0],
  ['WET', 0],
  ['WEST', 60],
  ['BST', 60],
  ['CET', 60],
  ['CEST', 120],
  ['MET', 60],
  ['MEST', 120],
  ['EET', 120],
  ['EEST', 180],
  ['MSK', 180],
  ['IST', 330],
  ['JST', 540],
  ['KST', 540],
  ['HKT', 480],
  ['SGT', 480],
  ['AWST', 480],
  ['ACST', 570],
  ['ACDT', 630],
  ['AEST', 600],
  ['AEDT', 660],
  ['NZST', 720],
  ['NZDT', 780],
  ['EST', -300],
  ['EDT', -240],
  ['CST', -360],
  ['CDT', -300],
  ['MST', -420],
  ['MDT', -360],
  ['PST', -480],
  ['PDT', -420],
  ['AKST', -540],
  ['AKDT', -480],
  ['HST', -600],
  ['AST', -240],
  ['ADT', -180],
  ['NST', -210],
  ['NDT', -150],
  ['Coordinated Universal Time', 0],
  ['GMT Standard Time', 0],
  ['GMT Daylight Time', 60],
  ['Greenwich Standard Time', 0],
  ['W. Europe Standard Time', 60],
  ['W. Europe Daylight Time', 120],
  ['Central European Standard Time', 60],
  ['Central European Summer Time', 120],
  ['Central Europe Standard Time', 60],
  ['Central Europe Daylight Time', 120],
  ['Romance Standard Time', 60],
  ['Romance Daylight Time', 120],
  ['E. Europe Standard Time', 120],
  ['E. Europe Daylight Time', 180],
  ['Eastern Standard Time', -300],
  ['Eastern Daylight Time', -240],
  ['Central Standard Time', -360],
  ['Central Daylight Time', -300],
  ['Mountain Standard Time', -420],
  ['Mountain Daylight Time', -360],
  ['Pacific Standard Time', -480],
  ['Pacific Daylight Time', -420],
  ['India Standard Time', 330],
  ['Tokyo Standard Time', 540],
  ['AUS Eastern Standard Time', 600],
  ['AUS Eastern Daylight Time', 660],
]);

/**
 * The UTC offset in minutes of a zone name from the table above or of a numeric offset: `+0100`, `+01:00`,
 * `-05`, `+5`, optionally after `UTC` or `GMT` (`UTC+1`, `GMT-05:00`). Undefined for anything else.
 */
export function zoneOffsetMinutes(zone: string): number | undefined {
  const known = ZONES.get(zone);
  return known !== undefined ? known : numericOffset(zone);
}

function numericOffset(z: string): number | undefined {
  const n = z.length;
  let i = z.startsWith('UTC') || z.startsWith('GMT') ? 3 : 0;
  const sign = z.charCodeAt(i++);
  if (sign !== PLUS && sign !== MINUS) return undefined;
  const start = i;
  let h = 0;
  while (i < n && i - start < 2 && isDigit(z.charCodeAt(i))) h = h * 10 + z.charCodeAt(i++) - D0;
  if (i === start) return undefined;
  let m = 0;
  if (i < n) {
    if (z.charCodeAt(i) === COLON) i++;
    else if (i - start !== 2) return undefined; // `+1030` needs two hour digits to split
    m = digits(z, i, 2);
    if (m < 0 || i + 2 !== n) return undefined;
  }
  if (h > 14 || m > 59) return undefined;
  const v = h * 60 + m;
  return sign === MINUS && v !== 0 ? -v : v; // `-00` is 0, not -0
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/**
 * tshark's frame.time, `Nov 22, 2026 15:12:33.952647464 EST` (one or two spaces before the day, which may
 * also be zero-padded), or `2026-11-22 20:12:33.952647464 UTC` / ISO 8601 `2026-11-22T20:12:33.952647Z`
 * (`+01:00`, `+0100`, `-05`) as newer tshark versions and other tools write it. The zone is required in the
 * month-name form, since tshark always writes it and a guess would shift every packet; an ISO time without
 * one is taken as UTC, as such tools write UTC, and gets the zone `UTC`. Fractions of any length are read
 * to the nanosecond (further digits truncated). Seconds may be 60 (a leap second reads as the next
 * minute's :00). Null for an invalid date (Feb 30), an unknown zone, or anything else.
 */
export function parseFrameTime(text: string): FrameTime | null {
  let s = 0;
  let e = text.length;
  while (s < e && isBlank(text.charCodeAt(s))) s++;
  while (e > s && isBlank(text.charCodeAt(e - 1))) e--;
  let y: number;
  let mo: number;
  let d: number;
  let i: number;
  const iso = isDigit(text.charCodeAt(s));
  if (iso) {
    y = digits(text, s, 4);
    mo = digits(text, s + 5, 2);
    d = digits(text, s + 8, 2);
    const t = text.charCodeAt(s + 10);
    if (text.charCodeAt(s + 4) !== MINUS || text.charCodeAt(s + 7) !== MINUS || (t !== 0x54 && t !== SPACE))
      return null;
    i = s + 11;
  } else {
    mo = monthNumber(text, s);
    i = s + 3;
    const spaces = i;
    while (text.charCodeAt(i) === SPACE) i++;
    if (i === spaces || i - spaces > 2) return null;
    d = digits(text, i, 2);
    if (d >= 0) i += 2;
    else {
      d = digits(text, i, 1);
      if (d >= 0) i += 1;
    }
    if (text.charCodeAt(i) !== COMMA || text.charCodeAt(i + 1) !== SPACE) return null;
    y = digits(text, i + 2, 4);
    if (text.charCodeAt(i + 6) !== SPACE) return null;
    i += 7;
  }
  const h = digits(text, i, 2);
  const mi = digits(text, i + 3, 2);
  const sec = digits(text, i + 6, 2);
  if (text.charCodeAt(i + 2) !== COLON || text.charCodeAt(i + 5) !== COLON) return null;
  i += 8;
  let us = 0;
  let ns = 0;
  if (i < e && text.charCodeAt(i) === DOT) {
    let k = 0;
    for (i++; i < e; i++, k++) {
      const c = text.charCodeAt(i) - D0;
      if (c < 0 || c > 9) break;
      if (k < 6) us = us * 10 + c;
      else if (k < 9) ns = ns * 10 + c;
    }
    if (k < 6) us *= POW10[6 - k];
    else if (k < 9) ns *= POW10[9 - k];
  }
  let zone: string;
  if (i === e) {
    if (!iso) return null;
    zone = 'UTC';
  } else {
    const c = text.charCodeAt(i);
    if (c === SPACE) zone = text.slice(i + 1, e);
    else if (iso && (c === 0x5a || c === PLUS || c === MINUS))
      zone = text.slice(i, e); // Z, +01:00
    else return null;
  }
  const offset = zoneOffsetMinutes(zone);
  if (
    offset === undefined ||
    y < 0 ||
    mo < 1 ||
    mo > 12 ||
    d < 1 ||
    d > daysInMonth(y, mo) ||
    h < 0 ||
    h > 23 ||
    mi < 0 ||
    mi > 59 ||
    sec < 0 ||
    sec > 60
  )
    return null;
  const seconds = daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - offset * 60;
  const total = seconds * 1e6 + us;
  if (total < 0 || total > MAX_US) return null;
  return { us: total, ns, zone, offsetMinutes: offset };
}

/**
 * tshark's frame.time text for an instant, in a zone of fixed offset: `Jun  4, 2023 12:23:33.466544000 EDT`
 * (day space-padded to two, nine fraction digits). A zone zoneOffsetMinutes does not know is written as
 * UTC rather than labelled with a name whose offset was not applied; '' for a time that is not a number.
 */
export function formatFrameTime(us: number, ns: number, zone: string): string {
  if (!Number.isFinite(us)) return '';
  let offset = zoneOffsetMinutes(zone);
  if (offset === undefined) {
    offset = 0;
    zone = 'UTC';
  }
  const local = us + offset * 60e6;
  const secs = wholeSeconds(local);
  const micro = local - secs * 1e6;
  const days = Math.floor(secs / 86400);
  const rem = secs - days * 86400;
  const [y, mo, d] = civilFromDays(days);
  const day = d < 10 ? ` ${d}` : String(d);
  return `${MONTHS[mo - 1]} ${day}, ${pad(y, 4)} ${clock(rem)}.${pad(micro, 6)}${pad(ns, 3)} ${zone}`;
}

/** `2026-11-22T20:12:33.952647Z`, for display; '' for a time that is not a number. */
export function formatUtcIso(us: number): string {
  if (!Number.isFinite(us)) return '';
  const secs = wholeSeconds(us);
  const micro = us - secs * 1e6;
  const days = Math.floor(secs / 86400);
  const [y, mo, d] = civilFromDays(days);
  return `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${clock(secs - days * 86400)}.${pad(micro, 6)}Z`;
}

/** floor(us / 1e6), corrected where the division rounded up across a whole second (near 2^53 it can). */
function wholeSeconds(us: number): number {
  const secs = Math.floor(us / 1e6);
  return us - secs * 1e6 < 0 ? secs - 1 : secs;
}

function clock(secondOfDay: number): string {
  const h = Math.floor(secondOfDay / 3600);
  const m = Math.floor(secondOfDay / 60) - h * 60;
  return `${pad(h, 2)}:${pad(m, 2)}:${pad(secondOfDay % 60, 2)}`;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function isDigit(c: number): boolean {
  return c >= D0 && c <= D0 + 9;
}

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB;
}

/** The value of exactly n decimal digits at text[i..i+n), or -1. */
function digits(text: string, i: number, n: number): number {
  let v = 0;
  for (let k = i; k < i + n; k++) {
    const c = text.charCodeAt(k) - D0; // NaN past the end, which fails both tests below
    if (!(c >= 0 && c <= 9)) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** 1..12 for `Jan`..`Dec` at text[i], else 0. */
function monthNumber(text: string, i: number): number {
  for (let m = 0; m < 12; m++) if (text.startsWith(MONTHS[m], i)) return m + 1;
  return 0;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function daysInMonth(y: number, m: number): number {
  return m === 2 && isLeap(y) ? 29 : MONTH_DAYS[m - 1];
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** [year, month, day] of a day count since 1970-01-01 (Hinnant's civil_from_days). */
function civilFromDays(z: number): [number, number, number] {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return [era * 400 + yoe + (m <= 2 ? 1 : 0), m, d];
}
