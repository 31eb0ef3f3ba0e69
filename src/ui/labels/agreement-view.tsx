/**
 * The user's labels against a ground-truth column of the file (e.g. lab-a's `attack`): a confusion table,
 * so a researcher sees which rules miss packets or catch too many.
 */
import { useEffect, useState, type ReactNode } from 'react';
import type { Agreement } from '../../core/labels/agreement.ts';
import { classById } from '../../core/labels/label-set.ts';
import { useEngine } from '../explore/engine-context.ts';
import { useCapture } from '../stores/capture-hooks.ts';
import { useLabels } from './labels-store.ts';

export function AgreementView(): ReactNode {
  const engine = useEngine();
  const columns = useCapture()?.summary.labelColumns ?? [];
  const outcome = useLabels((s) => s.outcome);
  const set = useLabels((s) => s.history[s.index].set);
  const [column, setColumn] = useState(() =>
    columns.some((c) => c.name === 'attack') ? 'attack' : (columns[0]?.name ?? ''),
  );
  const [shown, setShown] = useState<Agreement | null>(null);

  useEffect(() => {
    if (!column || !outcome) return;
    let live = true;
    engine.agreement(column).then(
      (a) => {
        if (live) setShown(a);
      },
      () => {
        if (live) setShown(null);
      },
    );
    return () => {
      live = false;
    };
  }, [engine, column, outcome]);

  if (columns.length === 0) return null;
  return (
    <div className="agreement">
      <label>
        Compare with{' '}
        <select aria-label="Ground-truth column" value={column} onChange={(e) => setColumn(e.target.value)}>
          {columns.map((c) => (
            <option key={c.name}>{c.name}</option>
          ))}
        </select>
      </label>
      {shown && (
        <>
          <p role="group" aria-label="Agreement">
            <strong>{shown.total > 0 ? ((100 * shown.agreeing) / shown.total).toFixed(2) : '0.00'}%</strong> of packets
            agree ({shown.agreeing.toLocaleString('en-US')} of {shown.total.toLocaleString('en-US')})
          </p>
          <table aria-label="Labels against ground truth" className="data">
            <thead>
              <tr>
                <th>label \ {column}</th>
                {shown.truthValues.map((v) => (
                  <th key={v} className="num mono">
                    {v}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {shown.classIds.map((id, i) => (
                <tr key={id}>
                  <th scope="row">{classById(set, id)?.name ?? id}</th>
                  {shown.matrix[i].map((n, j) => (
                    <td
                      key={j}
                      className={`num${agrees(classById(set, id)?.name, shown.truthValues[j]) ? ' agree' : n > 0 ? ' disagree' : ''}`}
                    >
                      {n.toLocaleString('en-US')}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}

function agrees(name: string | undefined, truth: string): boolean {
  const a = (name ?? '').toLowerCase();
  const b = truth.toLowerCase();
  return a === b || (a === 'benign' && b === 'normal');
}
