/**
 * The combined detector ("any view fires") at window level: every packet that ends a window in some view
 * is one item; its call is the most confident attack call any view made there, else benign, and its attack
 * score (for the precision/recall curve) the highest 1 - p(benign) any view gave there. Its truth is the
 * packet's label. The test split (train-views.ts) and a capture (evaluate-views.ts) both combine this way.
 */
import type { PreparedWindows } from '../features/prepare.ts';
import { argmaxRows, attackCurveOfScores, classificationReport, type AttackCurveData } from './metrics.ts';
import type { ClassificationReport } from './metrics.ts';

/** What one view predicted on some of its windows (`probs`: one row of class probabilities per entry). */
export interface ViewPredictions {
  readonly prepared: Pick<PreparedWindows, 'endRow'>;
  readonly windows: ArrayLike<number>;
  readonly probs: Float32Array;
}

export interface CombinedRows {
  /** Rows that end a window in some view, ascending. */
  readonly rows: Int32Array;
  readonly truth: Uint8Array;
  readonly pred: Uint8Array;
  readonly attackScore: Float64Array;
}

export function combinedRows(
  preds: readonly ViewPredictions[],
  rowLabels: Uint8Array,
  classes: number,
  malicious: readonly boolean[],
): CombinedRows {
  const benign = Math.max(0, malicious.indexOf(false));
  const best = new Int32Array(rowLabels.length).fill(-1);
  const score = new Float32Array(rowLabels.length);
  const attack = new Float64Array(rowLabels.length).fill(-1);
  for (const { prepared, windows, probs } of preds) {
    const pred = argmaxRows(probs, classes);
    for (let i = 0; i < windows.length; i++) {
      const row = prepared.endRow[windows[i]];
      const c = pred[i];
      const p = probs[i * classes + c];
      const a = 1 - probs[i * classes + benign];
      if (a > attack[row]) attack[row] = a;
      if (malicious[c]) {
        if (best[row] < 0 || !malicious[best[row]] || p > score[row]) {
          best[row] = c;
          score[row] = p;
        }
      } else if (best[row] < 0) {
        best[row] = c;
        score[row] = p;
      }
    }
  }
  const kept: number[] = [];
  for (let r = 0; r < best.length; r++) if (best[r] >= 0) kept.push(r);
  const rows = Int32Array.from(kept);
  return {
    rows,
    truth: Uint8Array.from(rows, (r) => rowLabels[r]),
    pred: Uint8Array.from(rows, (r) => best[r]),
    attackScore: Float64Array.from(rows, (r) => attack[r]),
  };
}

/** Window-level metrics of "any view": per packet ending a window, the most confident malicious call, else benign. */
export function combinedReport(
  preds: readonly ViewPredictions[],
  rowLabels: Uint8Array,
  classes: readonly string[],
  malicious: readonly boolean[],
): ClassificationReport {
  const { truth, pred } = combinedRows(preds, rowLabels, classes.length, malicious);
  const names = [...classes];
  const maxLabel = truth.reduce((m, l) => Math.max(m, l), 0);
  for (let c = names.length; c <= maxLabel; c++) names.push(`class ${c}`);
  return classificationReport(truth, pred, names);
}

/** The attack-vs-benign precision/recall curve of "any view", over the same packets as combinedReport. */
export function combinedAttackCurve(
  preds: readonly ViewPredictions[],
  rowLabels: Uint8Array,
  classes: number,
  malicious: readonly boolean[],
): AttackCurveData {
  const { truth, attackScore } = combinedRows(preds, rowLabels, classes, malicious);
  const benign = Math.max(0, malicious.indexOf(false));
  return attackCurveOfScores(truth, attackScore, benign);
}
