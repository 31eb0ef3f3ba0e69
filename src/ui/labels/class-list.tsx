/**
 * The label set as a table: colour, name, packets per class (from the engine), and the class a number key
 * or the label buttons apply. Removing a class says first what happens to its packets and rules.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import type { LabelClass } from '../../core/labels/label-set.ts';
import { addLabelClass, recolourLabelClass, removeLabelClass, renameLabelClass } from './label-actions.ts';
import { useLabels } from './labels-store.ts';

const fmt = (n: number): string => n.toLocaleString('en-US');

export function ClassList({ onError }: { onError: (message: string | null) => void }): ReactNode {
  const state = useLabels((s) => s.history[s.index]);
  const counts = useLabels((s) => s.outcome?.counts ?? null);
  const commit = useLabels((s) => s.commit);
  const [newName, setNewName] = useState('');
  const [confirming, setConfirming] = useState<number | null>(null);
  const total = counts ? counts.reduce((a, b) => a + b, 0) : 0;

  const attempt = (act: () => void): void => {
    try {
      act();
      onError(null);
    } catch (e) {
      onError(e instanceof Error ? e.message : String(e));
    }
  };
  const add = (e: FormEvent): void => {
    e.preventDefault();
    attempt(() => {
      commit(addLabelClass(state, newName.trim()));
      setNewName('');
    });
  };

  return (
    <div className="class-list">
      <table aria-label="Label classes" className="data">
        <thead>
          <tr>
            <th>key</th>
            <th>class</th>
            <th className="num">packets</th>
            <th className="num">%</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {state.set.classes.map((c, i) => (
            <ClassRow
              key={`${c.id}:${c.name}`}
              c={c}
              keyHint={i <= 9 ? String(i) : ''}
              packets={counts?.[c.id] ?? 0}
              total={total}
              onRename={(name) => attempt(() => commit(renameLabelClass(state, c.id, name)))}
              onRecolour={(colour) => attempt(() => commit(recolourLabelClass(state, c.id, colour)))}
              onRemove={c.id === 0 ? null : () => setConfirming(c.id)}
            />
          ))}
        </tbody>
      </table>
      {confirming !== null && (
        <RemoveClass
          c={state.set.classes.find((c) => c.id === confirming)}
          packets={counts?.[confirming] ?? 0}
          rules={state.rules.filter((r) => r.classId === confirming).length}
          onConfirm={() => {
            attempt(() => commit(removeLabelClass(state, confirming)));
            setConfirming(null);
          }}
          onCancel={() => setConfirming(null)}
        />
      )}
      <form className="inline-form" onSubmit={add}>
        <input
          aria-label="New class name"
          placeholder="new class, e.g. slowloris"
          value={newName}
          onChange={(e) => setNewName(e.target.value)}
        />
        <button type="submit" disabled={newName.trim() === ''}>
          Add class
        </button>
      </form>
    </div>
  );
}

interface ClassRowProps {
  readonly c: LabelClass;
  readonly keyHint: string;
  readonly packets: number;
  readonly total: number;
  onRename(name: string): void;
  onRecolour(colour: string): void;
  readonly onRemove: (() => void) | null;
}

function ClassRow({ c, keyHint, packets, total, onRename, onRecolour, onRemove }: ClassRowProps): ReactNode {
  const [name, setName] = useState(c.name);
  const commitName = (): void => {
    if (name.trim() !== c.name) onRename(name.trim());
  };
  return (
    <tr>
      <td className="muted mono">{keyHint}</td>
      <td className="class-cell">
        <input
          type="color"
          aria-label={`Colour of ${c.name}`}
          value={c.colour}
          onChange={(e) => onRecolour(e.target.value)}
        />
        <input
          aria-label={`Name of ${c.name}`}
          value={name}
          disabled={c.id === 0}
          onChange={(e) => setName(e.target.value)}
          onBlur={commitName}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commitName();
            if (e.key === 'Escape') setName(c.name);
          }}
        />
      </td>
      <td className="num">{fmt(packets)}</td>
      <td className="num">{total > 0 ? ((100 * packets) / total).toFixed(1) : '0.0'}</td>
      <td>
        {onRemove && (
          <button type="button" className="link" aria-label={`Remove class ${c.name}`} onClick={onRemove}>
            remove
          </button>
        )}
      </td>
    </tr>
  );
}

function RemoveClass({
  c,
  packets,
  rules,
  onConfirm,
  onCancel,
}: {
  c: LabelClass | undefined;
  packets: number;
  rules: number;
  onConfirm(): void;
  onCancel(): void;
}): ReactNode {
  if (!c) return null;
  return (
    <div className="confirm" role="alertdialog" aria-label={`Remove class ${c.name}?`}>
      <p>
        Remove <strong>{c.name}</strong>? Its {rules} rule{rules === 1 ? '' : 's'} will be deleted and its{' '}
        {fmt(packets)} packets go back to what the remaining rules say (benign where no rule applies). Undo brings it
        all back.
      </p>
      <button type="button" className="danger" onClick={onConfirm}>
        Remove {c.name}
      </button>
      <button type="button" onClick={onCancel}>
        Keep it
      </button>
    </div>
  );
}
