/**
 * A classification report: per-class table with macro-F1, the confusion matrix drawn and as a table (the
 * numbers must be readable without the picture), and the attack-vs-benign precision/recall curve.
 * `prefix` keeps the accessible names apart when two reports are on screen (test split, another capture).
 */
import { useMemo, type ReactNode } from 'react';
import type { ClassificationReport } from '../../core/model/metrics.ts';
import type { AttackCurve } from '../../workers/train-messages.ts';
import { PlotlyView } from '../explore/plotly-view.tsx';
import { formatCount } from '../format.ts';
import { buildAttackCurveFigure, buildConfusionFigure } from './train-figures.ts';
import { metric } from './train-format.ts';

export function MetricsView({
  report,
  curve,
  prefix,
}: {
  report: ClassificationReport;
  curve: AttackCurve | null;
  prefix: string;
}): ReactNode {
  const confusion = useMemo(() => buildConfusionFigure(report.classes, report.confusion), [report]);
  const pr = useMemo(() => (curve && curve.recall.length > 0 ? buildAttackCurveFigure(curve) : null), [curve]);
  const name = (s: string): string => (prefix ? `${prefix} ${s.charAt(0).toLowerCase()}${s.slice(1)}` : s);
  return (
    <div className="train-metrics">
      <div>
        <p>
          Macro F1{' '}
          <strong role="group" aria-label={name('Macro F1')}>
            {metric(report.macroF1)}
          </strong>{' '}
          · accuracy {metric(report.accuracy)}
        </p>
        <table aria-label={prefix ? `${prefix} metrics` : 'Test metrics'} className="data">
          <thead>
            <tr>
              <th>class</th>
              <th className="num">precision</th>
              <th className="num">recall</th>
              <th className="num">F1</th>
              <th className="num">support</th>
            </tr>
          </thead>
          <tbody>
            {report.classes.map((c, i) => {
              const m = report.perClass[i];
              return (
                <tr key={`${c}-${i}`}>
                  <th scope="row">{c}</th>
                  <td className="num">{metric(m.precision)}</td>
                  <td className="num">{metric(m.recall)}</td>
                  <td className="num">{metric(m.f1)}</td>
                  <td className="num">{formatCount(m.support)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <table aria-label={name('Confusion matrix table')} className="data confusion">
          <thead>
            <tr>
              <th>truth \ predicted</th>
              {report.classes.map((c, i) => (
                <th key={`${c}-${i}`} className="num">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {report.confusion.map((row, t) => (
              <tr key={t}>
                <th scope="row">{report.classes[t]}</th>
                {row.map((n, p) => (
                  <td key={p} className={`num${t === p ? ' agree' : n > 0 ? ' disagree' : ''}`}>
                    {formatCount(n)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <PlotlyView figure={confusion} label={name('Confusion matrix')} />
      {pr && <PlotlyView figure={pr} label={name('Attack precision-recall curve')} />}
    </div>
  );
}
