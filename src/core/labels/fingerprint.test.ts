import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCsvFile } from '../../../cli/lib/load-csv-file.ts';
import { captureFingerprint } from './fingerprint.ts';
import { seeded, tableFromCsv } from './test-tables.ts';

const SLICE = readFileSync(
  join(import.meta.dirname, '..', '..', '..', 'fixtures', 'capture', 'lab-a-slice.csv'),
  'utf8',
);
const [HEADER, ...ROWS] = SLICE.trimEnd().split('\n');

function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const rand = seeded(seed);
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const csv = (rows: readonly string[], header = HEADER): string => `${[header, ...rows].join('\n')}\n`;

describe('captureFingerprint', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nids-fp-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const original = captureFingerprint(tableFromCsv(SLICE));

  it('is 64 bits of hex', () => {
    expect(original).toMatch(/^[0-9a-f]{16}$/);
  });

  it('is the same for the file plain or gzipped, in any row order, however it is parsed', async () => {
    const plain = join(dir, 'a.csv');
    const gz = join(dir, 'b.csv.gz');
    writeFileSync(plain, SLICE);
    writeFileSync(gz, gzipSync(csv(shuffled(ROWS, 7))));
    expect(captureFingerprint((await loadCsvFile(plain)).table)).toBe(original);
    expect(captureFingerprint((await loadCsvFile(gz, 3)).table)).toBe(original);
    expect(captureFingerprint(tableFromCsv(csv(shuffled(ROWS, 8)), 2))).toBe(original);
  });

  it('is the same when rows of one instant come in another order', () => {
    const h = 'frame.time_epoch,frame.len';
    const rows = ['"1795378353.000000001","60"', '"1795378353.000000001","70"', '"1795378354","80"'];
    const a = captureFingerprint(tableFromCsv(csv(rows, h)));
    expect(captureFingerprint(tableFromCsv(csv([rows[1], rows[0], rows[2]], h)))).toBe(a);
    // Swapping the lengths of rows at different instants is a different capture.
    expect(
      captureFingerprint(
        tableFromCsv(csv(['"1795378353.000000001","60"', '"1795378353.000000001","80"', '"1795378354","70"'], h)),
      ),
    ).not.toBe(a);
  });

  it('changes with any time, frame.len, row count or column name', () => {
    const changed = (i: number, from: RegExp, to: string): string => {
      const rows = [...ROWS];
      rows[i] = rows[i].replace(from, to);
      expect(rows[i]).not.toBe(ROWS[i]);
      return captureFingerprint(tableFromCsv(csv(rows)));
    };
    expect(changed(100, /^"(\d+)","(\d+)"/, '"$1","999"')).not.toBe(original); // frame.len
    expect(changed(100, /^"(\d+)","(\d+)"/, '"$1",""')).not.toBe(original); // frame.len missing
    expect(changed(200, /\.(\d{8})(\d)"/, '.$1' + '0"')).not.toBe(original); // one nanosecond of frame.time_epoch
    expect(captureFingerprint(tableFromCsv(csv(ROWS.slice(1))))).not.toBe(original);
    expect(captureFingerprint(tableFromCsv(csv(ROWS, HEADER.replace('http.connection', 'http.conn'))))).not.toBe(
      original,
    );
  });
});
