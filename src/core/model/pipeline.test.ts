import { describe, expect, it } from 'vitest';
import { featureSpec } from '../features/feature-spec.ts';
import { prepareWindows } from '../features/prepare.ts';
import { GAP, TEST, TRAIN, VALIDATION } from '../features/splits.ts';
import { tableFromCsv } from '../labels/test-tables.ts';
import { splitFromRowParts } from './pipeline.ts';

describe('splitFromRowParts (held-out rows, for benchmarks)', () => {
  it("gives a window its rows' part when they agree, else a gap", () => {
    const head = 'frame.time_epoch,frame.len,ip.src,ip.dst,ip.proto';
    const rows = Array.from({ length: 12 }, (_, i) => `"${1795378378 + i}","60","10.0.0.1","10.0.0.2","17"`);
    const table = tableFromCsv(`${[head, ...rows].join('\n')}\n`);
    const labels = Uint8Array.from({ length: 12 }, (_, r) => (r >= 8 ? 1 : 0));
    const p = prepareWindows(table, labels, featureSpec(), { key: 'pair', size: 3, stride: 1 });
    const parts = Uint8Array.from({ length: 12 }, (_, r) => (r < 6 ? TRAIN : r < 8 ? VALIDATION : TEST));
    const s = splitFromRowParts(p, parts, 2);
    // Windows end at rows 2..11: [0-2]..[3-5] train, [4-6] [5-7] straddle, [6-8] straddles, [7-9] too, [8-10] [9-11] test.
    expect(Array.from(s.part)).toEqual([TRAIN, TRAIN, TRAIN, TRAIN, GAP, GAP, GAP, GAP, TEST, TEST]);
    expect(s.counts[2]).toEqual([0, 2]);
  });
});
