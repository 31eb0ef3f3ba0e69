/**
 * The breakdown tabs as an ARIA tab list: one tab in the Tab order (the selected one), arrows, Home and
 * End move between tabs and select them, as the WAI-ARIA tabs pattern does.
 */
import { useRef, type KeyboardEvent, type ReactNode } from 'react';
import type { BreakdownKind } from '../../workers/engine-messages.ts';

export const BREAKDOWN_TABS: readonly { readonly kind: BreakdownKind; readonly label: string }[] = [
  { kind: 'protocols', label: 'Protocols' },
  { kind: 'talkers', label: 'Talkers' },
  { kind: 'ports', label: 'Ports' },
  { kind: 'conversations', label: 'Conversations' },
  { kind: 'flags', label: 'TCP flags' },
  { kind: 'seq', label: 'tcp.seq' },
];

export const tabId = (prefix: string, kind: BreakdownKind): string => `${prefix}-tab-${kind}`;

interface Props {
  readonly selected: BreakdownKind;
  readonly onSelect: (kind: BreakdownKind) => void;
  /** Makes the ids unique in the page; the panel is `${idPrefix}-panel`. */
  readonly idPrefix: string;
}

export function BreakdownTabs({ selected, onSelect, idPrefix }: Props): ReactNode {
  const list = useRef<HTMLDivElement>(null);
  const move = (e: KeyboardEvent): void => {
    const at = BREAKDOWN_TABS.findIndex((t) => t.kind === selected);
    const n = BREAKDOWN_TABS.length;
    const to =
      e.key === 'ArrowRight'
        ? (at + 1) % n
        : e.key === 'ArrowLeft'
          ? (at + n - 1) % n
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? n - 1
              : -1;
    if (to < 0) return;
    e.preventDefault();
    onSelect(BREAKDOWN_TABS[to].kind);
    list.current?.querySelector<HTMLElement>(`#${CSS.escape(tabId(idPrefix, BREAKDOWN_TABS[to].kind))}`)?.focus();
  };
  return (
    <div className="breakdown-tabs" role="tablist" aria-label="Breakdown" ref={list} onKeyDown={move}>
      {BREAKDOWN_TABS.map((t) => (
        <button
          key={t.kind}
          type="button"
          role="tab"
          id={tabId(idPrefix, t.kind)}
          aria-selected={t.kind === selected}
          aria-controls={`${idPrefix}-panel`}
          tabIndex={t.kind === selected ? 0 : -1}
          onClick={() => onSelect(t.kind)}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}
