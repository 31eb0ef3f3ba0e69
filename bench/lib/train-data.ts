/**
 * The training data the benchmark times: FILE loaded with the CLI's reader, classes from its label column
 * (`attack` by default), windows prepared and split exactly as training does.
 */
import { loadCsvFile } from '../../cli/lib/load-csv-file.ts';
import { featureSpec } from '../../src/core/features/feature-spec.ts';
import { prepareWindows, type PreparedWindows } from '../../src/core/features/prepare.ts';
import { fitNormaliser } from '../../src/core/features/samples.ts';
import { splitWindows, TRAIN, VALIDATION } from '../../src/core/features/splits.ts';
import type { TrainData } from '../../src/core/model/train-loop.ts';
import { findColumn, type PacketTable } from '../../src/core/table/packet-table.ts';

const BENIGN_VALUES = new Set(['', 'benign', 'normal', 'none', '0', '-']);

/** Row classes from a string column: benign-looking values are 0, every other value its own class. */
export function rowClasses(table: PacketTable, column: string): { labels: Uint8Array; classes: string[] } {
  const c = findColumn(table, column);
  if (c?.kind !== 'string') throw new Error(`no text column "${column}" to take classes from`);
  const classes = ['benign'];
  const lut = new Uint8Array(c.dict.length);
  for (let code = 1; code < c.dict.length; code++) {
    const v = c.dict[code].trim();
    if (BENIGN_VALUES.has(v.toLowerCase())) continue;
    let id = classes.indexOf(v);
    if (id < 0) {
      id = classes.length;
      classes.push(v);
    }
    lut[code] = id;
  }
  const labels = new Uint8Array(table.rowCount);
  for (let r = 0; r < labels.length; r++) labels[r] = lut[c.codes[r]];
  return { labels, classes };
}

export interface BenchData {
  readonly prepared: PreparedWindows;
  readonly data: TrainData;
  readonly rows: number;
}

export async function benchData(file: string, labelColumn: string, windowSize: number): Promise<BenchData> {
  const { table } = await loadCsvFile(file);
  const { labels, classes } = rowClasses(table, labelColumn);
  const prepared = prepareWindows(table, labels, featureSpec(), { key: 'pair', size: windowSize, stride: 1 });
  const split = splitWindows(
    { startUs: prepared.startUs, endUs: prepared.endUs, labels: prepared.labels },
    'per-class',
    classes,
  );
  const pick = (p: number): Int32Array => Int32Array.from(indicesWhere(split.part, p));
  const train = pick(TRAIN);
  const norm = fitNormaliser(prepared.builder, train);
  return {
    prepared,
    rows: table.rowCount,
    data: {
      builder: prepared.builder,
      norm,
      labels: prepared.labels,
      train,
      validation: pick(VALIDATION),
      classes,
      endUs: prepared.endUs,
    },
  };
}

function* indicesWhere(a: Uint8Array, v: number): Generator<number> {
  for (let i = 0; i < a.length; i++) if (a[i] === v) yield i;
}

/** `n` training windows spread evenly over the training split, normalised, as one [n, steps, width] array. */
export function sampleTensorData(d: TrainData, n: number): { x: Float32Array; y: Int32Array; n: number } {
  const m = Math.min(n, d.train.length);
  const picked = Int32Array.from({ length: m }, (_, i) => d.train[Math.floor((i * d.train.length) / m)]);
  const x = d.builder.fill(picked, new Float32Array(m * d.builder.steps * d.builder.width), d.norm);
  return { x, y: Int32Array.from(picked, (w) => d.labels[w]), n: m };
}
