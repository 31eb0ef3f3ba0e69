import { describe, expect, it } from 'vitest';
import { TEST, TRAIN } from '../features/splits.ts';
import { combinedAttackCurve } from './combined-rows.ts';
import { attackCurve, classificationReport } from './metrics.ts';
import { viewsOnTest, type RowsOfRun, type ViewTest } from './views-on-test.ts';

const S = 1e6;
const CLASSES = ['benign', 'hping3', 'nmap'];
const vote = { k: 3, threshold: 0.5, minVotes: 2 };

/**
 * 40 test rows: benign, hping3 at 10-19 s, benign to 29 s, then nmap at 100-101 s and benign to 109 s (two
 * episodes, more than 60 s apart). Rows 0-4 are training rows.
 */
function run(): RowsOfRun {
  const timeUs = Float64Array.from({ length: 40 }, (_, r) => (r < 30 ? r : r + 70) * S);
  const rowLabels = Uint8Array.from({ length: 40 }, (_, r) => (r >= 10 && r < 20 ? 1 : r === 30 || r === 31 ? 2 : 0));
  const rowParts = Uint8Array.from({ length: 40 }, (_, r) => (r < 5 ? TRAIN : TEST));
  return { timeUs, rowLabels, rowParts, classes: CLASSES, benign: 0 };
}

/** A view with one window ending at each of `rows` (one group), calling `call(row)` with probability 0.9. */
function view(rows: number[], call: (row: number) => number): ViewTest {
  const { timeUs, rowLabels } = run();
  const probs = new Float32Array(rows.length * 3).fill(0.05);
  rows.forEach((r, i) => {
    probs[i * 3 + call(r)] = 0.9;
  });
  return {
    prepared: {
      endRow: Int32Array.from(rows),
      endUs: Float64Array.from(rows, (r) => timeUs[r]),
      group: new Int32Array(rows.length),
      labels: Uint8Array.from(rows, (r) => rowLabels[r]),
    },
    test: { windows: Int32Array.from(rows, (_, i) => i), probs },
  };
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);
// The pair view has no window of the nmap episode and catches the flood; the destination view calls only nmap.
const pair = view(range(5, 30), (r) => (r >= 10 && r < 20 ? 1 : 0));
const dst = view(range(5, 40), (r) => (r === 30 || r === 31 ? 2 : 0));

describe('viewsOnTest: every detector against the test split episodes', () => {
  it('counts the same episodes in every view and combined; an episode a view has no window of says so', () => {
    const r = viewsOnTest([pair, dst], run(), vote);
    const outcomes = [r.alerts, ...r.viewAlerts].map((a) =>
      a.episodes.map((e) => [e.tool, e.alerted, e.delay_s, e.attackWindows]),
    );
    expect(outcomes).toEqual([
      [
        ['hping3', true, 1, 20],
        ['nmap', true, 1, 2],
      ],
      [
        ['hping3', true, 1, 10],
        ['nmap', false, null, 0],
      ],
      [
        ['hping3', false, null, 10],
        ['nmap', true, 1, 2],
      ],
    ]);
  });

  it('combined over one view is that view (as when Stop leaves only the first)', () => {
    const both = viewsOnTest([pair, dst], run(), vote);
    const one = viewsOnTest([pair], run(), vote);
    expect(one.alerts).toEqual(one.viewAlerts[0]);
    expect(one.alerts).toEqual(both.viewAlerts[0]);
    const truth = pair.prepared.labels;
    const pred = Uint8Array.from(truth, (_, i) => (i >= 5 && i < 15 ? 1 : 0));
    expect(one.report).toEqual(classificationReport(truth, pred, CLASSES));
    expect(one.curve).toEqual(attackCurve(truth, pair.test.probs, 3, 0));
  });
});

describe('combinedAttackCurve', () => {
  it('scores each packet by the highest attack score any view gave it', () => {
    // Rows 0-3, truth benign, attack, attack, benign. View a ends windows at rows 0-2, view b at rows 1-3.
    const rowLabels = Uint8Array.from([0, 1, 1, 0]);
    const a = { prepared: { endRow: Int32Array.from([0, 1, 2]) }, windows: [0, 1, 2], probs: new Float32Array(6) };
    const b = { prepared: { endRow: Int32Array.from([1, 2, 3]) }, windows: [0, 1, 2], probs: new Float32Array(6) };
    // p(benign) per window (two classes): a 0.9 0.3 0.6, b 0.8 0.1 0.5.
    for (const [v, benign] of [
      [a, [0.9, 0.3, 0.6]],
      [b, [0.8, 0.1, 0.5]],
    ] as const)
      benign.forEach((p, i) => {
        v.probs.set([p, 1 - p], i * 2);
      });
    const c = combinedAttackCurve([a, b], rowLabels, 2, [false, true]);
    // Attack scores per row: 0.1, max(0.7, 0.2), max(0.4, 0.9), 0.5.
    expect(c.threshold.map((t) => Math.round(t * 10) / 10)).toEqual([0.9, 0.7, 0.5, 0.1]);
    expect(c.recall).toEqual([0.5, 1, 1, 1]);
    expect(c.precision).toEqual([1, 1, 2 / 3, 0.5]);
    // One view alone (a packet ends at most one of its windows) is that view's own curve.
    const alone = combinedAttackCurve([a], rowLabels.subarray(0, 3), 2, [false, true]);
    expect(alone).toEqual(attackCurve(rowLabels.subarray(0, 3), a.probs, 2, 0));
  });
});
