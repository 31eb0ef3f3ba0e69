/**
 * Windows per class in each part of the split, one table per view (each view cuts its own windows from the
 * same row split), and what is missing where (a class absent from test is not measured). The check comes
 * first: before any view trains, the worker says in words which labelled classes the split leaves without
 * validation or test windows, and what to do about it.
 */
import type { ReactNode } from 'react';
import { formatCount } from '../format.ts';
import { useTrain } from './train-store.ts';

const PARTS = ['training', 'validation', 'test'];

export function SplitView(): ReactNode {
  const splits = useTrain((s) => s.splits);
  const dropped = useTrain((s) => s.dropped);
  const check = useTrain((s) => s.check);
  if (splits.length === 0 && check.length === 0) return null;
  const warnings = [...new Set(splits.flatMap(({ view, split }) => split.warnings.map((w) => `${view}: ${w}`)))];
  return (
    <div className="train-split">
      {check.length > 0 && (
        <section role="alert" aria-label="Split check" className="filter-error train-check">
          <strong>Not every class can be measured with this split:</strong>
          <ul>
            {check.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </section>
      )}
      {splits.map(({ view, split }) => (
        <table key={view} aria-label={`Windows per split: ${view}`} className="data">
          <caption>{view} view</caption>
          <thead>
            <tr>
              <th>class</th>
              {PARTS.map((p) => (
                <th key={p} className="num">
                  {p}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {split.classes.map((c, i) => (
              <tr key={c}>
                <th scope="row">{c}</th>
                {split.counts.map((part, p) => (
                  <td key={p} className={`num${part[i] === 0 ? ' disagree' : ''}`}>
                    {formatCount(part[i] ?? 0)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      ))}
      {(warnings.length > 0 || dropped.length > 0) && (
        <ul aria-label="Split warnings" className="filter-error">
          {warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
          {dropped.length > 0 && <li>Left out (no packets labelled): {dropped.join(', ')}</li>}
        </ul>
      )}
    </div>
  );
}
