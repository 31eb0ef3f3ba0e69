import { describe, expect, it } from 'vitest';
import { tableFromCsv } from '../labels/test-tables.ts';
import { GAP, TEST, TRAIN, VALIDATION } from '../features/splits.ts';
import { DEFAULT_MODEL_CONFIG } from './model-config.ts';
import { DEFAULT_VIEWS, rowPartsOf, withTrainingVariants, type ViewsTrainRequest } from './train-views.ts';

const HEAD = 'frame.time_epoch,frame.len,ip.src,ip.dst,ip.proto,tcp.srcport,tcp.dstport,tcp.flags';
const T = 1795378378;

/** 20 s of browsing, then a 10 s SYN flood at 500/s with its SYN-ACKs (label 1), then 20 s of browsing. */
function request(): ViewsTrainRequest {
  const lines: string[] = [];
  const labels: number[] = [];
  const browse = (from: number): void => {
    for (let i = 0; i < 40; i++) {
      lines.push(`${(from + i * 0.5).toFixed(6)},60,10.0.0.3,10.0.0.2,6,${5000 + i},443,0x0018`);
      labels.push(0);
    }
  };
  browse(T);
  for (let i = 0; i < 5000; i++) {
    const t = T + 25 + i * 0.002;
    lines.push(`${t.toFixed(6)},54,10.0.0.1,10.0.0.2,6,${1024 + (i % 60000)},80,0x0002`);
    lines.push(`${(t + 0.0005).toFixed(6)},58,10.0.0.2,10.0.0.1,6,80,${1024 + (i % 60000)},0x0012`);
    labels.push(1, 1);
  }
  browse(T + 40);
  const table = tableFromCsv(`${[HEAD, ...lines].join('\n')}\n`);
  return {
    table,
    rowLabels: Uint8Array.from(labels),
    classes: ['benign', 'hping3'],
    views: DEFAULT_VIEWS,
    size: 8,
    stride: 1,
    labelRule: 'last',
    split: 'per-class',
    config: DEFAULT_MODEL_CONFIG,
    fingerprint: 'test',
    fileName: 'test.csv',
  };
}

describe('the row split and training variants of a views run', () => {
  const req = request();

  it('cuts each class stretch 70/15/15 in time, at row level', () => {
    const parts = rowPartsOf(req);
    const flood = Array.from(parts.slice(40, 10_040));
    expect(flood.lastIndexOf(TRAIN)).toBeLessThan(flood.indexOf(VALIDATION));
    expect(flood.lastIndexOf(VALIDATION)).toBeLessThan(flood.indexOf(TEST));
    expect(flood.filter((p) => p === TEST).length).toBeGreaterThan(1000);
    expect(parts.every((p) => p !== GAP)).toBe(true); // a row never straddles a cut
  });

  it("appends the random-source copy of the training flood, for training only; the capture's rows keep their parts", () => {
    const v = withTrainingVariants(req);
    const n = req.table.rowCount;
    expect(v.table.rowCount).toBeGreaterThan(n);
    expect(Array.from(v.rowParts.subarray(0, n))).toEqual(Array.from(rowPartsOf(req)));
    expect(v.rowParts.subarray(n).every((p) => p === TRAIN)).toBe(true);
    expect(v.rowLabels.subarray(n).every((l) => l === 1)).toBe(true);
    // The echo and closed-port copies of the flood too, unless turned off with the random-source one.
    const onlyFloodVariants = withTrainingVariants({ ...req, randSourceFloods: false });
    expect(onlyFloodVariants.table.rowCount).toBeGreaterThan(n);
    expect(onlyFloodVariants.table.rowCount).toBeLessThan(v.table.rowCount);
    expect(withTrainingVariants({ ...req, randSourceFloods: false, floodVariants: false }).table).toBe(req.table);
  });
});
