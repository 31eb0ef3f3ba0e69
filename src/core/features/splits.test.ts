import { describe, expect, it } from 'vitest';
import { GAP, splitWindows, TEST, TRAIN, VALIDATION } from './splits.ts';

const names = ['benign', 'flood', 'scan'];
function windows(spec: [number, number, number][]): { startUs: Float64Array; endUs: Float64Array; labels: Uint8Array } {
  return {
    startUs: Float64Array.from(spec, (s) => s[0]),
    endUs: Float64Array.from(spec, (s) => s[1]),
    labels: Uint8Array.from(spec, (s) => s[2]),
  };
}

describe('splitWindows', () => {
  it("per class: each class's own stretch of time is cut 70/15/15, earliest first", () => {
    const spec: [number, number, number][] = [];
    for (let i = 0; i < 100; i++) spec.push([i * 10, i * 10 + 5, 0]); // benign all along
    for (let i = 0; i < 20; i++) spec.push([500 + i, 500 + i, 1]); // a flood in the middle, one window per µs
    const s = splitWindows(windows(spec), 'per-class', names);
    expect(s.counts.map((c) => c[1])).toEqual([14, 3, 3]);
    expect(s.counts[TRAIN][0] + s.counts[VALIDATION][0] + s.counts[TEST][0]).toBe(
      100 - Array.from(s.part.slice(0, 100)).filter((p) => p === GAP).length,
    );
    const flood = Array.from(s.part.slice(100));
    expect(flood.lastIndexOf(TRAIN)).toBeLessThan(flood.indexOf(VALIDATION));
    expect(s.warnings).toEqual([]);
  });

  it('drops a window whose span crosses a cut (the gap), and plain cuts warn about missing classes', () => {
    const spec: [number, number, number][] = [];
    for (let i = 0; i < 20; i++) spec.push([i * 10, i * 10 + 15, 0]);
    const s = splitWindows(windows(spec), 'plain', names);
    expect(Array.from(s.part).filter((p) => p === GAP).length).toBeGreaterThan(0);
    const withFlood = windows([...spec, [5, 6, 1]]);
    const p = splitWindows(withFlood, 'plain', names);
    expect(p.warnings).toEqual(['flood has no windows in the validation and test split']);
  });

  it('by episode keeps each episode whole on one side', () => {
    const spec: [number, number, number][] = [];
    const episodes: number[] = [];
    for (let e = 0; e < 4; e++)
      for (let i = 0; i < 5; i++) {
        spec.push([e * 100 + i, e * 100 + i, 1]);
        episodes.push(e);
      }
    const s = splitWindows({ ...windows(spec), episodes: Int32Array.from(episodes) }, 'by-episode', names);
    for (let e = 0; e < 4; e++) expect(new Set(Array.from(s.part.slice(e * 5, e * 5 + 5))).size).toBe(1);
    expect(s.part[0]).toBe(TRAIN);
    expect(s.part[19]).toBe(TEST);
  });
});
