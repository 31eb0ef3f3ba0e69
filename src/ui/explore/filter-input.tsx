/**
 * A filter box with field-name completion, shared by the display filter and the label form: typing
 * `tcp.fl` lists tcp.flags, tcp.flags.syn, ... under the box. ARIA 1.1's combobox pattern (a combobox
 * wrapping the textbox, which owns a listbox), so the box stays a textbox with its own name: ↓/↑ move,
 * Enter or a click accepts, Tab accepts the highlighted or first name, Escape closes. With nothing
 * highlighted Enter submits the form as before, so a typed filter applies with one key.
 */
import {
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import { FIELD_CATALOGUE } from '../../core/ingest/field-catalogue.ts';
import { acceptCompletion, completeField, filterNames, type Completion } from '../../core/query/field-completion.ts';
import { useCapture } from '../stores/capture-hooks.ts';
import './filter-input.css';

const DESCRIPTIONS = new Map(FIELD_CATALOGUE.map((f) => [f.name, f.description]));

/** The names completion offers: every name the filter language knows and the open capture's columns. */
export function useFilterNames(): readonly string[] {
  const capture = useCapture();
  // The engine adds the computed `label` column to every capture.
  return useMemo(() => filterNames([...(capture?.summary.columns ?? []).map((c) => c.name), 'label']), [capture]);
}

export interface FilterInputProps {
  readonly value: string;
  readonly onChange: (text: string) => void;
  /** The textbox's accessible name. */
  readonly label: string;
  readonly names: readonly string[];
  readonly invalid?: boolean;
  readonly describedBy?: string;
  readonly placeholder?: string;
  readonly className?: string;
}

export function FilterInput({
  value,
  onChange,
  label,
  names,
  invalid,
  describedBy,
  placeholder,
  className,
}: FilterInputProps): ReactNode {
  const input = useRef<HTMLInputElement>(null);
  const [open, setOpen] = useState<Completion | null>(null);
  const [active, setActive] = useState(-1);
  const caretAfter = useRef<number | null>(null);
  const listId = useId();
  const optionId = (i: number): string => `${listId}-o${i}`;

  // An accepted name moves the caret to its end once React has written the new value.
  useLayoutEffect(() => {
    if (caretAfter.current === null || !input.current) return;
    input.current.setSelectionRange(caretAfter.current, caretAfter.current);
    caretAfter.current = null;
  });
  useEffect(() => {
    if (active >= 0) document.getElementById(optionId(active))?.scrollIntoView({ block: 'nearest' });
  });

  const show = (text: string, caret: number, highlight: number): void => {
    setOpen(completeField(names, text, caret));
    setActive(highlight);
  };
  const close = (): void => {
    setOpen(null);
    setActive(-1);
  };
  const accept = (name: string): void => {
    if (!open) return;
    const next = acceptCompletion(value, open, name);
    caretAfter.current = next.caret;
    onChange(next.text);
    close();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (!open) {
      if (e.key === 'ArrowDown') {
        e.preventDefault();
        show(value, e.currentTarget.selectionStart ?? value.length, 0);
      }
      return;
    }
    const n = open.options.length;
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        setActive((active + 1) % n);
        break;
      case 'ArrowUp':
        e.preventDefault();
        setActive(active <= 0 ? n - 1 : active - 1);
        break;
      case 'Enter':
        if (active >= 0) {
          e.preventDefault();
          accept(open.options[active]);
        } else close();
        break;
      case 'Tab':
        if (e.shiftKey) close();
        else {
          e.preventDefault();
          accept(open.options[Math.max(active, 0)]);
        }
        break;
      case 'Escape':
        // The list closes; nothing else on the page hears this Escape.
        e.preventDefault();
        e.stopPropagation();
        close();
        break;
      case 'ArrowLeft':
      case 'ArrowRight':
      case 'Home':
      case 'End':
        close();
        break;
      default:
    }
  };

  return (
    <div className={`filter-combo ${className ?? ''}`}>
      {/* biome-ignore lint/a11y/useFocusableInteractive: ARIA 1.1 combobox, the focus lives in its textbox */}
      <div
        role="combobox"
        aria-label={`${label}, with field-name completion`}
        aria-haspopup="listbox"
        aria-expanded={open !== null}
        aria-owns={open ? listId : undefined}
      >
        <input
          ref={input}
          className="filter-input mono"
          aria-label={label}
          aria-invalid={invalid}
          aria-describedby={describedBy}
          aria-autocomplete="list"
          aria-controls={open ? listId : undefined}
          aria-activedescendant={open && active >= 0 ? optionId(active) : undefined}
          placeholder={placeholder}
          spellCheck={false}
          autoComplete="off"
          value={value}
          onChange={(e) => {
            onChange(e.target.value);
            show(e.target.value, e.target.selectionStart ?? e.target.value.length, -1);
          }}
          onKeyDown={onKeyDown}
          onBlur={close}
        />
      </div>
      {open && (
        <div id={listId} role="listbox" aria-label="Field names" className="filter-options">
          {open.options.map((name, i) => (
            // biome-ignore lint/a11y/useKeyWithClickEvents: keys reach options through the textbox (aria-activedescendant)
            <div
              key={name}
              id={optionId(i)}
              role="option"
              tabIndex={-1}
              aria-selected={i === active}
              // Keeps the focus in the box; the click accepts.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => accept(name)}
            >
              <span className="mono">{name}</span>
              {DESCRIPTIONS.has(name) && <span className="muted"> {DESCRIPTIONS.get(name)}</span>}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
