import { describe, expect, it } from 'vitest';
import { formatFrameTime, formatUtcIso, parseEpoch, parseFrameTime, zoneOffsetMinutes } from './parse-time.ts';

function epoch(text: string): [number, number] | null {
  const b = new TextEncoder().encode(text);
  const out = new Float64Array(2);
  return parseEpoch(b, 0, b.length, out) ? [out[0], out[1]] : null;
}

const utcUs = (iso: string): number => Date.parse(iso) * 1000;

describe('parseEpoch', () => {
  it.each([
    ['1795378353.952647464', [1795378353952647, 464]],
    ['1795378353', [1795378353000000, 0]],
    ['1795378353.9', [1795378353900000, 0]],
    ['1795378353.95264746', [1795378353952647, 460]],
    ['1795378353.952647464999', [1795378353952647, 464]],
    ['1.795378353e+09', [1795378353000000, 0]],
  ])('%s', (text, want) => expect(epoch(text)).toEqual(want));

  it.each(['', 'abc', '-5', '1795378353.95x', '12.3.4', '1e'])('refuses %j', (text) => expect(epoch(text)).toBeNull());
});

describe('parseFrameTime', () => {
  it('reads lab-a frame.time as the same instant as its frame.time_epoch', () => {
    expect(parseFrameTime('Nov 22, 2026 15:12:33.952647464 EST')).toEqual({ us: 1795378353952647, ns: 464, zone: 'EST', offsetMinutes: -300 });
  });

  it.each([
    ['Jun  4, 2023 12:23:33.466544000 EDT', '2023-06-04T16:23:33.466Z', 544],
    ['Jun 04, 2023 12:23:33.466544000 EDT', '2023-06-04T16:23:33.466Z', 544],
    ['Jan  1, 2024 01:00:00.000000000 CET', '2024-01-01T00:00:00.000Z', 0],
    ['Jul 15, 2024 02:00:00.250000000 CEST', '2024-07-15T00:00:00.250Z', 0],
    ['Mar  1, 2024 05:30:00 IST', '2024-03-01T00:00:00.000Z', 0],
    ['Feb 29, 2024 23:59:59.999999 UTC', '2024-02-29T23:59:59.999Z', 999],
    ['Jun  4, 2023 12:23:33.466544000 Eastern Daylight Time', '2023-06-04T16:23:33.466Z', 544],
    ['Jun  4, 2023 12:23:33.466544000 +0200', '2023-06-04T10:23:33.466Z', 544],
    ['2023-06-04T16:23:33.466544Z', '2023-06-04T16:23:33.466Z', 544],
    ['2023-06-04 12:23:33.466544 -04:00', '2023-06-04T16:23:33.466Z', 544],
    ['2023-06-04 16:23:33', '2023-06-04T16:23:33.000Z', 0],
  ])('%s', (text, iso, subMs) => {
    const t = parseFrameTime(text);
    expect(t).not.toBeNull();
    expect(t?.us).toBe(utcUs(iso) + subMs);
  });

  it.each([
    'Feb 30, 2024 00:00:00 UTC', 'Feb 29, 2023 00:00:00 UTC', 'Nov 22, 2026 24:00:00 UTC', 'Nov 22, 2026 15:12:33 XYZ',
    'Nov 22, 2026 15:12:33', 'Foo 22, 2026 15:12:33 UTC', 'garbage', '',
  ])('refuses %j', (text) => expect(parseFrameTime(text)).toBeNull());
});

describe('zones and formatting', () => {
  it('knows abbreviations, Windows names and numeric offsets', () => {
    expect(zoneOffsetMinutes('EDT')).toBe(-240);
    expect(zoneOffsetMinutes('W. Europe Standard Time')).toBe(60);
    expect(zoneOffsetMinutes('UTC+1')).toBe(60);
    expect(zoneOffsetMinutes('-05:30')).toBe(-330);
    expect(zoneOffsetMinutes('Mars')).toBeUndefined();
  });

  it.each(['Nov 22, 2026 15:12:33.952647464 EST', 'Jun  4, 2023 12:23:33.466544000 EDT', 'Dec 31, 1999 23:59:59.000000001 CET'])(
    'writes frame.time back as tshark did: %s', (text) => {
      const t = parseFrameTime(text);
      expect(t && formatFrameTime(t.us, t.ns, t.zone)).toBe(text);
    });

  it('formats UTC ISO with microseconds', () => {
    expect(formatUtcIso(1795378353952647)).toBe('2026-11-22T20:12:33.952647Z');
  });
});
