/**
 * The session's finished runs, side by side (issue 20): what each run measured on its test rows, and which
 * test rows those were. Figures of two runs compare only when their test rows are the same, so each run
 * keeps what decides them (the capture, its labels, the split, the windows, the views) and the table marks
 * a run whose rows differ from the latest run's instead of mixing them silently.
 */
import { isTrees, TREE_DEPTH, type ModelConfig } from '../../core/model/model-config.ts';
import type { TrainOutcome } from '../../core/model/train-loop.ts';
import type { TrainEvent } from '../../workers/train-client.ts';
import type { TrainOptions } from '../../workers/train-messages.ts';

/**
 * What decides a run's test rows and their truth. Not the seed (the row split draws nothing) nor the benign
 * corpus (its rows are appended for training only).
 */
export interface TestRows {
  readonly fingerprint: string;
  /** labelsDigest of the labels the run trained on: relabelling changes the truth and the per-class split. */
  readonly labels: string;
  readonly split: string;
  readonly size: number;
  readonly stride: number;
  readonly labelRule: string;
  /** The views trained (a run stopped before its last view has fewer: its combined figures are theirs). */
  readonly views: readonly string[];
}

export interface RunRecord {
  /** The run's job id. */
  readonly id: number;
  /** "gbdt depth 6, at most 150 rounds" or "lstm 32 units × 1". */
  readonly model: string;
  readonly trees: boolean;
  readonly classes: readonly string[];
  /** The combined detector on the test rows. */
  readonly macroF1: number;
  /** Per class (as `classes`); null where the test rows hold no window of the class. */
  readonly f1: readonly (number | null)[];
  readonly alerted: number;
  readonly episodes: number;
  readonly falseAlertsPerHour: number;
  /** Seconds of trainViews in the worker (windows, split, training and test figures). */
  readonly trainS: number;
  /** The exported bundle's fast path, every view; null when it could not be measured. */
  readonly windowsPerS: number | null;
  readonly stopped: boolean;
  readonly testRows: TestRows;
}

type Done = Extract<TrainEvent, { type: 'train.done' }>;

/** What a record reads of a finished run (a train.done message is one). */
export type RunEnd = Pick<Done, 'jobId' | 'report' | 'alerts' | 'viewsAsked' | 'trainS' | 'windowsPerS'> & {
  readonly views: readonly { readonly name: string; readonly outcome: Pick<TrainOutcome, 'ended'> }[];
};

/** What the page knows of a run when it starts: its options and the capture copy's identity. */
export interface RunStart {
  readonly jobId: number;
  readonly options: TrainOptions;
  readonly fingerprint: string;
  readonly labels: string;
}

/** The model in a few words, from the config the run asked for. */
export function modelText(c: ModelConfig): string {
  if (isTrees(c.kind)) return `${c.kind} depth ${c.depth ?? TREE_DEPTH}, at most ${c.epochs} rounds`;
  return `${c.kind} ${c.units} units × ${c.layers}`;
}

export function runRecordOf(start: RunStart, e: RunEnd): RunRecord {
  const { options } = start;
  const r = e.report;
  return {
    id: e.jobId,
    model: modelText(options.config),
    trees: isTrees(options.config.kind),
    classes: r.classes,
    macroF1: r.macroF1,
    f1: r.perClass.map((c) => (c.support > 0 ? c.f1 : null)),
    alerted: e.alerts.episodes.filter((x) => x.alerted).length,
    episodes: e.alerts.episodes.length,
    falseAlertsPerHour: e.alerts.falseAlertsPerHour,
    trainS: e.trainS,
    windowsPerS: e.windowsPerS,
    stopped: e.viewsAsked.length > e.views.length || e.views.some((v) => v.outcome.ended === 'stopped'),
    testRows: {
      fingerprint: start.fingerprint,
      labels: start.labels,
      split: options.split,
      size: options.size,
      stride: options.stride,
      labelRule: options.labelRule,
      views: e.views.map((v) => v.name),
    },
  };
}

const TEST_ROW_PARTS: readonly [keyof TestRows, string][] = [
  ['fingerprint', 'capture'],
  ['labels', 'labels'],
  ['split', 'split'],
  ['size', 'window size'],
  ['stride', 'stride'],
  ['labelRule', 'window label'],
  ['views', 'views'],
];

/** What makes `a`'s test rows differ from `b`'s, in words (empty: the same rows, the figures compare). */
export function testRowsDiffer(a: TestRows, b: TestRows): string[] {
  return TEST_ROW_PARTS.filter(([k]) => String(a[k]) !== String(b[k])).map(([, name]) => name);
}

/** A run's F1 of a class by name (the latest run's classes head the table; another run may lack one). */
export function f1Of(run: RunRecord, cls: string): number | null {
  const i = run.classes.indexOf(cls);
  return i < 0 ? null : (run.f1[i] ?? null);
}

/**
 * A short digest of the labels a run trained on (FNV-1a over the class names and every row's class), so
 * two runs can tell whether their test rows carry the same truth without keeping the labels.
 */
export function labelsDigest(labels: Uint8Array, classNames: readonly string[]): string {
  let h = 0x811c9dc5;
  const mix = (b: number): void => {
    h = Math.imul(h ^ b, 0x01000193);
  };
  for (const name of classNames) {
    for (let i = 0; i < name.length; i++) {
      const c = name.charCodeAt(i);
      mix(c & 0xff);
      mix(c >>> 8);
    }
    mix(0);
  }
  for (let i = 0; i < labels.length; i++) mix(labels[i]);
  return `${(h >>> 0).toString(16)}:${labels.length}`;
}
