/**
 * The crucial invariant: the sensor's streaming windows are training's windows. lab-a's CSV is fed through
 * the sensor's batcher in batches of varied sizes; every window's normalised input must equal
 * SampleBuilder's for the same window, and the sensor's predictions must equal evaluation's (predictWindows,
 * which evaluateOn runs) for the same model.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { nodeTf } from '../../../cli/lib/tf-node.ts';
import { featureSpec, stepWidth } from '../features/feature-spec.ts';
import { prepareWindows } from '../features/prepare.ts';
import { fitNormaliser } from '../features/samples.ts';
import { CsvLoad } from '../ingest/csv-load.ts';
import { buildModel } from '../model/build-model.ts';
import { DEFAULT_MODEL_CONFIG } from '../model/model-config.ts';
import { predictWindows } from '../model/predict.ts';
import { packetColumns } from '../features/packet-columns.ts';
import { CsvBatcher } from './csv-batcher.ts';
import { tfjsClassifier } from './classifier.ts';
import { StreamWindower } from './stream-windower.ts';
import { denseWindows } from './window-inputs.ts';
import { sliceRows } from '../table/slice-rows.ts';

const ROWS = 20_000;
const text = gunzipSync(readFileSync('public/samples/lab-a/packets.csv.gz'));
/** The header and the first ROWS packet lines. */
function slice(): Uint8Array {
  let nl = -1;
  for (let i = 0; i <= ROWS; i++) nl = text.indexOf(0x0a, nl + 1);
  return new Uint8Array(text.subarray(0, nl + 1));
}

describe('streaming windows equal training windows (lab-a, first 20k packets)', () => {
  const bytes = slice();
  const load = new CsvLoad({ fileName: 'lab-a', fileBytes: bytes.length, compressed: false });
  load.push(bytes);
  const { table } = load.finish();
  const spec = featureSpec();
  const size = 8;
  const prepared = prepareWindows(table, new Uint8Array(table.rowCount), spec, { key: 'pair', size, stride: 1 });
  const all = Int32Array.from({ length: prepared.windows.count }, (_, i) => i);
  const norm = fitNormaliser(prepared.builder, all);
  const W = stepWidth(spec);
  const per = size * W;
  // Training's window ending at each table row.
  const windowAtRow = new Int32Array(table.rowCount).fill(-1);
  for (let w = 0; w < prepared.windows.count; w++) windowAtRow[prepared.endRow[w]] = w;

  it('every window input matches SampleBuilder, whatever the batch sizes', async () => {
    const batcher = new CsvBatcher();
    const windower = new StreamWindower(spec, 'pair', size, norm, { maxGroups: 1e9, idleUs: Infinity });
    const expected = new Float32Array(per);
    let row0 = 0;
    let seen = 0;
    let worst = 0;
    let at = 0;
    const sizes = [1, 7, 300, 5000, 64 * 1024, 123, 200_000];
    for (let i = 0; at < bytes.length; i++) {
      const n = sizes[i % sizes.length];
      batcher.push(bytes.subarray(at, at + n));
      at += n;
      if (i % 3 !== 2 && at < bytes.length) continue;
      if (at >= bytes.length) batcher.end();
      const b = batcher.take();
      if (!b.table) continue;
      const cols = packetColumns(b.table);
      const out = windower.push(cols);
      const x = denseWindows(out.inputs);
      // Rows are shared: a batch's windows hold fewer distinct rows than steps (most groups have several windows).
      if (out.n > 50) expect(out.inputs.rowCount).toBeLessThan(out.n * size);
      for (let j = 0; j < out.n; j++) {
        const r = row0 + out.endRows[j];
        expect(cols.timeUs[out.endRows[j]]).toBe(table.timeUs[r]);
        const w = windowAtRow[r];
        expect(w, `row ${r} ends a window in training`).toBeGreaterThanOrEqual(0);
        prepared.builder.fill([w], expected, norm);
        const got = x.subarray(j * per, (j + 1) * per);
        for (let k = 0; k < per; k++) worst = Math.max(worst, Math.abs(got[k] - expected[k]));
        seen++;
      }
      row0 += b.table.rowCount;
    }
    expect(row0).toBe(table.rowCount);
    expect(seen).toBe(prepared.windows.count);
    expect(worst).toBeLessThanOrEqual(1e-6);
  }, 60_000);

  it('with a stride, gives every stride-th window of each group, with the same inputs', () => {
    const cols = packetColumns(table);
    const every = new StreamWindower(spec, 'pair', size, norm, { maxGroups: 1e9, idleUs: Infinity }).push(cols);
    const strided = new StreamWindower(spec, 'pair', size, norm, { maxGroups: 1e9, idleUs: Infinity, stride: 3 }).push(
      cols,
    );
    const kept = [...Array(every.n).keys()].filter((j) => (every.groupPackets[j] - size) % 3 === 0);
    expect(strided.n).toBe(kept.length);
    expect(strided.n).toBeGreaterThan(every.n / 4);
    const a = denseWindows(every.inputs);
    const b = denseWindows(strided.inputs);
    kept.forEach((j, i) => {
      expect(strided.endRows[i]).toBe(every.endRows[j]);
      expect(strided.groups[i]).toBe(every.groups[j]);
      expect(b.subarray(i * per, (i + 1) * per)).toEqual(a.subarray(j * per, (j + 1) * per));
    });
  });

  it('shares rows within a batch only while they hold the same packet, under evictions and slot reuse', () => {
    // Two groups remembered: slots are evicted and taken by other groups mid-batch, rings wrap. One batch
    // (rows shared across windows) must give the windows that one-packet batches (nothing shared) give.
    const part = table;
    const limits = { maxGroups: 2, idleUs: Infinity };
    const whole = new StreamWindower(spec, 'pair', size, norm, limits).push(packetColumns(part));
    const single = new StreamWindower(spec, 'pair', size, norm, limits);
    const one: Float32Array[] = [];
    for (let r = 0; r < part.rowCount; r++) {
      const b = single.push(packetColumns(sliceRows(part, r, r + 1)));
      if (b.n) one.push(denseWindows(b.inputs));
    }
    expect(whole.n).toBe(one.length);
    expect(whole.n).toBeGreaterThan(10_000);
    expect(single.evicted, 'groups evicted (some after windows in the batch)').toBeGreaterThanOrEqual(10);
    expect(whole.inputs.rowCount).toBeLessThan((whole.n * size) / 3);
    const x = denseWindows(whole.inputs);
    one.forEach((w, j) => {
      expect(x.subarray(j * per, (j + 1) * per), `window ${j}`).toEqual(w);
    });
  });

  it('the sensor classifier predicts what evaluation predicts', async () => {
    const tf = await nodeTf();
    const model = buildModel(tf, { ...DEFAULT_MODEL_CONFIG, units: 16, layers: 1 }, size, W, 4);
    const picked = all.subarray(0, 3000);
    const reference = await predictWindows(tf, model, prepared.builder, norm, picked, 512);
    const x = new Float32Array(picked.length * per);
    prepared.builder.fill(picked, x, norm);
    const got = await tfjsClassifier(tf, model, size, W, 700).predict(x, picked.length);
    let worst = 0;
    for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i] - reference[i]));
    expect(worst).toBeLessThanOrEqual(1e-6);
    model.dispose();
  }, 60_000);
});
