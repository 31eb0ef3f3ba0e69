/**
 * The figures of a detector of views: a table comparing the combined detector ("any view fires") with each
 * view, then one tab per detector with its classification report (MetricsView) and alert report
 * (AlertsView). Used for the test split of a run and for a bundle evaluated on a capture.
 */
import type { ReactNode } from 'react';
import type { AlertReport } from '../../core/model/alert-report.ts';
import type { ClassificationReport } from '../../core/model/metrics.ts';
import type { AttackCurve } from '../../workers/train-messages.ts';
import { formatCount } from '../format.ts';
import { AlertsView } from './alerts-view.tsx';
import { MetricsView } from './metrics-view.tsx';
import { metric } from './train-format.ts';
import { ViewTabs } from './view-tabs.tsx';

export interface DetectorResult {
  /** "Combined" or the view's name. */
  readonly name: string;
  /** Null without labels to score against. */
  readonly report: ClassificationReport | null;
  readonly curve: AttackCurve | null;
  readonly alerts: AlertReport;
  /** Windows scored (combined: packets that end a scored window in some view). */
  readonly windows: number;
  /** What this detector is, in words (shown above its figures). */
  readonly about: ReactNode;
}

export interface DetectorResultsProps {
  /** The tab list's name, e.g. "Test split results". */
  readonly label: string;
  /** Prefix of MetricsView's accessible names ('' on the test split: "Test metrics"). */
  readonly prefix: string;
  /** Where the episodes are: "in the test split", "in this capture". */
  readonly where: string;
  readonly k: number;
  readonly results: readonly DetectorResult[];
}

export function DetectorResults({ label, prefix, where, k, results }: DetectorResultsProps): ReactNode {
  return (
    <>
      <table aria-label="Detectors compared" className="data">
        <thead>
          <tr>
            <th>detector</th>
            <th
              className="num"
              title="Windows scored; for the combined detector, packets that end a scored window in some view"
            >
              windows
            </th>
            <th className="num">macro F1</th>
            <th className="num">accuracy</th>
            <th className="num">episodes alerted</th>
            <th className="num">false alerts / h</th>
          </tr>
        </thead>
        <tbody>
          {results.map((r) => (
            <tr key={r.name}>
              <th scope="row">{r.name}</th>
              <td className="num">{formatCount(r.windows)}</td>
              <td className="num">{metric(r.report?.macroF1)}</td>
              <td className="num">{metric(r.report?.accuracy)}</td>
              <td className="num">
                {r.alerts.episodes.filter((e) => e.alerted).length} of {r.alerts.episodes.length}
              </td>
              <td className="num">{r.alerts.falseAlertsPerHour.toFixed(1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ViewTabs
        label={label}
        tabs={results.map((r) => ({
          name: r.name,
          render: () => (
            <>
              <p className="muted" role="group" aria-label="Detector">
                {r.about}
              </p>
              {r.report ? (
                <MetricsView report={r.report} curve={r.curve} prefix={prefix} />
              ) : (
                <p>No labels to score against.</p>
              )}
              <AlertsView alerts={r.alerts} k={k} where={where} />
            </>
          ),
        }))}
      />
    </>
  );
}
