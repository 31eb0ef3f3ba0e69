/**
 * The sensor's view of the test split (or of a capture): a group alerts when more than half of its last K window predictions
 * are malicious. Per episode (runs of an attack class in the labels): alerted or not, and how fast; and the
 * false alerts per hour of benign time. Window scores alone do not say whether an analyst would have been told.
 */
import type { ReactNode } from 'react';
import type { AlertReport } from '../../core/model/alert-report.ts';

export function AlertsView({ alerts, k, where = 'in the test split' }: { alerts: AlertReport; k: number; where?: string }): ReactNode {
  const alerted = alerts.episodes.filter((e) => e.alerted).length;
  return (
    <div className="train-alerts">
      <p aria-label="Alert summary">
        As a sensor (alert when more than half of a group's last {k} windows are malicious): <strong>{alerted} of {alerts.episodes.length}</strong> attack
        episodes {where} alerted; <strong>{alerts.falseAlertsPerHour.toFixed(1)}</strong> false alerts per hour over {(alerts.benignHours * 60).toFixed(1)} min of benign time.
      </p>
      <table aria-label="Episodes alerted" className="data">
        <thead><tr><th>episode</th><th>alerted</th><th className="num">delay (s)</th></tr></thead>
        <tbody>
          {alerts.episodes.map((e, i) => (
            <tr key={i}><th scope="row">{e.tool}{e.variant ? ` ${e.variant}` : ''}</th><td>{e.alerted ? 'yes' : 'no'}</td><td className="num">{e.delay_s === null ? '' : e.delay_s.toFixed(2)}</td></tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
