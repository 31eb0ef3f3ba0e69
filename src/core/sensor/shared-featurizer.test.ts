/**
 * Views of one sensor share a featurizer (flow and pair memories) and a budget of slots: each view's windows
 * must still be training's windows for its own grouping (lab-a, first 20k packets, batches of varied sizes).
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { featureSpec, stepWidth } from '../features/feature-spec.ts';
import type { GroupKey } from '../features/group-key.ts';
import { packetColumns } from '../features/packet-columns.ts';
import { prepareWindows } from '../features/prepare.ts';
import { fitNormaliser } from '../features/samples.ts';
import { CsvLoad } from '../ingest/csv-load.ts';
import { CsvBatcher } from './csv-batcher.ts';
import { groupPools } from './group-table.ts';
import { StreamFeaturizer } from './stream-featurizer.ts';
import { denseWindows } from './window-inputs.ts';
import { StreamWindower } from './stream-windower.ts';

const ROWS = 20_000;
const KEYS: readonly GroupKey[] = ['pair', 'src', 'dst', 'flow'];

describe('views sharing one featurizer and one slot budget', () => {
  const text = gunzipSync(readFileSync('public/samples/lab-a/packets.csv.gz'));
  let nl = -1;
  for (let i = 0; i <= ROWS; i++) nl = text.indexOf(0x0a, nl + 1);
  const bytes = new Uint8Array(text.subarray(0, nl + 1));
  const load = new CsvLoad({ fileName: 'lab-a', fileBytes: bytes.length, compressed: false });
  load.push(bytes);
  const { table } = load.finish();
  const spec = featureSpec();
  const size = 6;
  const W = stepWidth(spec);
  const per = size * W;

  it('give each view the windows training cuts for its grouping', () => {
    const prepared = KEYS.map((key) =>
      prepareWindows(table, new Uint8Array(table.rowCount), spec, { key, size, stride: 1 }),
    );
    const norms = prepared.map((p) =>
      fitNormaliser(
        p.builder,
        Int32Array.from({ length: p.windows.count }, (_, i) => i),
      ),
    );
    const limits = { maxGroups: 1e9, idleUs: Infinity };
    const shared = new StreamFeaturizer(spec, limits.maxGroups);
    const pools = groupPools(size, spec.packet.length, limits.maxGroups);
    const windowers = KEYS.map(
      (key, k) => new StreamWindower(spec, key, size, norms[k], limits, undefined, pools, shared),
    );
    const windowAtRow = prepared.map((p) => {
      const at = new Int32Array(table.rowCount).fill(-1);
      for (let w = 0; w < p.windows.count; w++) at[p.endRow[w]] = w;
      return at;
    });
    const seen = KEYS.map(() => 0);
    const expected = new Float32Array(per);
    let worst = 0;
    let row0 = 0;
    const batcher = new CsvBatcher();
    for (let at = 0, i = 0; at < bytes.length; i++) {
      const n = [5000, 13, 64 * 1024, 999][i % 4];
      batcher.push(bytes.subarray(at, at + n));
      at += n;
      if (at >= bytes.length) batcher.end();
      const b = batcher.take();
      if (!b.table) continue;
      const cols = packetColumns(b.table);
      const rows = shared.run(cols);
      windowers.forEach((win, k) => {
        const out = win.push(cols, rows);
        const x = denseWindows(out.inputs);
        for (let j = 0; j < out.n; j++) {
          const w = windowAtRow[k][row0 + out.endRows[j]];
          expect(w, `${KEYS[k]}: row ${row0 + out.endRows[j]} ends a window in training`).toBeGreaterThanOrEqual(0);
          prepared[k].builder.fill([w], expected, norms[k]);
          for (let v = 0; v < per; v++) worst = Math.max(worst, Math.abs(x[j * per + v] - expected[v]));
          seen[k]++;
        }
      });
      row0 += b.table.rowCount;
    }
    expect(row0).toBe(table.rowCount);
    expect(seen).toEqual(prepared.map((p) => p.windows.count));
    expect(worst).toBeLessThanOrEqual(1e-6);
  }, 120_000);

  it('refuses a shared featurizer of another feature spec', () => {
    const other = new StreamFeaturizer({ ...spec, portServices: !spec.portServices }, 10);
    expect(
      () =>
        new StreamWindower(
          spec,
          'src',
          size,
          { mean: [], std: [] },
          { maxGroups: 10, idleUs: 1 },
          undefined,
          undefined,
          other,
        ),
    ).toThrow(/feature spec/);
  });
});
