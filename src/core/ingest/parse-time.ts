/**
 * Times as tshark writes them. A time is kept as whole microseconds since the epoch (a float64 holding an
 * integer, exact to 2^53) plus a nanosecond remainder, because a float64 of nanoseconds since 1970 cannot
 * hold tshark's nine fraction digits exactly.
 */

const D0 = 0x30;

/** `1795378353.952647464` into out[0] = whole µs, out[1] = ns remainder; false when it is not epoch seconds. */
export function parseEpoch(b: Uint8Array, s: number, e: number, out: Float64Array): boolean {
  let sec = 0;
  let i = s;
  for (; i < e; i++) {
    const d = b[i] - D0;
    if (d < 0 || d > 9) break;
    sec = sec * 10 + d;
  }
  if (i === s || i - s > 12) return slowEpoch(b, s, e, out);
  let us = 0;
  let ns = 0;
  if (i < e) {
    if (b[i] !== 0x2e) return slowEpoch(b, s, e, out);
    let k = 0;
    for (i++; i < e; i++, k++) {
      const d = b[i] - D0;
      if (d < 0 || d > 9) return slowEpoch(b, s, e, out);
      if (k < 6) us = us * 10 + d;
      else if (k < 9) ns = ns * 10 + d;
    }
    for (; k < 6; k++) us *= 10;
    for (let m = Math.max(k, 6); m < 9; m++) ns *= 10;
  }
  out[0] = sec * 1e6 + us;
  out[1] = ns;
  return true;
}

const decoder = new TextDecoder('utf-8');

/** Scientific notation, as pandas may write it; precision is what a float64 of seconds holds. */
function slowEpoch(b: Uint8Array, s: number, e: number, out: Float64Array): boolean {
  const text = decoder.decode(b.subarray(s, e));
  if (!/^\d+(\.\d*)?[eE][+-]?\d+$/.test(text)) return false;
  const v = Number(text);
  if (!Number.isFinite(v) || v < 0) return false;
  const us = Math.round(v * 1e6);
  out[0] = us;
  out[1] = 0;
  return true;
}

export interface FrameTime {
  readonly us: number;
  readonly ns: number;
  readonly zone: string;
  readonly offsetMinutes: number;
}

/** Fixed offsets of the zone names tshark writes. IST is taken as India (+05:30), not Ireland or Israel. */
const ZONES: Readonly<Record<string, number>> = {
  UTC: 0, GMT: 0, Z: 0, UT: 0, WET: 0, WEST: 60, BST: 60, IST: 330, CET: 60, CEST: 120, MET: 60, MEST: 120,
  EET: 120, EEST: 180, MSK: 180, EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480,
  PDT: -420, AKST: -540, AKDT: -480, HST: -600, AST: -240, ADT: -180, NST: -210, NDT: -150, JST: 540, KST: 540,
  HKT: 480, SGT: 480, AWST: 480, ACST: 570, ACDT: 630, AEST: 600, AEDT: 660, NZST: 720, NZDT: 780, WIB: 420,
  'Coordinated Universal Time': 0, 'GMT Standard Time': 0, 'GMT Daylight Time': 60, 'Greenwich Standard Time': 0,
  'W. Europe Standard Time': 60, 'W. Europe Daylight Time': 120, 'Central European Standard Time': 60,
  'Central European Summer Time': 120, 'Central Europe Standard Time': 60, 'Central Europe Daylight Time': 120,
  'Romance Standard Time': 60, 'Romance Daylight Time': 120, 'E. Europe Standard Time': 120, 'E. Europe Daylight Time': 180,
  'Eastern Standard Time': -300, 'Eastern Daylight Time': -240, 'Central Standard Time': -360, 'Central Daylight Time': -300,
  'Mountain Standard Time': -420, 'Mountain Daylight Time': -360, 'Pacific Standard Time': -480, 'Pacific Daylight Time': -420,
  'India Standard Time': 330, 'Tokyo Standard Time': 540, 'China Standard Time': 480, 'AUS Eastern Standard Time': 600,
  'AUS Eastern Daylight Time': 660,
};

/** The UTC offset of a zone name or a numeric offset (`+0100`, `-05:00`, `UTC+1`), in minutes. */
export function zoneOffsetMinutes(zone: string): number | undefined {
  const known = ZONES[zone];
  if (known !== undefined) return known;
  const m = /^(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(zone);
  if (!m) return undefined;
  const h = Number(m[2]);
  const min = Number(m[3] ?? 0);
  if (h > 14 || min > 59) return undefined;
  return (m[1] === '-' ? -1 : 1) * (h * 60 + min);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTH_TEXT = /^([A-Z][a-z]{2}) +(\d{1,2}), (\d{4}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9})\d*)? (.+)$/;
const ISO_TEXT = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9})\d*)?(?: ?(Z|[+-]\d{2}(?::?\d{2})?|[A-Za-z][A-Za-z .]*))?$/;

/**
 * `Nov 22, 2026 15:12:33.952647464 EST` (tshark's frame.time; the zone is required), or ISO 8601 /
 * `YYYY-MM-DD HH:MM:SS` as newer tshark versions and other tools write it (no zone there means UTC).
 */
export function parseFrameTime(text: string): FrameTime | null {
  let y: number, mo: number, d: number, h: number, mi: number, sec: number, frac: string, zone: string;
  const m = MONTH_TEXT.exec(text.trim());
  if (m) {
    mo = MONTHS.indexOf(m[1]) + 1;
    if (mo === 0) return null;
    [d, y, h, mi, sec] = [Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])];
    frac = m[7] ?? '';
    zone = m[8].trim();
  } else {
    const iso = ISO_TEXT.exec(text.trim());
    if (!iso) return null;
    [y, mo, d, h, mi, sec] = [Number(iso[1]), Number(iso[2]), Number(iso[3]), Number(iso[4]), Number(iso[5]), Number(iso[6])];
    frac = iso[7] ?? '';
    zone = (iso[8] ?? 'UTC').trim();
  }
  const offset = zoneOffsetMinutes(zone);
  if (offset === undefined || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || sec > 60) return null;
  const padded = frac.padEnd(9, '0');
  const days = daysFromCivil(y, mo, d);
  const seconds = days * 86400 + h * 3600 + mi * 60 + sec - offset * 60;
  return { us: seconds * 1e6 + Number(padded.slice(0, 6)), ns: Number(padded.slice(6, 9)), zone, offsetMinutes: offset };
}

/** tshark's frame.time text for an instant in a zone of fixed offset: `Jun  4, 2023 12:23:33.466544000 EDT`. */
export function formatFrameTime(us: number, ns: number, zone: string): string {
  const offset = zoneOffsetMinutes(zone) ?? 0;
  const localUs = us + offset * 60e6;
  const secs = Math.floor(localUs / 1e6);
  const micro = localUs - secs * 1e6;
  const days = Math.floor(secs / 86400);
  const rem = secs - days * 86400;
  const [y, mo, d] = civilFromDays(days);
  const p2 = (n: number): string => String(n).padStart(2, '0');
  const frac = String(micro).padStart(6, '0') + String(ns).padStart(3, '0');
  return `${MONTHS[mo - 1]} ${String(d).padStart(2, ' ')}, ${y} ${p2(Math.floor(rem / 3600))}:${p2(Math.floor(rem / 60) % 60)}:${p2(rem % 60)}.${frac} ${zone}`;
}

/** `2026-11-22T20:12:33.952647Z`, for display. */
export function formatUtcIso(us: number): string {
  const ms = Math.floor(us / 1000);
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, `.${String(us - Math.floor(us / 1e6) * 1e6).padStart(6, '0')}Z`);
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeap(y) ? 29 : 28) : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

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
