/**
 * The question asked before a label press reaches past what the chart shows: a modal dialog in the page
 * (not window.confirm), Cancel focused so Enter or Escape labels nothing. "Only the shown range" labels
 * what the researcher is looking at instead.
 */
import { useEffect, useId, useRef, type ReactNode } from 'react';

export interface LabelQuestion {
  readonly text: string;
  readonly className: string;
  /** The chart's range in words ("20:01:05–20:01:30, 25 s"), offered as the narrower choice. */
  readonly shown: string;
}

export interface LabelConfirmProps {
  readonly question: LabelQuestion | null;
  readonly onAll: () => void;
  readonly onShown: () => void;
  readonly onCancel: () => void;
}

export function LabelConfirm({ question, onAll, onShown, onCancel }: LabelConfirmProps): ReactNode {
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const textId = useId();

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (question && !d.open) {
      d.showModal();
      cancel.current?.focus();
    } else if (!question && d.open) d.close();
  }, [question]);

  return (
    <dialog
      ref={dialog}
      className="label-confirm"
      role="alertdialog"
      aria-labelledby={titleId}
      aria-describedby={textId}
      // Escape closes a modal dialog: the same as Cancel.
      onClose={onCancel}
    >
      {question && (
        <>
          <h3 id={titleId}>Label more than the chart shows?</h3>
          <p id={textId}>{question.text}</p>
          <div className="label-confirm-buttons">
            <button type="button" className="primary" onClick={onAll}>
              Label all as {question.className}
            </button>
            <button type="button" onClick={onShown}>
              Only the shown range ({question.shown})
            </button>
            <button type="button" ref={cancel} onClick={onCancel}>
              Cancel
            </button>
          </div>
        </>
      )}
    </dialog>
  );
}
