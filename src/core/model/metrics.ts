/** Classification metrics on windows: per-class precision/recall/F1, macro-F1, confusion, attack-vs-benign curve. */

export interface ClassMetrics {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly support: number;
}

export interface ClassificationReport {
  readonly classes: readonly string[];
  readonly perClass: readonly ClassMetrics[];
  /** Mean F1 over the classes that have support (a class absent from the data says nothing). */
  readonly macroF1: number;
  readonly accuracy: number;
  /** confusion[truth][pred]. */
  readonly confusion: readonly (readonly number[])[];
}

export function classificationReport(
  truth: ArrayLike<number>,
  pred: ArrayLike<number>,
  classes: readonly string[],
): ClassificationReport {
  const C = classes.length;
  const confusion = Array.from({ length: C }, () => new Array<number>(C).fill(0));
  let right = 0;
  for (let i = 0; i < truth.length; i++) {
    confusion[truth[i]][pred[i]]++;
    if (truth[i] === pred[i]) right++;
  }
  const perClass = classes.map((_, c) => {
    const tp = confusion[c][c];
    const support = confusion[c].reduce((a, b) => a + b, 0);
    let predicted = 0;
    for (let t = 0; t < C; t++) predicted += confusion[t][c];
    const precision = predicted ? tp / predicted : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    return { precision, recall, f1, support };
  });
  const supported = perClass.filter((m) => m.support > 0);
  const macroF1 = supported.length ? supported.reduce((a, m) => a + m.f1, 0) / supported.length : 0;
  return { classes: [...classes], perClass, macroF1, accuracy: truth.length ? right / truth.length : 0, confusion };
}

export function argmaxRows(probs: Float32Array, classes: number): Uint8Array {
  const n = probs.length / classes;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (probs[i * classes + c] > probs[i * classes + best]) best = c;
    out[i] = best;
  }
  return out;
}

/**
 * Precision and recall of "attack" (any class but benign) as the threshold on 1 - p(benign) falls, one point
 * per distinct score (thinned to at most `maxPoints`), highest threshold first.
 */
export function attackCurve(
  truth: ArrayLike<number>,
  probs: Float32Array,
  classes: number,
  benign: number,
  maxPoints = 200,
): AttackCurveData {
  const score = Float64Array.from({ length: truth.length }, (_, i) => 1 - probs[i * classes + benign]);
  return attackCurveOfScores(truth, score, benign, maxPoints);
}

export interface AttackCurveData {
  precision: number[];
  recall: number[];
  threshold: number[];
}

/** The same sweep over any attack score per item (the combined detector's: the highest any view gave). */
export function attackCurveOfScores(
  truth: ArrayLike<number>,
  score: ArrayLike<number>,
  benign: number,
  maxPoints = 200,
): AttackCurveData {
  const n = truth.length;
  let positives = 0;
  for (let i = 0; i < n; i++) if (truth[i] !== benign) positives++;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => score[b] - score[a]);
  const all: { p: number; r: number; t: number }[] = [];
  let tp = 0;
  let fp = 0;
  for (let j = 0; j < n; j++) {
    const i = order[j];
    if (truth[i] !== benign) tp++;
    else fp++;
    if (j + 1 < n && score[order[j + 1]] === score[i]) continue; // ties share one threshold
    all.push({ p: tp / (tp + fp), r: positives ? tp / positives : 0, t: score[i] });
  }
  const step = Math.max(1, Math.ceil(all.length / maxPoints));
  const kept = all.filter((_, j) => j % step === 0 || j === all.length - 1);
  return { precision: kept.map((x) => x.p), recall: kept.map((x) => x.r), threshold: kept.map((x) => x.t) };
}
