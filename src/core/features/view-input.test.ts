import { describe, expect, it } from 'vitest';
import { tableFromCsv } from '../labels/test-tables.ts';
import { featureSpec, stepWidth } from './feature-spec.ts';
import { prepareWindows } from './prepare.ts';
import { ViewInputBuilder, withViewColumns } from './view-input.ts';

describe('ViewInputBuilder (windows of several views, the view a one-hot)', () => {
  const head = 'frame.time_epoch,frame.len,ip.src,ip.dst,ip.proto,udp.srcport,udp.dstport';
  const rows = Array.from(
    { length: 24 },
    (_, i) => `"${1795378378 + i * 0.1}","${60 + i}","10.0.0.${1 + (i % 3)}","10.0.0.9","17","${5000 + i}","53"`,
  );
  const table = tableFromCsv(`${[head, ...rows].join('\n')}\n`);
  const spec = featureSpec();
  const W = stepWidth(spec);
  const labels = new Uint8Array(24);
  const pair = prepareWindows(table, labels, spec, { key: 'pair', size: 3, stride: 1 });
  const dst = prepareWindows(table, labels, spec, { key: 'dst', size: 3, stride: 1 });

  it("fills each pooled window from its own view, followed by that view's one-hot at every step", () => {
    const b = new ViewInputBuilder([pair, dst], spec);
    expect(b.width).toBe(W + 2);
    expect(b.count).toBe(pair.windows.count + dst.windows.count);
    expect(pair.windows.count).toBe(3 * 6); // 8 packets per pair, windows of 3
    expect(dst.windows.count).toBe(22);
    // Mixed order, both views: pooled windows 0 and 5 (pair), 18 and 39 (dst's 0 and 21).
    const picked = [18, 0, 39, 5];
    const out = b.fill(picked, new Float32Array(picked.length * 3 * (W + 2)));
    picked.forEach((g, j) => {
      const v = g < pair.windows.count ? 0 : 1;
      const own = (v === 0 ? pair : dst).builder.fill([g - b.offsets[v]], new Float32Array(3 * W));
      for (let k = 0; k < 3; k++) {
        const step = out.subarray((j * 3 + k) * (W + 2), (j * 3 + k + 1) * (W + 2));
        expect(Array.from(step.subarray(0, W))).toEqual(Array.from(own.subarray(k * W, (k + 1) * W)));
        expect(Array.from(step.subarray(W))).toEqual(v === 0 ? [1, 0] : [0, 1]);
      }
    });
    expect([0, 17, 18, 39].map((g) => b.viewOf(g))).toEqual([0, 0, 1, 1]);
  });

  it('leaves the one-hot as it is when normalising', () => {
    const b = new ViewInputBuilder([pair, dst], spec);
    const norm = withViewColumns(
      { mean: new Array<number>(W + 2).fill(5), std: new Array<number>(W + 2).fill(2) },
      W,
      2,
    );
    const out = b.fill([20], new Float32Array(3 * (W + 2)), norm);
    expect(Array.from(out.subarray(W, W + 2))).toEqual([0, 1]);
    expect(
      () => new ViewInputBuilder([pair, prepareWindows(table, labels, spec, { key: 'src', size: 4, stride: 1 })], spec),
    ).toThrow(/one size/);
  });
});
