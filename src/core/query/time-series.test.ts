import { describe, expect, it } from 'vitest';
import { CsvLoad } from '../ingest/csv-load.ts';
import type { PacketTable } from '../table/packet-table.ts';
import { topsOfBin } from './bin-tops.ts';
import { rowRange } from './bins-range.ts';
import { autoBinUs, binSeries, SERIES_METRICS, SeriesSpecError, type SeriesMetric } from './time-series.ts';

const HEADER = 'frame.time_epoch,frame.len,ip.src,tcp.dstport,alert';
function table(rows: [number, number, string, string, string][]): PacketTable {
  const text = `${[
    HEADER,
    ...rows.map(
      ([t, len, ip, port, alert]) =>
        `"${t.toFixed(6)}","${len}",${ip ? `"${ip}"` : ''},${port ? `"${port}"` : ''},"${alert}"`,
    ),
  ].join('\n')}\n`;
  const bytes = new TextEncoder().encode(text);
  const l = new CsvLoad({ fileName: 't', fileBytes: bytes.length, compressed: false });
  l.push(bytes);
  return l.finish().table;
}

const T0 = 1795378320; // 20:12:00 UTC, a whole minute
const t = table([
  [T0 + 1, 100, '10.0.0.1', '80', 'benign'],
  [T0 + 59.999, 200, '10.0.0.2', '22', 'suspicious'],
  [T0 + 60, 300, '10.0.0.1', '80', 'benign'],
  [T0 + 185, 400, '', '', '<b>x</b>'],
]);

describe('binSeries', () => {
  it('counts per minute aligned to the epoch, with empty bins kept at 0', () => {
    const r = binSeries(t, null, null, { binUs: 60e6, metric: 'count', splitBy: null });
    expect(Array.from(r.series[0].startUs)).toEqual([0, 1, 2, 3].map((i) => (T0 + i * 60) * 1e6));
    expect(Array.from(r.series[0].values)).toEqual([2, 1, 0, 1]);
  });

  it('sums bytes, and counts only rows of the mask', () => {
    expect(
      Array.from(binSeries(t, null, null, { binUs: 60e6, metric: 'bytes', splitBy: null }).series[0].values),
    ).toEqual([300, 300, 0, 400]);
    const mask = Uint8Array.from([0, 1, 1, 0]);
    expect(
      Array.from(binSeries(t, mask, null, { binUs: 60e6, metric: 'count', splitBy: null }).series[0].values),
    ).toEqual([1, 1, 0, 0]);
  });

  it('splits by a field into top values, other and missing, stacking to the whole', () => {
    const whole = binSeries(t, null, null, { binUs: 60e6, metric: 'count', splitBy: null }).series[0].values;
    const split = binSeries(t, null, null, { binUs: 60e6, metric: 'count', splitBy: 'ip.src', topN: 1 });
    expect(split.series.map((s) => s.label)).toEqual(['10.0.0.1', 'other', '(missing)']);
    for (let i = 0; i < whole.length; i++) expect(split.series.reduce((s, x) => s + x.values[i], 0)).toBe(whole[i]);
    expect(
      binSeries(t, null, null, { binUs: 60e6, metric: 'count', splitBy: 'tcp.dstport' }).series.map((s) => s.label),
    ).toEqual(['80', '22', '(missing)']);
  });

  it('gives each bin its packets and the top values of the hover fields, with counts', () => {
    const r = binSeries(t, null, null, {
      binUs: 60e6,
      metric: 'bytes',
      splitBy: null,
      hoverFields: ['alert', 'ip.src', 'nope'],
    });
    const hover = r.hover as NonNullable<typeof r.hover>;
    expect(Array.from(hover.packets)).toEqual([2, 1, 0, 1]);
    expect(Object.keys(hover.fields)).toEqual(['alert', 'ip.src']);
    const alert = hover.fields.alert;
    expect([0, 1, 2, 3].map((b) => topsOfBin(alert, b))).toEqual([
      [
        { value: 'benign', count: 1 },
        { value: 'suspicious', count: 1 },
      ],
      [{ value: 'benign', count: 1 }],
      [],
      [{ value: '<b>x</b>', count: 1 }],
    ]);
    expect(topsOfBin(hover.fields['ip.src'], 3)).toEqual([{ value: '(missing)', count: 1 }]);
  });

  it('takes the hover over the mask only, and none when no hover field exists', () => {
    const r = binSeries(t, Uint8Array.from([0, 1, 1, 1]), null, {
      binUs: 60e6,
      metric: 'count',
      splitBy: 'ip.src',
      hoverFields: ['alert'],
    });
    const hover = r.hover as NonNullable<typeof r.hover>;
    expect(Array.from(hover.packets)).toEqual([1, 1, 0, 1]);
    expect(topsOfBin(hover.fields.alert, 0)).toEqual([{ value: 'suspicious', count: 1 }]);
    expect(binSeries(t, null, null, { binUs: 60e6, metric: 'count', splitBy: null, hoverFields: ['x'] }).hover).toBe(
      null,
    );
  });

  it('keeps to a time range, and handles a range with no rows', () => {
    const r = binSeries(
      t,
      null,
      { fromUs: (T0 + 60) * 1e6, toUs: (T0 + 120) * 1e6 },
      { binUs: 60e6, metric: 'count', splitBy: null },
    );
    expect(Array.from(r.series[0].values)).toEqual([1, 0]);
    expect(rowRange(t, { fromUs: 0, toUs: 1 })).toEqual({ start: 0, end: 0 });
    const empty = binSeries(t, null, { fromUs: 0, toUs: 1e6 }, { binUs: 1e6, metric: 'count', splitBy: null });
    expect(Array.from(empty.series[0].values).every((v) => v === 0)).toBe(true);
  });

  it('makes equal bins across a daylight-saving change (bins are UTC)', () => {
    const dst = 1772949600; // 2026-03-08T06:00:00Z, US clocks spring forward at 07:00Z
    const rows: [number, number, string, string, string][] = [];
    for (let m = 0; m < 120; m += 10) rows.push([dst + m * 60, 60, '10.0.0.1', '80', 'benign']);
    const r = binSeries(table(rows), null, null, { binUs: 30 * 60e6, metric: 'count', splitBy: null });
    const starts = Array.from(r.series[0].startUs);
    for (let i = 1; i < starts.length; i++) expect(starts[i] - starts[i - 1]).toBe(30 * 60e6);
    expect(Array.from(r.series[0].values)).toEqual([3, 3, 3, 3]);
  });
});

describe('binSeries metrics', () => {
  const spec = { binUs: 60e6, splitBy: null } as const;
  const vals = (metric: SeriesMetric, field?: string, mask: Uint8Array | null = null): number[] =>
    Array.from(binSeries(t, mask, null, { ...spec, metric, field }).series[0].values);

  it('sums, averages and takes max and min of a numeric field, with gaps (NaN) where a bin has no value', () => {
    expect(vals('sum', 'frame.len')).toEqual([300, 300, 0, 400]);
    expect(vals('mean', 'frame.len')).toEqual([150, 300, NaN, 400]);
    expect(vals('max', 'tcp.dstport')).toEqual([80, 80, NaN, NaN]);
    expect(vals('min', 'tcp.dstport')).toEqual([22, 80, NaN, NaN]);
    expect(vals('mean', 'frame.len', Uint8Array.from([1, 0, 0, 1]))).toEqual([100, NaN, NaN, 400]);
  });

  it('counts distinct values per bin, of any type, ignoring missing ones', () => {
    expect(vals('distinct', 'ip.src')).toEqual([2, 1, 0, 0]);
    expect(vals('distinct', 'alert')).toEqual([2, 1, 0, 1]);
  });

  it('counts a value once per split series and bin', () => {
    const rows: [number, number, string, string, string][] = [
      [T0, 60, '10.0.0.1', '80', 'a'],
      [T0 + 1, 60, '10.0.0.1', '80', 'a'],
      [T0 + 2, 60, '10.0.0.1', '22', 'a'],
      [T0 + 3, 60, '10.0.0.2', '22', 'b'],
    ];
    const r = binSeries(table(rows), null, null, {
      ...spec,
      metric: 'distinct',
      field: 'ip.src',
      splitBy: 'tcp.dstport',
    });
    expect(Object.fromEntries(r.series.map((x) => [x.label, x.values[0]]))).toEqual({ 80: 1, 22: 2 });
  });

  it('says why a series cannot be computed', () => {
    expect(() => vals('sum', 'alert')).toThrow(SeriesSpecError);
    expect(() => vals('sum', 'ip.src')).toThrow(/not a number/);
    expect(() => vals('mean', 'no.such')).toThrow(/no field no.such/);
    expect(() => vals('max')).toThrow(/needs a field/);
    expect(() => binSeries(t, null, null, { binUs: 1, metric: 'count', splitBy: null })).toThrow(/choose a larger bin/);
  });

  it('matches a plain reference on random data, split or not', () => {
    let seed = 7;
    const rnd = (): number => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const rows: [number, number, string, string, string][] = [];
    for (let i = 0; i < 400; i++)
      rows.push([
        T0 + i * 0.7,
        40 + Math.floor(rnd() * 1400),
        rnd() < 0.1 ? '' : `10.0.0.${Math.floor(rnd() * 12)}`,
        rnd() < 0.2 ? '' : String(Math.floor(rnd() * 5) + 20),
        rnd() < 0.5 ? 'x' : 'y',
      ]);
    const tt = table(rows);
    const mask = Uint8Array.from(rows, () => (rnd() < 0.6 ? 1 : 0));
    for (const metric of SERIES_METRICS) {
      for (const splitBy of [null, 'alert']) {
        const field = metric === 'distinct' ? 'ip.src' : 'tcp.dstport';
        const got = binSeries(tt, mask, null, { binUs: 30e6, metric, field, splitBy, topN: 5 });
        for (const s of got.series) {
          s.startUs.forEach((bin, b) => {
            const inBin = rows.filter(
              (row, i) =>
                mask[i] && Math.floor((row[0] * 1e6) / 30e6) * 30e6 === bin && (!splitBy || row[4] === s.label),
            );
            const nums = inBin
              .map((row) => (metric === 'bytes' ? row[1] : Number(row[3])))
              .filter((_, i) => metric === 'bytes' || inBin[i][3] !== '');
            const want =
              metric === 'count'
                ? inBin.length
                : metric === 'distinct'
                  ? new Set(inBin.map((row) => row[2]).filter(Boolean)).size
                  : metric === 'bytes' || metric === 'sum'
                    ? nums.reduce((a, v) => a + v, 0)
                    : nums.length === 0
                      ? NaN
                      : metric === 'mean'
                        ? nums.reduce((a, v) => a + v, 0) / nums.length
                        : metric === 'max'
                          ? Math.max(...nums)
                          : Math.min(...nums);
            expect(s.values[b], `${metric} ${splitBy} ${s.label} bin ${b}`).toBeCloseTo(want, 9);
          });
        }
      }
    }
  });
});

describe('autoBinUs', () => {
  it.each([
    [1e6, 5e3],
    [472e6, 2e6],
    [3600e6, 1.5e7],
    [86400e6 * 30, 3.6e9],
    [0, 1e3],
  ])('span %d µs -> %d µs', (span, bin) => {
    expect(autoBinUs(span)).toBe(bin);
  });
});
