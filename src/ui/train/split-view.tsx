/**
 * Windows per class in each part of the split, one table per view (each view cuts its own windows from the
 * same row split), and what is missing where (a class absent from test is not measured).
 */
import type { ReactNode } from 'react';
import { formatCount } from '../format.ts';
import { useTrain } from './train-store.ts';

const PARTS = ['training', 'validation', 'test'];

export function SplitView(): ReactNode {
  const splits = useTrain((s) => s.splits);
  const dropped = useTrain((s) => s.dropped);
  if (splits.length === 0) return null;
  const warnings = [...new Set(splits.flatMap(({ view, split }) => split.warnings.map((w) => `${view}: ${w}`)))];
  return (
    <div className="train-split">
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
