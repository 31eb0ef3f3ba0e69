/**
 * "Label these packets": the time range (from a selection dragged on the chart, or typed: ISO UTC or epoch
 * seconds, as episode logs print them), the display filter in force, and one button per class. Each press
 * adds a rule; number keys do the same for the class with that key when a range is set.
 */
import { useEffect, useState, type ReactNode } from 'react';
import type { TimeRange } from '../../core/labels/rules.ts';
import { useExplore } from '../explore/explore-store.ts';
import { labelRule } from './label-actions.ts';
import { useLabels } from './labels-store.ts';
import { formatTimeUs, parseTimeText } from './time-text.ts';

/** The range typed in the form, or why it is not one; null both: the whole capture. */
export function readRange(fromText: string, toText: string): { range: TimeRange | null } | { error: string } {
  if (fromText.trim() === '' && toText.trim() === '') return { range: null };
  const from = parseTimeText(fromText);
  const to = parseTimeText(toText);
  if (from === null) return { error: `"From" is not a time: ${fromText || '(empty)'}` };
  if (to === null) return { error: `"To" is not a time: ${toText || '(empty)'}` };
  if (to <= from) return { error: '"To" must be after "From"' };
  return { range: { fromUs: from, toUs: to } };
}

export function LabelForm(): ReactNode {
  const selection = useExplore((s) => s.selection);
  const applied = useExplore((s) => s.applied);
  const state = useLabels((s) => s.history[s.index]);
  const commit = useLabels((s) => s.commit);
  const [fromText, setFromText] = useState('');
  const [toText, setToText] = useState('');

  // A selection dragged on the chart fills the form; typing afterwards refines it.
  useEffect(() => {
    setFromText(selection ? formatTimeUs(selection.fromUs) : '');
    setToText(selection ? formatTimeUs(selection.toUs) : '');
  }, [selection]);

  const read = readRange(fromText, toText);
  const apply = (classId: number): void => {
    if ('error' in read) return;
    commit(labelRule(state, classId, applied, read.range, read.range ? 'brush' : 'filter'));
  };

  // Number keys label the range with the class of that key, when the focus is not in a text field.
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      if (!/^[0-9]$/.test(e.key)) return;
      const c = state.set.classes[Number(e.key)];
      if (!c || 'error' in read || read.range === null) return;
      e.preventDefault();
      commit(labelRule(state, c.id, applied, read.range, 'brush'));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [state, read, applied, commit]);

  return (
    <div className="label-form" role="group" aria-label="Label packets">
      <div className="label-range">
        <label>
          From{' '}
          <input
            className="mono"
            aria-label="From"
            placeholder="whole capture"
            value={fromText}
            onChange={(e) => setFromText(e.target.value)}
          />
        </label>
        <label>
          To{' '}
          <input
            className="mono"
            aria-label="To"
            placeholder="whole capture"
            value={toText}
            onChange={(e) => setToText(e.target.value)}
          />
        </label>
        <button
          type="button"
          className="link"
          onClick={() => {
            setFromText('');
            setToText('');
            useExplore.getState().setSelection(null);
          }}
        >
          whole capture
        </button>
      </div>
      <p className="muted" role="group" aria-label="What will be labelled">
        {'error' in read ? (
          <span className="filter-error">{read.error}</span>
        ) : (
          <>
            Packets {read.range ? 'in this time range' : 'of the whole capture'}{' '}
            {applied ? (
              <>
                matching <code>{applied}</code>
              </>
            ) : (
              '(no display filter: every packet)'
            )}
          </>
        )}
      </p>
      <div className="label-buttons">
        {state.set.classes.map((c, i) => (
          <button
            key={c.id}
            type="button"
            disabled={'error' in read}
            onClick={() => apply(c.id)}
            style={{ borderColor: c.colour }}
          >
            <span className="swatch" style={{ background: c.colour }} />
            Label as {c.name}
            {i <= 9 ? <kbd>{i}</kbd> : null}
          </button>
        ))}
      </div>
    </div>
  );
}

export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return (
    tag === 'TEXTAREA' ||
    tag === 'SELECT' ||
    target.isContentEditable ||
    (tag === 'INPUT' && !['checkbox', 'radio', 'button', 'color'].includes((target as HTMLInputElement).type))
  );
}
