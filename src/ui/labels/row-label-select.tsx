/**
 * "Label as…" on a breakdown row (a conversation): choosing a class adds a rule with the row's filter over
 * the page's time range (the whole capture when none is zoomed), like a brush with that filter.
 */
import type { ReactNode } from 'react';
import { useExplore } from '../explore/explore-store.ts';
import { labelRule } from './label-actions.ts';
import { useLabels } from './labels-store.ts';

export function RowLabelSelect({ clause, name }: { clause: string; name: string }): ReactNode {
  const set = useLabels((s) => s.history[s.index].set);
  return (
    <select
      aria-label={`Label ${name} as`}
      value=""
      onClick={(e) => e.stopPropagation()}
      onChange={(e) => {
        const id = Number(e.target.value);
        if (e.target.value === '' || !set.classes.some((c) => c.id === id)) return;
        const labels = useLabels.getState();
        labels.commit(labelRule(labels.current(), id, clause, useExplore.getState().range, 'conversation'));
      }}
    >
      <option value="">label as…</option>
      {set.classes.map((c) => (
        <option key={c.id} value={c.id}>
          {c.name}
        </option>
      ))}
    </select>
  );
}
