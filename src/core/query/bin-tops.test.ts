import { describe, expect, it } from 'vitest';
import { CsvLoad } from '../ingest/csv-load.ts';
import type { PacketTable } from '../table/packet-table.ts';
import { binTops, topsOfBin, type ValueCount } from './bin-tops.ts';

function table(rows: readonly [number, string][]): PacketTable {
  const lines = rows.map(([t, alert]) => `"${t.toFixed(6)}",${alert ? `"${alert}"` : ''}`);
  const bytes = new TextEncoder().encode(`${['frame.time_epoch,alert', ...lines].join('\n')}\n`);
  const l = new CsvLoad({ fileName: 't', fileBytes: bytes.length, compressed: false });
  l.push(bytes);
  return l.finish().table;
}

/** The same answer by the obvious method: a Map per bin, sorted by count (ties by first appearance). */
function naive(rows: readonly [number, string][], mask: readonly number[], binS: number, k: number): ValueCount[][] {
  const bins = new Map<number, Map<string, number>>();
  rows.forEach(([t, v], i) => {
    if (!mask[i]) return;
    const b = Math.floor(t / binS);
    const m = bins.get(b) ?? bins.set(b, new Map()).get(b);
    m?.set(v || '(missing)', (m.get(v || '(missing)') ?? 0) + 1);
  });
  const first = Math.floor(rows[0][0] / binS);
  const last = Math.floor(rows[rows.length - 1][0] / binS);
  return Array.from({ length: last - first + 1 }, (_, i) =>
    [...(bins.get(first + i) ?? new Map<string, number>())]
      .map(([value, count]) => ({ value, count }))
      .sort((a, b) => b.count - a.count)
      .slice(0, k),
  );
}

describe('binTops', () => {
  it('finds the top values of a bin of many packets, not its last packet', () => {
    // 97 suspicious, then 3 benign last: the bin is suspicious whatever its last packet says.
    const rows: [number, string][] = [
      ...Array.from({ length: 97 }, (_, i): [number, string] => [1000 + i / 1000, 'suspicious']),
      ...Array.from({ length: 3 }, (_, i): [number, string] => [1000.5 + i / 1000, 'benign']),
    ];
    const t = table(rows);
    const tops = binTops(t, 'alert', { start: 0, end: t.rowCount }, null, { origin: 1000e6, binUs: 1e6, nBins: 1 });
    expect(topsOfBin(tops, 0)).toEqual([
      { value: 'suspicious', count: 97 },
      { value: 'benign', count: 3 },
    ]);
  });

  it('keeps at most k values per bin, and agrees with a per-bin map on random data', () => {
    let seed = 7;
    const rand = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    // Skewed values so counts rarely tie (ties may rank either way in the naive sort).
    const names = ['a', 'b', 'c', 'd', 'e', ''];
    const rows = Array.from({ length: 3000 }, (_, i): [number, string] => [
      5000 + i / 100,
      names[Math.floor(rand() ** 2 * names.length)],
    ]);
    const mask = rows.map(() => (rand() < 0.8 ? 1 : 0));
    const t = table(rows);
    const nBins = 3;
    const tops = binTops(t, 'alert', { start: 0, end: t.rowCount }, Uint8Array.from(mask), {
      origin: 5000e6,
      binUs: 10e6,
      nBins,
    });
    const expected = naive(rows, mask, 10, 3);
    for (let b = 0; b < nBins; b++) {
      const got = topsOfBin(tops, b);
      expect(got.length).toBeLessThanOrEqual(3);
      expect(got.map((v) => v.count)).toEqual(expected[b].map((v) => v.count));
      for (const v of got) expect(expected[b].find((e) => e.count === v.count)).toBeDefined();
    }
  });

  it('leaves empty bins empty and ignores rows outside the grid', () => {
    const t = table([
      [10, 'x'],
      [30, 'y'],
      [99, 'z'],
    ]);
    const tops = binTops(t, 'alert', { start: 0, end: t.rowCount }, null, { origin: 10e6, binUs: 10e6, nBins: 3 });
    expect([0, 1, 2].map((b) => topsOfBin(tops, b))).toEqual([
      [{ value: 'x', count: 1 }],
      [],
      [{ value: 'y', count: 1 }],
    ]);
  });
});
