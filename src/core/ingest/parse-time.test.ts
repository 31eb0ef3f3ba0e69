import { describe, expect, it } from 'vitest';
import { formatFrameTime, formatUtcIso, parseEpoch, parseFrameTime, zoneOffsetMinutes } from './parse-time.ts';

const enc = new TextEncoder();

/** parseEpoch on the text alone and inside a longer line (digits on both sides); both must agree. */
function epoch(text: string): [number, number] | null {
  const alone = enc.encode(text);
  const out = new Float64Array(2);
  const whole = parseEpoch(alone, 0, alone.length, out) ? [out[0], out[1]] : null;
  const head = enc.encode('7,1.5,');
  const line = enc.encode(`7,1.5,${text},9.25e3,8`);
  const out2 = new Float64Array(2);
  const inside = parseEpoch(line, head.length, head.length + alone.length, out2) ? [out2[0], out2[1]] : null;
  expect(inside).toEqual(whole);
  return whole as [number, number] | null;
}

/** Whole µs of a UTC time written `YYYY-MM-DDTHH:MM:SS.ffffff`, through Date for the milliseconds. */
function utcUs(iso: string): number {
  const [base, frac = ''] = iso.split('.');
  const f = frac.padEnd(6, '0');
  return Date.parse(`${base}.${f.slice(0, 3)}Z`) * 1000 + Number(f.slice(3, 6));
}

/** A small deterministic generator, so the property checks below are repeatable. */
function lcg(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

describe('parseEpoch', () => {
  it.each([
    ['1795378353.952647464', 1795378353952647, 464],
    ['1795378353', 1795378353000000, 0],
    ['1795378353.9', 1795378353900000, 0],
    ['1795378353.95', 1795378353950000, 0],
    ['1795378353.952647', 1795378353952647, 0],
    ['1795378353.9526474', 1795378353952647, 400],
    ['1795378353.95264746', 1795378353952647, 460],
    ['1795378353.952647000', 1795378353952647, 0],
    ['1795378353.000000000', 1795378353000000, 0],
    ['1795378353.', 1795378353000000, 0],
    // digits past the ninth are truncated, never rounded up into the next nanosecond
    ['1795378353.952647464999', 1795378353952647, 464],
    ['1795378353.952647999999999', 1795378353952647, 999],
    ['0', 0, 0],
    ['0.000000001', 0, 1],
    ['0.000001', 1, 0],
    ['1686', 1686000000, 0],
    ['9007199254.740991', 9007199254740991, 0],
    // scientific notation, as pandas writes a float column: every digit written is kept
    ['1.795378353952647e+09', 1795378353952647, 0],
    ['1.795378353952647464e9', 1795378353952647, 464],
    ['1.795378353E+09', 1795378353000000, 0],
    ['17953783539.52647464e-1', 1795378353952647, 464],
    ['1795378353952647464e-9', 1795378353952647, 464],
    ['1.5e0', 1500000, 0],
    ['1.e3', 1000000000, 0],
    ['1e3', 1000000000, 0],
    ['5e-7', 0, 500],
    ['5e-10', 0, 0],
    ['0.0e5', 0, 0],
  ])('%s -> %d us + %d ns', (text, us, ns) => {
    expect(epoch(text)).toEqual([us, ns]);
  });

  it.each([
    [''],
    ['abc'],
    ['-5'],
    ['-1795378353.5'],
    ['+1795378353'],
    ['.5'],
    ['1795378353.95x'],
    ['12.3.4'],
    ['1e'],
    ['1e+'],
    ['e9'],
    ['1.5e9.5'],
    ['1.5e9x'],
    ['1795378353 '],
    [' 1795378353'],
    ['1795378353,5'],
    ['NaN'],
    ['Infinity'],
    ['0x10'],
    ['1e20'],
    ['.5e9'],
    ['1.5e-'],
    // past 2^53 µs (year 2255) a float64 of µs is no longer exact
    ['9007199254.740992'],
    ['9007199255'],
    ['99999999999'],
    ['1795378353000'],
  ])('refuses %j', (text) => {
    expect(epoch(text)).toBeNull();
  });

  it('leaves out alone when it refuses', () => {
    const out = new Float64Array([7, 8]);
    const b = enc.encode('nope');
    expect(parseEpoch(b, 0, b.length, out)).toBe(false);
    expect([...out]).toEqual([7, 8]);
  });

  it('agrees with exact integer arithmetic on many random times', () => {
    const rnd = lcg(42);
    for (let n = 0; n < 2000; n++) {
      const sec = Math.floor(rnd() * 4e9);
      const frac = String(Math.floor(rnd() * 1e9)).padStart(9, '0');
      const totalNs = BigInt(sec) * 1_000_000_000n + BigInt(frac);
      expect(epoch(`${sec}.${frac}`)).toEqual([Number(totalNs / 1000n), Number(totalNs % 1000n)]);
    }
  });
});

describe('parseFrameTime', () => {
  it('reads lab-a frame.time as the same instant as its frame.time_epoch', () => {
    const t = parseFrameTime('Nov 22, 2026 15:12:33.952647464 EST');
    expect(t).toEqual({ us: 1795378353952647, ns: 464, zone: 'EST', offsetMinutes: -300 });
    expect(t && [t.us, t.ns]).toEqual(epoch('1795378353.952647464'));
  });

  it.each([
    // tshark's month-name form, one or two spaces before the day, or a zero-padded day
    ['Jun  4, 2023 12:23:33.466544000 EDT', '2023-06-04T16:23:33.466544', 0, 'EDT', -240],
    ['Jun 04, 2023 12:23:33.466544000 EDT', '2023-06-04T16:23:33.466544', 0, 'EDT', -240],
    ['Jun 4, 2023 12:23:33.466544000 EDT', '2023-06-04T16:23:33.466544', 0, 'EDT', -240],
    ['Jan  1, 2024 01:00:00.000000000 CET', '2024-01-01T00:00:00', 0, 'CET', 60],
    ['Jul 15, 2024 02:00:00.250000000 CEST', '2024-07-15T00:00:00.25', 0, 'CEST', 120],
    ['Mar  1, 2024 05:30:00 IST', '2024-03-01T00:00:00', 0, 'IST', 330],
    ['Nov 22, 2026 20:12:33.952647464 UTC', '2026-11-22T20:12:33.952647', 464, 'UTC', 0],
    ['Nov 22, 2026 20:12:33.952647464 GMT', '2026-11-22T20:12:33.952647', 464, 'GMT', 0],
    ['Jan 10, 2025 09:00:00 JST', '2025-01-10T00:00:00', 0, 'JST', 540],
    ['Jan 10, 2025 10:30:00 ACDT', '2025-01-10T00:00:00', 0, 'ACDT', 630],
    ['Jan 10, 2025 13:00:00 NZDT', '2025-01-10T00:00:00', 0, 'NZDT', 780],
    ['Jan  9, 2025 14:00:00 HST', '2025-01-10T00:00:00', 0, 'HST', -600],
    // calendar edges
    ['Feb 29, 2024 23:59:59.999999 UTC', '2024-02-29T23:59:59.999999', 0, 'UTC', 0],
    ['Feb 29, 2000 12:00:00 UTC', '2000-02-29T12:00:00', 0, 'UTC', 0],
    ['Dec 31, 2026 23:59:59.999999999 UTC', '2026-12-31T23:59:59.999999', 999, 'UTC', 0],
    ['Jan  1, 1970 00:00:00.000000000 UTC', '1970-01-01T00:00:00', 0, 'UTC', 0],
    ['Dec 31, 1969 19:00:00.000000001 EST', '1970-01-01T00:00:00', 1, 'EST', -300],
    ['Dec 31, 2026 23:30:00 PST', '2027-01-01T07:30:00', 0, 'PST', -480],
    ['Jun 30, 2015 23:59:60 UTC', '2015-07-01T00:00:00', 0, 'UTC', 0], // a leap second reads as the next :00
    // fractions of any length; a bare dot is .0
    ['Nov 22, 2026 15:12:33 EST', '2026-11-22T20:12:33', 0, 'EST', -300],
    ['Nov 22, 2026 15:12:33.95 EST', '2026-11-22T20:12:33.95', 0, 'EST', -300],
    ['Nov 22, 2026 15:12:33.9526474 EST', '2026-11-22T20:12:33.952647', 400, 'EST', -300],
    ['Nov 22, 2026 15:12:33.952647464123 EST', '2026-11-22T20:12:33.952647', 464, 'EST', -300],
    ['Nov 22, 2026 15:12:33. EST', '2026-11-22T20:12:33', 0, 'EST', -300],
    ['  Nov 22, 2026 15:12:33 EST\t', '2026-11-22T20:12:33', 0, 'EST', -300],
    // Windows full names
    [
      'Jun  4, 2023 12:23:33.466544000 Eastern Daylight Time',
      '2023-06-04T16:23:33.466544',
      0,
      'Eastern Daylight Time',
      -240,
    ],
    ['Jan  4, 2023 11:23:33 Eastern Standard Time', '2023-01-04T16:23:33', 0, 'Eastern Standard Time', -300],
    [
      'Jan  4, 2023 17:23:33 Central European Standard Time',
      '2023-01-04T16:23:33',
      0,
      'Central European Standard Time',
      60,
    ],
    [
      'Jun  4, 2023 18:23:33 Central European Summer Time',
      '2023-06-04T16:23:33',
      0,
      'Central European Summer Time',
      120,
    ],
    ['Jun  4, 2023 16:23:33 Coordinated Universal Time', '2023-06-04T16:23:33', 0, 'Coordinated Universal Time', 0],
    ['Jan  4, 2023 08:23:33 Pacific Standard Time', '2023-01-04T16:23:33', 0, 'Pacific Standard Time', -480],
    ['Jun  4, 2023 09:23:33 Pacific Daylight Time', '2023-06-04T16:23:33', 0, 'Pacific Daylight Time', -420],
    ['Jan  4, 2023 16:23:33 GMT Standard Time', '2023-01-04T16:23:33', 0, 'GMT Standard Time', 0],
    ['Jan  4, 2023 17:23:33 W. Europe Standard Time', '2023-01-04T16:23:33', 0, 'W. Europe Standard Time', 60],
    ['Jun  4, 2023 18:23:33 W. Europe Daylight Time', '2023-06-04T16:23:33', 0, 'W. Europe Daylight Time', 120],
    // numeric offsets after the month-name form
    ['Jun  4, 2023 12:23:33.466544000 +0200', '2023-06-04T10:23:33.466544', 0, '+0200', 120],
    ['Jun  4, 2023 12:23:33 -05', '2023-06-04T17:23:33', 0, '-05', -300],
    ['Jun  4, 2023 17:23:33 UTC+1', '2023-06-04T16:23:33', 0, 'UTC+1', 60],
    ['Jun  4, 2023 11:23:33 GMT-05:00', '2023-06-04T16:23:33', 0, 'GMT-05:00', -300],
    ['Jun  4, 2023 21:53:33 +05:30', '2023-06-04T16:23:33', 0, '+05:30', 330],
    // YYYY-MM-DD and ISO 8601; no zone means UTC
    ['2023-06-04T16:23:33.466544Z', '2023-06-04T16:23:33.466544', 0, 'Z', 0],
    ['2023-06-04T16:23:33.466544123Z', '2023-06-04T16:23:33.466544', 123, 'Z', 0],
    ['2023-06-04T16:23:33.466544+00:00', '2023-06-04T16:23:33.466544', 0, '+00:00', 0],
    ['2023-06-04T18:23:33.466544+0200', '2023-06-04T16:23:33.466544', 0, '+0200', 120],
    ['2023-06-04T11:23:33.466544-05', '2023-06-04T16:23:33.466544', 0, '-05', -300],
    ['2023-06-04T12:23:33.466544-04:00', '2023-06-04T16:23:33.466544', 0, '-04:00', -240],
    ['2023-06-04 12:23:33.466544 -04:00', '2023-06-04T16:23:33.466544', 0, '-04:00', -240],
    ['2023-06-04 12:23:33.466544000 EDT', '2023-06-04T16:23:33.466544', 0, 'EDT', -240],
    ['2023-06-04 17:23:33 UTC+1', '2023-06-04T16:23:33', 0, 'UTC+1', 60],
    ['2023-06-04 16:23:33 Coordinated Universal Time', '2023-06-04T16:23:33', 0, 'Coordinated Universal Time', 0],
    ['2023-06-04 16:23:33', '2023-06-04T16:23:33', 0, 'UTC', 0],
    ['2023-06-04T16:23:33.5', '2023-06-04T16:23:33.5', 0, 'UTC', 0],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00', 0, 'Z', 0],
  ])('%s', (text, iso, ns, zone, offsetMinutes) => {
    expect(parseFrameTime(text)).toEqual({ us: utcUs(iso), ns, zone, offsetMinutes });
  });

  it.each([
    // impossible dates and times
    ['Feb 30, 2024 00:00:00 UTC'],
    ['Feb 29, 2023 00:00:00 UTC'],
    ['Feb 29, 1900 00:00:00 UTC'],
    ['Apr 31, 2024 00:00:00 UTC'],
    ['Nov  0, 2026 00:00:00 UTC'],
    ['Nov 32, 2026 00:00:00 UTC'],
    ['Nov 22, 2026 24:00:00 UTC'],
    ['Nov 22, 2026 23:60:00 UTC'],
    ['Nov 22, 2026 23:59:61 UTC'],
    ['2023-13-01T00:00:00Z'],
    ['2023-00-10T00:00:00Z'],
    ['2023-06-31T00:00:00Z'],
    ['2023-06-00T00:00:00Z'],
    ['2023-02-29 00:00:00'],
    // zones: unknown, missing in the month-name form, wrong case, out of range, object keys
    ['Nov 22, 2026 15:12:33 XYZ'],
    ['Nov 22, 2026 15:12:33'],
    ['Nov 22, 2026 15:12:33.952647464'],
    ['Nov 22, 2026 15:12:33 est'],
    ['Nov 22, 2026 15:12:33 Eastern Time'],
    ['Nov 22, 2026 15:12:33 toString'],
    ['Nov 22, 2026 15:12:33 __proto__'],
    ['Nov 22, 2026 15:12:33 EST EST'],
    ['Nov 22, 2026 15:12:33EST'],
    ['2023-06-04T16:23:33+15:00'],
    ['2023-06-04T16:23:33+01:60'],
    ['2023-06-04T16:23:33ZZ'],
    ['2023-06-04T16:23:33Z+01'],
    ['2023-06-04T16:23:33EST'],
    ['2023-06-04T16:23:33 +'],
    // shapes
    ['Foo 22, 2026 15:12:33 UTC'],
    ['nov 22, 2026 15:12:33 UTC'],
    ['November 22, 2026 15:12:33 UTC'],
    ['Nov 22 2026 15:12:33 UTC'],
    ['Nov22, 2026 15:12:33 UTC'],
    ['Nov   4, 2026 15:12:33 UTC'],
    ['Nov 22,2026 15:12:33 UTC'],
    ['Nov 22, 26 15:12:33 UTC'],
    ['Nov 22, 2026 5:12:33 UTC'],
    ['Nov 22, 2026 15:12 UTC'],
    ['Nov 22, 2026 15:12:33.9x EST'],
    ['Nov 22, 2026 15.12.33 EST'],
    ['Nov 222, 2026 15:12:33 UTC'],
    ['2023/06/04 16:23:33'],
    ['2023-6-4 16:23:33'],
    ['2023-06-04X16:23:33Z'],
    ['2023-06-04'],
    ['2023-06-04T16:23'],
    ['1795378353.952647464'],
    ['garbage'],
    [''],
    ['   '],
    // outside what whole µs in a float64 hold: before 1970, after 2255
    ['1969-12-31T23:59:59Z'],
    ['Dec 31, 1969 23:59:59 UTC'],
    ['2300-01-01T00:00:00Z'],
  ])('refuses %j', (text) => {
    expect(parseFrameTime(text)).toBeNull();
  });

  it('reads back what formatFrameTime writes, for many random instants and zones', () => {
    const rnd = lcg(7);
    const zones = ['EST', 'EDT', 'CET', 'IST', 'UTC', 'NZDT', 'Pacific Daylight Time', '+0100', 'GMT-05:00', 'ACST'];
    for (let n = 0; n < 2000; n++) {
      const us = Math.floor(rnd() * 4e9) * 1e6 + Math.floor(rnd() * 1e6);
      const ns = Math.floor(rnd() * 1000);
      const zone = zones[n % zones.length];
      const t = parseFrameTime(formatFrameTime(us, ns, zone));
      expect(t).toEqual({ us, ns, zone, offsetMinutes: zoneOffsetMinutes(zone) });
    }
  });
});

describe('zoneOffsetMinutes', () => {
  it.each([
    ['UTC', 0],
    ['GMT', 0],
    ['Z', 0],
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
    ['WET', 0],
    ['WEST', 60],
    ['BST', 60],
    ['IST', 330],
    ['CET', 60],
    ['CEST', 120],
    ['EET', 120],
    ['EEST', 180],
    ['MSK', 180],
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
    ['Eastern Standard Time', -300],
    ['Eastern Daylight Time', -240],
    ['Central European Standard Time', 60],
    ['Central European Summer Time', 120],
    ['Coordinated Universal Time', 0],
    ['Pacific Standard Time', -480],
    ['Pacific Daylight Time', -420],
    ['GMT Standard Time', 0],
    ['W. Europe Standard Time', 60],
    ['W. Europe Daylight Time', 120],
    ['+0100', 60],
    ['+01:00', 60],
    ['-05', -300],
    ['+5', 300],
    ['-0', 0],
    ['UTC+1', 60],
    ['UTC-10', -600],
    ['GMT-05:00', -300],
    ['GMT+0530', 330],
    ['+0530', 330],
    ['-03:30', -210],
    ['+1:30', 90],
    ['+14', 840],
    ['-12:00', -720],
  ])('%s -> %d', (zone, want) => {
    expect(zoneOffsetMinutes(zone)).toBe(want);
  });

  it.each([
    ['Mars'],
    [''],
    ['utc'],
    ['est'],
    ['+15'],
    ['+01:60'],
    ['+130'],
    ['+1:3'],
    ['+01:000'],
    ['+010'],
    ['+01:'],
    ['UTC+'],
    ['+'],
    ['UTC 1'],
    ['UTC+1 '],
    ['01:00'],
    ['toString'],
    ['constructor'],
    ['__proto__'],
    ['hasOwnProperty'],
  ])('%j -> undefined', (zone) => {
    expect(zoneOffsetMinutes(zone)).toBeUndefined();
  });
});

describe('formatFrameTime', () => {
  it.each([
    ['Nov 22, 2026 15:12:33.952647464 EST'],
    ['Jun  4, 2023 12:23:33.466544000 EDT'],
    ['Dec 31, 1999 23:59:59.000000001 CET'],
    ['Feb 29, 2024 23:59:59.999999999 UTC'],
    ['Jan  1, 2024 05:30:00.000000001 IST'],
    ['Jul 15, 2024 02:00:00.250000000 CEST'],
    ['Jan  1, 1970 00:00:00.000000000 UTC'],
    ['Mar  1, 2024 00:00:00.000000000 Coordinated Universal Time'],
    ['Oct 27, 2024 02:59:59.123456789 Central European Summer Time'],
    ['Jun  4, 2023 12:23:33.466544000 +0200'],
    ['Jan  9, 2025 14:00:00.000000000 HST'],
  ])('writes %s back as tshark did', (text) => {
    const t = parseFrameTime(text);
    expect(t).not.toBeNull();
    expect(t && formatFrameTime(t.us, t.ns, t.zone)).toBe(text);
  });

  it('writes a zero-padded day space-padded, as tshark does', () => {
    const t = parseFrameTime('Jun 04, 2023 12:23:33.466544000 EDT');
    expect(t && formatFrameTime(t.us, t.ns, t.zone)).toBe('Jun  4, 2023 12:23:33.466544000 EDT');
  });

  it('writes the same instant in another zone', () => {
    expect(formatFrameTime(1795378353952647, 464, 'UTC')).toBe('Nov 22, 2026 20:12:33.952647464 UTC');
    expect(formatFrameTime(1795378353952647, 464, 'CET')).toBe('Nov 22, 2026 21:12:33.952647464 CET');
    expect(formatFrameTime(1795378353952647, 464, 'NZDT')).toBe('Nov 23, 2026 09:12:33.952647464 NZDT');
  });

  it('writes an unknown zone as UTC rather than mislabel the time, and nothing for a non-number', () => {
    expect(formatFrameTime(1795378353952647, 464, 'Mars')).toBe('Nov 22, 2026 20:12:33.952647464 UTC');
    expect(formatFrameTime(NaN, 0, 'UTC')).toBe('');
    expect(formatFrameTime(Infinity, 0, 'UTC')).toBe('');
  });
});

describe('formatUtcIso', () => {
  it.each([
    [1795378353952647, '2026-11-22T20:12:33.952647Z'],
    [0, '1970-01-01T00:00:00.000000Z'],
    [1, '1970-01-01T00:00:00.000001Z'],
    [-1, '1969-12-31T23:59:59.999999Z'],
    [utcUs('2024-02-29T23:59:59.999999'), '2024-02-29T23:59:59.999999Z'],
    [9007199254740991, '2255-06-05T23:47:34.740991Z'],
  ])('%d -> %s', (us, want) => {
    expect(formatUtcIso(us)).toBe(want);
  });

  it('agrees with Date to the millisecond on many random times', () => {
    const rnd = lcg(3);
    for (let n = 0; n < 2000; n++) {
      const us = Math.floor(rnd() * 9e15);
      const text = formatUtcIso(us);
      expect(text.slice(0, 23)).toBe(new Date(Math.floor(us / 1000)).toISOString().slice(0, 23));
      expect(text.slice(23, 26)).toBe(String(us % 1000).padStart(3, '0'));
    }
  });

  it('gives nothing for a non-number', () => {
    expect(formatUtcIso(NaN)).toBe('');
    expect(formatUtcIso(-Infinity)).toBe('');
  });
});
