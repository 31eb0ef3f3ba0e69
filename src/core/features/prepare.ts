/**
 * From a labelled table to everything training and evaluation need: per-packet features, windows, their
 * classes and times. One function so the browser worker, the CLI and the benchmark prepare data alike.
 */
import type { PacketTable } from '../table/packet-table.ts';
import type { FeatureSpec } from './feature-spec.ts';
import { Featurizer } from './featurizer.ts';
import { packetColumns, type PacketColumns } from './packet-columns.ts';
import { SampleBuilder } from './samples.ts';
import { buildWindows, groupIds, windowLabels, type WindowSet, type WindowSpec } from './windows.ts';

export interface PreparedWindows {
  readonly cols: PacketColumns;
  readonly windows: WindowSet;
  readonly builder: SampleBuilder;
  /** Per window: class (by the label rule), first and last packet time, group id. */
  readonly labels: Uint8Array;
  readonly startUs: Float64Array;
  readonly endUs: Float64Array;
  readonly endRow: Int32Array;
  readonly group: Int32Array;
  readonly groups: number;
}

export function prepareWindows(
  table: PacketTable,
  rowLabels: Uint8Array,
  spec: FeatureSpec,
  windowSpec: WindowSpec,
  labelRule: 'last' | 'majority' = 'last',
): PreparedWindows {
  const cols = packetColumns(table);
  const featurizer = new Featurizer(spec, windowSpec.key);
  const perPacket = new Float32Array(cols.rows * spec.packet.length);
  const keys = featurizer.run(cols, 0, cols.rows, perPacket);
  const { ids, groups } = groupIds(keys);
  const windows = buildWindows(ids, groups, windowSpec);
  const n = windowSpec.size;
  const startUs = new Float64Array(windows.count);
  const endUs = new Float64Array(windows.count);
  const endRow = new Int32Array(windows.count);
  const group = new Int32Array(windows.count);
  for (let w = 0; w < windows.count; w++) {
    const s = windows.starts[w];
    startUs[w] = cols.timeUs[windows.order[s]];
    endRow[w] = windows.order[s + n - 1];
    endUs[w] = cols.timeUs[endRow[w]];
    group[w] = ids[endRow[w]];
  }
  return {
    cols,
    windows,
    builder: new SampleBuilder(cols, perPacket, spec, windows),
    labels: windowLabels(windows, rowLabels, labelRule),
    startUs,
    endUs,
    endRow,
    group,
    groups,
  };
}
