import { describe, expect, it } from 'vitest';
import { TRAIN, VALIDATION } from '../features/splits.ts';
import { isPresent, type PacketTable } from '../table/packet-table.ts';
import { DEFAULT_MODEL_CONFIG } from '../model/model-config.ts';
import { withTrainingVariants } from '../model/train-views.ts';
import { withBenignTables } from './benign-rows.ts';

const S = 1e6;
function table(times: number[], srcs: string[], ports: (number | null)[], extraColumn = true): PacketTable {
  const n = times.length;
  const present = new Uint8Array(Math.ceil(n / 8));
  ports.forEach((p, r) => {
    if (p !== null) present[r >>> 3] |= 1 << (r & 7);
  });
  const dict = ['', ...new Set(srcs)];
  return {
    rowCount: n,
    timeUs: Float64Array.from(times, (t) => t * S),
    timeNs: new Uint16Array(n),
    columns: [
      { kind: 'string', name: 'ip.src', type: 'string', codes: Uint8Array.from(srcs, (s) => dict.indexOf(s)), dict },
      { kind: 'int', name: 'tcp.dstport', type: 'uint', values: Uint16Array.from(ports, (p) => p ?? 0), present },
      ...(extraColumn ? [{ kind: 'float', name: 'x', type: 'float', values: Float64Array.from(times) }] : []),
    ],
  } as unknown as PacketTable;
}

describe('withBenignTables', () => {
  it('appends each table after the capture and the one before, a minute apart, benign and for training only', () => {
    const base = table([100, 101], ['10.0.0.1', '10.0.0.2'], [80, 22]);
    const a = table([5, 6, 7], ['10.9.9.9', '10.0.0.1', '10.9.9.9'], [443, null, 53], false);
    const b = table([50], ['10.8.8.8'], [8080]);
    const r = withBenignTables(base, Uint8Array.of(2, 0), Uint8Array.of(TRAIN, VALIDATION), [a, b]);
    expect(r.rows).toBe(4);
    expect([...r.table.timeUs].map((t) => t / S)).toEqual([100, 101, 161, 162, 163, 223]);
    expect([...r.rowLabels]).toEqual([2, 0, 0, 0, 0, 0]);
    expect([...r.rowParts]).toEqual([TRAIN, VALIDATION, TRAIN, TRAIN, TRAIN, TRAIN]);
    const [src, port, x] = r.table.columns;
    if (src.kind !== 'string' || port.kind !== 'int' || x.kind !== 'float') throw new Error('kinds');
    // One dictionary: the capture's strings keep their codes, the corpus's are added.
    expect([...src.codes].map((c) => src.dict[c])).toEqual([
      '10.0.0.1',
      '10.0.0.2',
      '10.9.9.9',
      '10.0.0.1',
      '10.9.9.9',
      '10.8.8.8',
    ]);
    expect([...port.values].filter((_, i) => isPresent(port.present, i))).toEqual([80, 22, 443, 53, 8080]);
    expect(isPresent(port.present, 3)).toBe(false);
    // A column the corpus table lacks is missing in its rows.
    expect([...x.values].map((v) => (Number.isNaN(v) ? null : v))).toEqual([100, 101, null, null, null, 50]);
  });

  it('returns the capture untouched when there is nothing to add', () => {
    const base = table([1], ['a'], [1]);
    const r = withBenignTables(base, Uint8Array.of(0), Uint8Array.of(TRAIN), []);
    expect(r.table).toBe(base);
    expect(r.rows).toBe(0);
  });
});

describe('training with a benign corpus', () => {
  it('appends the corpus to the training rows only, says how many, and keeps every per-row array aligned', () => {
    const base = table(
      Array.from({ length: 40 }, (_, i) => 100 + i),
      Array.from({ length: 40 }, (_, i) => (i < 20 ? '10.0.0.1' : '10.0.0.2')),
      Array.from({ length: 40 }, () => 80),
    );
    const labels = Uint8Array.from({ length: 40 }, (_, i) => (i >= 20 ? 1 : 0));
    const corpus = table([5, 6, 7], ['10.9.9.9', '10.9.9.9', '10.9.9.8'], [443, 443, 53]);
    const req = withTrainingVariants({
      table: base,
      rowLabels: labels,
      classes: ['benign', 'attack'],
      labelRule: 'last',
      split: 'per-class',
      config: DEFAULT_MODEL_CONFIG,
      fingerprint: 'f',
      fileName: 'x.csv',
      views: [{ name: 'pair', key: 'pair' }],
      size: 5,
      stride: 1,
      randSourceFloods: false,
      episodes: new Int32Array(40).fill(-1),
      benignTables: [corpus],
    });
    expect(req.table.rowCount).toBe(43);
    expect(req.benignRows).toBe(3);
    expect([...req.rowLabels.subarray(40)]).toEqual([0, 0, 0]);
    expect([...req.rowParts.subarray(40)]).toEqual([TRAIN, TRAIN, TRAIN]);
    expect(req.episodes).toHaveLength(43);
    // The capture's own rows keep the split drawn on them alone.
    expect([...req.rowParts.subarray(0, 40)]).toEqual([
      ...withTrainingVariants({
        ...req,
        table: base,
        rowLabels: labels,
        episodes: new Int32Array(40).fill(-1),
        benignTables: [],
        rowParts: undefined,
      }).rowParts,
    ]);
  });
});
