/**
 * Where labels start: every packet benign, or a column the file already has (`alert`: benign/suspicious,
 * `attack`: tool names) mapped value by value onto classes. Values matching a class name map to it; the
 * others (e.g. "suspicious") wait for the user's choice and stay benign until then.
 */
import type { ReactNode } from 'react';
import { suggestColumnMap, type LabelBase } from '../../core/labels/rules.ts';
import { useCapture } from '../stores/capture-hooks.ts';
import { setBase } from './label-actions.ts';
import { useLabels } from './labels-store.ts';

export function BasePicker(): ReactNode {
  const columns = useCapture()?.summary.labelColumns ?? [];
  const state = useLabels((s) => s.history[s.index]);
  const commit = useLabels((s) => s.commit);
  const base = state.base;

  const choose = (name: string): void => {
    if (name === '') {
      commit(setBase(state, { kind: 'benign' }));
      return;
    }
    const col = columns.find((c) => c.name === name);
    const values = col ? col.values.map((v) => v.value).filter((v) => v !== '(empty)') : [];
    const suggested = suggestColumnMap(state.set, values);
    const map: Record<string, number> = {};
    for (const [v, id] of Object.entries(suggested)) if (id !== undefined) map[v] = id;
    commit(setBase(state, { kind: 'column', column: name, map }));
  };
  const remap = (b: Extract<LabelBase, { kind: 'column' }>, value: string, id: number): void => {
    commit(setBase(state, { ...b, map: { ...b.map, [value]: id } }));
  };
  const col = base.kind === 'column' ? columns.find((c) => c.name === base.column) : undefined;

  return (
    <div className="base-picker">
      <label>
        Start from{' '}
        <select
          aria-label="Start labels from"
          value={base.kind === 'column' ? base.column : ''}
          onChange={(e) => choose(e.target.value)}
        >
          <option value="">all packets benign</option>
          {columns.map((c) => (
            <option key={c.name} value={c.name}>
              the file's {c.name} column
            </option>
          ))}
        </select>
      </label>
      {base.kind === 'column' && col && (
        <table aria-label="Column values to classes" className="data">
          <thead>
            <tr>
              <th>{base.column}</th>
              <th className="num">packets</th>
              <th>class</th>
            </tr>
          </thead>
          <tbody>
            {col.values
              .filter((v) => v.value !== '(empty)')
              .map((v) => (
                <tr key={v.value}>
                  <td className="mono">{v.value}</td>
                  <td className="num">{v.count.toLocaleString('en-US')}</td>
                  <td>
                    <select
                      aria-label={`Class for ${v.value}`}
                      value={base.map[v.value] ?? 0}
                      onChange={(e) => remap(base, v.value, Number(e.target.value))}
                    >
                      {state.set.classes.map((c) => (
                        <option key={c.id} value={c.id}>
                          {c.name}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
