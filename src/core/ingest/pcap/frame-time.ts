/**
 * frame.time as tshark prints it: `Nov 22, 2026 15:12:33.952647464 EST` (strftime's `%b %e, %Y %H:%M:%S`,
 * nanoseconds, the zone's abbreviation) in a given IANA zone, through Intl so it runs in workers too.
 * strftime's %Z is tzdata's abbreviation; Intl names zones the way CLDR does, which in en-US gives the US
 * zones theirs (EST, PDT) and most others an offset (`GMT+1`). So where en-US gives an offset, the locales
 * that know the region's abbreviation are asked (en-GB: CET, CEST; en-AU: AEST; en-IN: IST; ja-JP: JST),
 * and a zone tzdata has no letters for is written as tzdata writes it (`-03`, `+0530`). Whatever the text,
 * the instant is the same.
 */

export interface ZoneFormatter {
  readonly fmt: Intl.DateTimeFormat;
  /** Cache: the text up to the seconds for the last whole second seen, and the zone after it. */
  lastSec: number;
  lastHead: string;
  lastZone: string;
  /** The same as UTF-8 bytes: the head, and ` ZONE` after the nanoseconds; the seconds in decimal. */
  headBytes: Uint8Array;
  tailBytes: Uint8Array;
  secBytes: Uint8Array;
  /** False while the cached second is beyond what a Date holds. */
  representable: boolean;
  /** Formatters of the locales tried for an abbreviation, made when first needed. */
  others: Intl.DateTimeFormat[] | null;
  readonly timeZone: string;
}

const ABBREVIATING_LOCALES = ['en-GB', 'en-AU', 'en-IN', 'ja-JP', 'en-NZ', 'en-ZA', 'en-IE'];

const enc = new TextEncoder();

export function zoneFormatter(timeZone: string): ZoneFormatter {
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  });
  return {
    fmt,
    lastSec: NaN,
    lastHead: '',
    lastZone: '',
    headBytes: new Uint8Array(0),
    tailBytes: new Uint8Array(0),
    secBytes: new Uint8Array(0),
    others: null,
    timeZone,
    representable: true,
  };
}

/** tzdata's abbreviation for the zone at `ms`, given en-US's name for it. */
function abbreviation(z: ZoneFormatter, ms: number, enUs: string): string {
  const offset = /^GMT(?:([+-])(\d{1,2})(?::(\d{2}))?)?$/.exec(enUs);
  if (!offset) return enUs;
  z.others ??= ABBREVIATING_LOCALES.map(
    (locale) => new Intl.DateTimeFormat(locale, { timeZone: z.timeZone, timeZoneName: 'short' }),
  );
  for (const f of z.others) {
    const name = f.formatToParts(ms).find((p) => p.type === 'timeZoneName')?.value ?? '';
    if (/^[A-Z]{2,5}$/.test(name) && name !== 'GMT' && name !== 'UTC') return name;
  }
  if (offset[1] === undefined) return 'GMT';
  const hh = offset[2].padStart(2, '0');
  return `${offset[1]}${hh}${offset[3] && offset[3] !== '00' ? offset[3] : ''}`;
}

export function formatFrameTime(z: ZoneFormatter, sec: number, nsec: number): string {
  frameTimeSecond(z, sec);
  if (!z.representable) return z.lastHead;
  return `${z.lastHead}.${String(nsec).padStart(9, '0')} ${z.lastZone}`;
}

/** Brings the cached text (and bytes) up to the whole second `sec`. */
export function frameTimeSecond(z: ZoneFormatter, sec: number): void {
  if (sec !== z.lastSec) {
    if (!(Math.abs(sec) <= 8.64e12)) {
      // Beyond what a Date holds (a corrupt timestamp): no calendar text, the epoch field still says it.
      z.lastSec = sec;
      z.lastHead = 'Not representable';
      z.lastZone = '';
      z.headBytes = enc.encode(z.lastHead);
      z.tailBytes = new Uint8Array(0);
      z.secBytes = enc.encode(String(sec));
      z.representable = false;
      return;
    }
    z.representable = true;
    const parts = z.fmt.formatToParts(sec * 1000);
    const get = (t: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === t)?.value ?? '';
    const day = get('day');
    z.lastHead = `${get('month')} ${day.length === 1 ? ` ${day}` : day}, ${get('year')} ${get('hour')}:${get('minute')}:${get('second')}`;
    z.lastZone = abbreviation(z, sec * 1000, get('timeZoneName'));
    z.lastSec = sec;
    z.headBytes = enc.encode(z.lastHead);
    z.tailBytes = enc.encode(` ${z.lastZone}`);
    z.secBytes = enc.encode(String(sec));
  }
}
