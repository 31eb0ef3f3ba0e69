/**
 * Tabs for one detector's figures at a time: "Combined" first, then each view. One panel is drawn at a time
 * (each holds Plotly figures; eight at once would cost seconds), so the accessible names inside a panel can
 * be the same in every tab. The choice is kept by name: a new result with the same views keeps it, else Combined.
 */
import { useId, useState, type KeyboardEvent, type ReactNode } from 'react';

export interface ViewTab {
  readonly name: string;
  readonly render: () => ReactNode;
}

export function ViewTabs({ label, tabs }: { label: string; tabs: readonly ViewTab[] }): ReactNode {
  const id = useId();
  const [chosen, setChosen] = useState<string | null>(null);
  const at = Math.max(
    0,
    tabs.findIndex((t) => t.name === chosen),
  );
  if (tabs.length === 0) return null;
  // Arrow keys move along the tabs, as the ARIA tabs pattern expects.
  const onKey = (e: KeyboardEvent<HTMLButtonElement>): void => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    e.preventDefault();
    const next = (at + step + tabs.length) % tabs.length;
    setChosen(tabs[next].name);
    document.getElementById(`${id}-tab-${next}`)?.focus();
  };
  return (
    <div className="view-tabs">
      <div role="tablist" aria-label={label}>
        {tabs.map((t, i) => (
          <button
            key={t.name}
            type="button"
            role="tab"
            id={`${id}-tab-${i}`}
            aria-selected={i === at}
            aria-controls={`${id}-panel`}
            tabIndex={i === at ? 0 : -1}
            onClick={() => setChosen(t.name)}
            onKeyDown={onKey}
          >
            {t.name}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-tab-${at}`}>
        {tabs[at].render()}
      </div>
    </div>
  );
}
