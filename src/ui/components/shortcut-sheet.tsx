/**
 * The sheet `?` opens: every key the page answers to, in a modal dialog (the browser's own <dialog>: the
 * page behind is inert, Escape closes it, and no key pressed over it reaches the page's own shortcuts). Focus
 * goes back to where it was when the sheet closes.
 */
import { Fragment, useEffect, useRef, type ReactNode } from 'react';
import { STEPS } from '../steps.ts';

interface Shortcut {
  readonly keys: readonly (readonly string[])[];
  readonly what: string;
}

const GROUPS: readonly { readonly title: string; readonly keys: readonly Shortcut[] }[] = [
  {
    title: 'Move around',
    keys: [
      ...STEPS.map((s) => ({ keys: [['g', s.key]], what: `${s.name}: ${s.what}` })),
      { keys: [['/']], what: 'Focus the display filter' },
      { keys: [['?']], what: 'Show these shortcuts' },
      { keys: [['Esc']], what: 'Close these shortcuts' },
    ],
  },
  {
    title: 'Label',
    keys: [
      { keys: [['0'], ['9']], what: 'Label the From–To range (a selection on the chart fills it) as that class' },
      { keys: [['Ctrl', 'Z']], what: 'Undo the last label change' },
      {
        keys: [
          ['Ctrl', 'Shift', 'Z'],
          ['Ctrl', 'Y'],
        ],
        what: 'Redo',
      },
    ],
  },
  {
    title: 'Tabs and fields',
    keys: [
      { keys: [['←'], ['→']], what: 'Previous or next tab (breakdowns, test results)' },
      { keys: [['Enter']], what: 'Apply a filter, plot the series' },
      { keys: [['↓'], ['Tab']], what: 'In a filter box: list field names, take the highlighted one' },
      { keys: [['Esc']], what: 'In a filter box: close the list of field names' },
    ],
  },
];

/** A key sequence: g then e reads "g e"; Ctrl+Z reads "Ctrl+Z"; the 0–9 range reads "0–9". */
function Keys({ keys }: { keys: Shortcut['keys'] }): ReactNode {
  const range = keys.length === 2 && keys[0][0] === '0';
  return keys.map((combo, i) => (
    <Fragment key={combo.join('+')}>
      {i > 0 && (range ? '–' : ' or ')}
      {combo.map((k, j) => (
        <Fragment key={k}>
          {j > 0 && (combo[0] === 'g' ? ' then ' : '+')}
          <kbd>{k}</kbd>
        </Fragment>
      ))}
    </Fragment>
  ));
}

export function ShortcutSheet({ open, onClose }: { open: boolean; onClose: () => void }): ReactNode {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (!open || !d) return;
    const back = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    d.showModal();
    return () => {
      if (d.open) d.close();
      if (back?.isConnected) back.focus({ preventScroll: true });
    };
  }, [open]);
  return (
    <dialog
      ref={dialog}
      className="shortcut-sheet"
      aria-labelledby="shortcut-title"
      onClose={onClose}
      // Keys pressed over the sheet stay with it: the page's own keys (0-9 label, Ctrl+Z undo) listen on window.
      onKeyDown={(e) => e.stopPropagation()}
    >
      <div className="sheet-head">
        <h2 id="shortcut-title">Keyboard shortcuts</h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <p className="muted">Keys act when no text field has the focus.</p>
      {GROUPS.map((g) => (
        <table key={g.title} className="data shortcut-table">
          <caption>{g.title}</caption>
          <tbody>
            {g.keys.map((s) => (
              <tr key={s.what}>
                <th scope="row">
                  <Keys keys={s.keys} />
                </th>
                <td>{s.what}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </dialog>
  );
}
