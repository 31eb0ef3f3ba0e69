/**
 * Every finished run of the session on the open capture, one row each: the model, its views, the combined
 * detector's F1 (macro and per class) on the test rows, the episodes it alerted and its false alerts, how
 * long it trained and how fast its bundle judges windows. The latest run sets the test rows; a run whose
 * rows differ is greyed and says what differs, so figures of other rows are never read as comparable.
 */
import type { ReactNode } from 'react';
import { useLabels } from '../labels/labels-store.ts';
import { formatCount } from '../format.ts';
import { metric } from './train-format.ts';
import { f1Of, testRowsDiffer, type RunRecord } from './train-runs.ts';
import { useTrain } from './train-store.ts';

export function RunsCompared(): ReactNode {
  const allRuns = useTrain((s) => s.runs);
  const fingerprint = useLabels((s) => s.fingerprint);
  const runs = allRuns.filter((r) => r.testRows.fingerprint === fingerprint);
  const latest = runs.at(-1);
  if (!latest) return null;
  const classes = latest.classes;
  const others = runs.filter((r) => testRowsDiffer(r.testRows, latest.testRows).length > 0).length;
  return (
    <div role="group" aria-label="Runs compared" className="train-runs">
      <h3>Models compared on the same test rows</h3>
      <p className="muted">
        Every run of this session on this capture: the combined detector (any view fires) on its test rows. The latest
        run&apos;s test rows are the reference
        {others > 0 ? `; ${others} run${others === 1 ? '' : 's'} on other test rows, greyed, do not compare.` : '.'}
      </p>
      <div className="train-runs-scroll">
        <table aria-label="Runs compared" className="data">
          <thead>
            <tr>
              <th>run</th>
              <th>model</th>
              <th>views</th>
              <th className="num">macro F1</th>
              {classes.map((c) => (
                <th key={c} className="num" title={`F1 of ${c} on the test rows`}>
                  F1 {c}
                </th>
              ))}
              <th className="num" title="Attack episodes of the test rows alerted by the vote">
                episodes alerted
              </th>
              <th className="num">false alerts / h</th>
              <th className="num" title="Windows, split, training and test figures, in the train worker">
                training (s)
              </th>
              <th className="num" title="The exported bundle judging windows on its fast path, every view">
                windows/s
              </th>
              <th>test rows</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r, i) => (
              <RunRow
                key={r.id}
                run={r}
                n={i + 1}
                latest={r === latest}
                differs={testRowsDiffer(r.testRows, latest.testRows)}
                classes={classes}
              />
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function RunRow({
  run: r,
  n,
  latest,
  differs,
  classes,
}: {
  run: RunRecord;
  n: number;
  latest: boolean;
  differs: readonly string[];
  classes: readonly string[];
}): ReactNode {
  return (
    <tr className={differs.length > 0 ? 'other-rows' : undefined} aria-label={`Run ${n}`}>
      <th scope="row">
        {n}
        {latest && ' (latest)'}
      </th>
      <td className="nowrap">
        {r.model}
        {r.stopped && ' (stopped)'}
      </td>
      <td className="nowrap">{r.testRows.views.join(', ')}</td>
      <td className="num">{metric(r.macroF1)}</td>
      {classes.map((c) => (
        <td key={c} className="num">
          {metric(f1Of(r, c))}
        </td>
      ))}
      <td className="num">
        {r.alerted} of {r.episodes}
      </td>
      <td className="num">{r.falseAlertsPerHour.toFixed(1)}</td>
      <td className="num">{r.trainS.toFixed(1)}</td>
      <td className="num" title={r.windowsPerS === null ? 'no fast path to time for this model' : undefined}>
        {r.windowsPerS === null ? '—' : formatCount(Math.round(r.windowsPerS))}
      </td>
      <td className="rows">{differs.length > 0 ? `other test rows (${differs.join(', ')})` : 'same'}</td>
    </tr>
  );
}
