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

  it("per class: the benign replies inside a flood's stretch take the flood's cuts, so windows that hold both are kept", () => {
    // Benign all along (one packet every 10 µs over 0..10,000), a flood of 100 SYNs in 2,000..2,990, each
    // answered 1 µs later by a benign reply. Windows are the rows themselves (the row split) ...
    const rows: [number, number, number][] = [];
    for (let t = 0; t < 10_000; t += 10) rows.push([t + 5, t + 5, 0]);
    for (let i = 0; i < 100; i++) rows.push([2_000 + i * 10, 2_000 + i * 10, 1], [2_001 + i * 10, 2_001 + i * 10, 0]);
    rows.sort((a, b) => a[0] - b[0]);
    const s = splitWindows(windows(rows), 'per-class', names);
    expect(s.counts.map((c) => c[1])).toEqual([70, 15, 15]);
    // ... every reply but the last (after the flood's last SYN) is on the side of the SYN it answers ...
    const at = (t: number): number => rows.findIndex((x) => x[0] === t);
    for (let i = 0; i < 99; i++) expect(s.part[at(2_001 + i * 10)], `reply ${i}`).toBe(s.part[at(2_000 + i * 10)]);
    // ... so a view's windows (a SYN, its reply, the next SYN), which take their rows' part when all agree
    // (pipeline.ts splitFromRowParts), are whole on one side but at the cuts.
    const windowParts = Array.from({ length: 99 }, (_, i) => {
      const p = [2_000 + i * 10, 2_001 + i * 10, 2_010 + i * 10].map((t) => s.part[at(t)]);
      return p.every((x) => x === p[0]) ? p[0] : GAP;
    });
    expect(windowParts.filter((p) => p === VALIDATION).length).toBeGreaterThan(10);
    expect(windowParts.filter((p) => p === TEST).length).toBeGreaterThan(10);
    expect(windowParts.filter((p) => p === GAP).length).toBe(2);
  });

  it('by episode: the benign packets inside an episode go to its side', () => {
    const spec: [number, number, number][] = [];
    const episodes: number[] = [];
    for (let t = 0; t < 1_000; t += 2) {
      spec.push([t, t, 0]);
      episodes.push(-1);
    }
    for (let e = 0; e < 3; e++)
      for (let i = 0; i < 10; i++) {
        spec.push([e * 300 + 100 + i, e * 300 + 100 + i, 1]);
        episodes.push(e);
      }
    const s = splitWindows({ ...windows(spec), episodes: Int32Array.from(episodes) }, 'by-episode', names);
    for (let e = 0; e < 3; e++) {
      const side = s.part[500 + e * 10];
      expect(side).toBe([TRAIN, VALIDATION, TEST][e]);
      spec.forEach(([t, , c], w) => {
        if (c === 0 && t >= e * 300 + 100 && t <= e * 300 + 109) expect(s.part[w]).toBe(side);
      });
    }
  });
});
