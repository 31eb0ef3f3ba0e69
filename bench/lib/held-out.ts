/**
 * Row splits for the benchmarks that hold lab-a's episodes out (bench/generalise, bench/layouts): which rows
 * train, validate and test, given per row as TrainRequest.rowParts.
 */
import type { EpisodeSpan } from '../../src/core/detect/alert-eval.ts';
import { labelRuns, STRETCH_GAP_US } from '../../src/core/features/label-runs.ts';
import { TEST, TRAIN, VALIDATION } from '../../src/core/features/splits.ts';
import type { PacketTable } from '../../src/core/table/packet-table.ts';

export interface Lab {
  table: PacketTable;
  classes: string[];
  rowLabels: Uint8Array;
  episodes: EpisodeSpan[];
}

/** Per row: VALIDATION for the last 15% (in time) of each class stretch among rows marked TRAIN. */
export function carveValidation(lab: Lab, parts: Uint8Array): Uint8Array {
  const runs = labelRuns(lab.table.timeUs, lab.rowLabels, STRETCH_GAP_US, 0);
  const times = new Map<number, number[]>();
  const keyOf = (r: number): number => (lab.rowLabels[r] === 0 ? -1 : runs[r]);
  for (let r = 0; r < parts.length; r++) {
    if (parts[r] !== TRAIN) continue;
    const k = keyOf(r);
    let l = times.get(k);
    if (!l) {
      l = [];
      times.set(k, l);
    }
    l.push(lab.table.timeUs[r]);
  }
  const cut = new Map<number, number>();
  for (const [k, l] of times) cut.set(k, l[Math.floor(0.85 * (l.length - 1))]);
  for (let r = 0; r < parts.length; r++)
    if (parts[r] === TRAIN && lab.table.timeUs[r] > (cut.get(keyOf(r)) ?? Infinity)) parts[r] = VALIDATION;
  return parts;
}

/** Train on episodes 1-6 and the benign traffic until then (`marginUs` before episode 7), test on the rest. */
export function firstSix(lab: Lab, marginUs: number): Uint8Array {
  const cutUs = lab.episodes[6].startUs - marginUs;
  const parts = new Uint8Array(lab.table.rowCount);
  for (let r = 0; r < parts.length; r++) parts[r] = lab.table.timeUs[r] < cutUs ? TRAIN : TEST;
  return carveValidation(lab, parts);
}
