/**
 * The page's own keys: `?` opens the shortcut sheet, `/` focuses the display filter, and g followed by a
 * step's letter goes to that step. None fires while the user types in a text field or select, or with
 * Ctrl, Alt or Meta held (those belong to the browser and to undo/redo in the labels panel).
 */
import { useEffect } from 'react';
import { stepByKey } from './steps.ts';
import { focusDisplayFilter, goToStep, hasSteps } from './step-store.ts';

/** How long after g the step letter may come (as GitHub's g-sequences). */
const SEQUENCE_MS = 1500;

/** A field that takes the key as text (a checkbox or radio button does not). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT') return true;
  if (target.tagName !== 'INPUT') return false;
  return !['checkbox', 'radio', 'button', 'submit', 'reset', 'color', 'file', 'range'].includes(
    (target as HTMLInputElement).type,
  );
}

/** A modal dialog (this sheet, a labelling question) has the keyboard: Escape closes it, nothing else here. */
const modalOpen = (): boolean => document.querySelector('dialog:modal') !== null;

export function useShortcuts(openSheet: () => void): void {
  useEffect(() => {
    let gAt = Number.NEGATIVE_INFINITY;
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(e.target) || modalOpen()) return;
      const afterG = e.timeStamp - gAt < SEQUENCE_MS;
      gAt = Number.NEGATIVE_INFINITY;
      if (afterG) {
        const step = stepByKey(e.key);
        if (step && hasSteps()) {
          e.preventDefault();
          goToStep(step);
          return;
        }
      }
      if (e.key === '?') {
        e.preventDefault();
        openSheet();
      } else if (e.key === '/') {
        if (focusDisplayFilter()) e.preventDefault();
      } else if (e.key === 'g' && !e.shiftKey) {
        gAt = e.timeStamp;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [openSheet]);
}
