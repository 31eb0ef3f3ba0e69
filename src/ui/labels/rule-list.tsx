/**
 * The ordered rules: what each labels (time range, filter, class) and how many packets it matched; a later
 * rule wins where two overlap. Disable or delete one and the labels are recomputed; both are undoable.
 */
import type { ReactNode } from 'react';
import { classById } from '../../core/labels/label-set.ts';
import { deleteRule, toggleRule } from './label-actions.ts';
import { useLabels } from './labels-store.ts';
import { formatTimeUs } from './time-text.ts';

export function RuleList(): ReactNode {
  const state = useLabels((s) => s.history[s.index]);
  const perRule = useLabels((s) => s.outcome?.perRule ?? null);
  const commit = useLabels((s) => s.commit);
  if (state.rules.length === 0)
    return (
      <p className="muted">
        No rules yet: select a time range on the chart (drag in Select mode), set a filter, press a class.
      </p>
    );
  return (
    <table aria-label="Label rules" className="data rule-table">
      <thead>
        <tr>
          <th>#</th>
          <th>on</th>
          <th>class</th>
          <th>time range (UTC)</th>
          <th>filter</th>
          <th className="num">packets</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {state.rules.map((r, i) => {
          const c = classById(state.set, r.classId);
          const matched = perRule?.[i];
          return (
            <tr key={r.id} className={r.enabled ? '' : 'disabled'}>
              <td className="num">{i + 1}</td>
              <td>
                <input
                  type="checkbox"
                  aria-label={`Rule ${i + 1} enabled`}
                  checked={r.enabled}
                  onChange={() => commit(toggleRule(state, r.id))}
                />
              </td>
              <td>
                <span className="swatch" style={{ background: c?.colour }} />
                {c?.name ?? `class ${r.classId}`}
              </td>
              <td className="mono">
                {r.range ? (
                  <>
                    {formatTimeUs(r.range.fromUs)}
                    <br />
                    {formatTimeUs(r.range.toUs)}
                  </>
                ) : (
                  'whole capture'
                )}
              </td>
              <td className="mono">{r.filter || <span className="muted">every packet</span>}</td>
              <td className="num">
                {typeof matched === 'string' ? (
                  <span className="filter-error">{matched}</span>
                ) : matched === undefined ? (
                  '…'
                ) : (
                  matched.toLocaleString('en-US')
                )}
              </td>
              <td>
                <button
                  type="button"
                  className="link"
                  aria-label={`Delete rule ${i + 1}`}
                  onClick={() => commit(deleteRule(state, r.id))}
                >
                  delete
                </button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
