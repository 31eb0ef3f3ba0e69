/**
 * Labelling: the label set with packets per class, the form that turns a time range and a filter into a
 * rule, the ordered rules, where labels start, agreement with the file's own labels, and files in and out.
 * Undo/redo (buttons, Ctrl+Z, Ctrl+Shift+Z) move through the saved history.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { AgreementView } from './agreement-view.tsx';
import { BasePicker } from './base-picker.tsx';
import { ClassList } from './class-list.tsx';
import { LabelFiles } from './label-files.tsx';
import { isTyping, LabelForm } from './label-form.tsx';
import { canRedo, canUndo, useLabels } from './labels-store.ts';
import { RuleList } from './rule-list.tsx';
import { useLabelSync } from './use-label-sync.ts';
import './labels.css';

export function LabelsPanel(): ReactNode {
  useLabelSync();
  const undo = useLabels((s) => s.undo);
  const redo = useLabels((s) => s.redo);
  const undoable = useLabels(canUndo);
  const redoable = useLabels(canRedo);
  const storage = useLabels((s) => s.storage);
  const restored = useLabels((s) => s.restored);
  const outcome = useLabels((s) => s.outcome);
  const ready = useLabels((s) => s.fingerprint !== null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (!(e.ctrlKey || e.metaKey) || isTyping(e.target)) return;
      const k = e.key.toLowerCase();
      if (k === 'z' && !e.shiftKey) {
        e.preventDefault();
        useLabels.getState().undo();
      } else if ((k === 'z' && e.shiftKey) || k === 'y') {
        e.preventDefault();
        useLabels.getState().redo();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <section className="labels-panel card" aria-label="Labels" aria-busy={!ready}>
      <div className="labels-head">
        <h2>Labels</h2>
        <button type="button" onClick={undo} disabled={!undoable} title="Ctrl+Z">
          Undo
        </button>
        <button type="button" onClick={redo} disabled={!redoable} title="Ctrl+Shift+Z">
          Redo
        </button>
        <span role="status" aria-label="Label storage" className="muted">
          {storage.kind === 'memory' ? (
            <span className="filter-error">
              Not saved ({storage.reason}): labels live in this tab only; export the rules to keep them.
            </span>
          ) : storage.kind === 'pending' ? (
            'Saving…'
          ) : restored ? (
            'Restored and saved in this browser'
          ) : (
            'Saved in this browser'
          )}
          {outcome && (
            <>
              {' '}
              · {outcome.mode} update, {outcome.ms.toFixed(0)} ms
            </>
          )}
        </span>
      </div>
      {error && (
        <p role="alert" className="filter-error">
          {error}
        </p>
      )}
      <div className="labels-grid">
        <div>
          <ClassList onError={setError} />
          <BasePicker />
        </div>
        <div>
          <LabelForm />
          <RuleList />
        </div>
      </div>
      <AgreementView />
      <LabelFiles />
    </section>
  );
}
