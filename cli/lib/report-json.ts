/** The metrics JSON the train and evaluate CLIs print (snake_case, keyed by class name, for scripts). */
import type { ClassificationReport } from '../../src/core/model/metrics.ts';

export interface ReportJson {
  readonly macro_f1: number;
  readonly accuracy: number;
  readonly per_class: Record<string, { precision: number; recall: number; f1: number; support: number }>;
  readonly confusion: { readonly labels: readonly string[]; readonly matrix: readonly (readonly number[])[] };
}

const round = (v: number): number => Math.round(v * 1e6) / 1e6;

export function reportJson(r: ClassificationReport): ReportJson {
  const per_class: ReportJson['per_class'] = {};
  r.classes.forEach((name, c) => {
    const m = r.perClass[c];
    per_class[name] = { precision: round(m.precision), recall: round(m.recall), f1: round(m.f1), support: m.support };
  });
  return {
    macro_f1: round(r.macroF1),
    accuracy: round(r.accuracy),
    per_class,
    confusion: { labels: [...r.classes], matrix: r.confusion },
  };
}

export interface CliOutcome {
  readonly lines: string[];
  readonly errors: string[];
  readonly exitCode: 0 | 1 | 2;
}

export { describeError } from './error-words.ts';
