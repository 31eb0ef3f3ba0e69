/**
 * The sensor's view of the test split (or of a capture). On a capture the sensor itself has run over it, so
 * the figures are its alert records: per episode (runs of an attack class in the labels) whether an alert
 * started within it, its first alert's class and delay, and how many alerts it raised; and every alert outside
 * the episodes, listed (what would have woken the researcher up). On the test split, the vote over the test
 * windows alone (a group alerts when more than half of its last K window predictions are malicious), every
 * detector against the same episodes (the test split's), so an episode a view had no window of is named so.
 */
import type { ReactNode } from 'react';
import type { AlertReport } from '../../core/model/alert-report.ts';

export function AlertsView({
  alerts,
  k,
  where = 'in the test split',
}: {
  alerts: AlertReport;
  k: number;
  where?: string;
}): ReactNode {
  const alerted = alerts.episodes.filter((e) => e.alerted).length;
  // Episodes of the split this detector had no window of: not a miss of the model, nothing to vote on.
  const unseen = alerts.episodes.filter((e) => e.attackWindows === 0).length;
  const records = alerts.falseAlerts !== undefined;
  return (
    <div className="train-alerts">
      <p role="group" aria-label="Alert summary">
        {records
          ? 'The sensor run over it (its alert records)'
          : `As a sensor (alert when more than half of a group's last ${k} windows are malicious)`}
        :{' '}
        <strong>
          {alerted} of {alerts.episodes.length}
        </strong>{' '}
        attack episodes {where} alerted
        {unseen > 0 && ` (${unseen} with no window of the attack to vote on)`};{' '}
        <strong>{alerts.falseAlertsPerHour.toFixed(1)}</strong> false alerts per hour over{' '}
        {(alerts.benignHours * 60).toFixed(1)} min of benign time.
      </p>
      <table aria-label="Episodes alerted" className="data">
        <thead>
          <tr>
            <th>episode</th>
            <th>alerted</th>
            <th className="num">delay (s)</th>
            {records && (
              <>
                <th>first alert&apos;s class</th>
                <th className="num">alerts</th>
              </>
            )}
          </tr>
        </thead>
        <tbody>
          {alerts.episodes.map((e, i) => (
            <tr key={i}>
              <th scope="row">
                {e.tool}
                {e.variant ? ` ${e.variant}` : ''}
              </th>
              <td>{e.alerted ? 'yes' : e.attackWindows === 0 ? 'no (no window of it)' : 'no'}</td>
              <td className="num">{e.delay_s === null ? '' : e.delay_s.toFixed(2)}</td>
              {records && (
                <>
                  <td>
                    {e.first_class ?? ''}
                    {e.first_class && e.first_class !== e.tool ? ' (wrong class)' : ''}
                  </td>
                  <td className="num">{e.alerts ?? 0}</td>
                </>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {alerts.falseAlerts &&
        (alerts.falseAlerts.length === 0 ? (
          <p role="group" aria-label="False alerts">
            No alert outside the attack episodes.
          </p>
        ) : (
          <table aria-label="False alerts" className="data">
            <caption>Alerts outside every attack episode</caption>
            <thead>
              <tr>
                <th>time (UTC)</th>
                <th>class</th>
                <th>views</th>
                <th>groups</th>
              </tr>
            </thead>
            <tbody>
              {alerts.falseAlerts.map((a, i) => (
                <tr key={i}>
                  <td>{a.time.slice(0, 23).replace('T', ' ')}</td>
                  <td>{a.className}</td>
                  <td>{a.views.join(', ')}</td>
                  <td>{a.groups.join('; ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </div>
  );
}
