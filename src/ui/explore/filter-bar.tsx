/**
 * The display-filter bar: type a Wireshark filter, press Enter, see how many packets match, or where the
 * filter is wrong (a caret under the position, as a compiler would). Counting runs in the engine worker.
 * Field names complete as they are typed; an error goes as soon as the text is edited, and the next Enter
 * shows the new text's result.
 */
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { FilterResult } from '../../workers/engine-messages.ts';
import { useCapture } from '../stores/capture-hooks.ts';
import { useEngine } from './engine-context.ts';
import { FilterErrorView } from './filter-error-view.tsx';
import { FilterInput, useFilterNames } from './filter-input.tsx';
import { useExplore } from './explore-store.ts';

type Shown =
  | { readonly kind: 'none' }
  | { readonly kind: 'running'; readonly text: string }
  | { readonly kind: 'result'; readonly text: string; readonly result: FilterResult }
  | { readonly kind: 'failed'; readonly message: string };

const fmt = (n: number): string => n.toLocaleString('en-US');

export function FilterBar(): ReactNode {
  const engine = useEngine();
  const capture = useCapture();
  const { draft, setDraft, applied, appliedAt, apply, range } = useExplore();
  const [shown, setShown] = useState<Shown>({ kind: 'none' });
  // Typed since the last apply: an error about the old text would point at text no longer there.
  const [edited, setEdited] = useState(false);
  const latest = useRef(0);
  const names = useFilterNames();

  // biome-ignore lint/correctness/useExhaustiveDependencies: applying the same text again is an apply too
  useEffect(() => setEdited(false), [applied, appliedAt]);

  // Count again whenever the filter is applied (Enter, or a breakdown row narrowing it), the range or the
  // capture changes; a late answer to an older question is dropped.
  const version = capture?.version ?? 0;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the filter applied again (Enter) counts again
  useEffect(() => {
    const id = ++latest.current;
    if (applied === '' || !version) {
      setShown({ kind: 'none' });
      return;
    }
    setShown({ kind: 'running', text: applied });
    engine.filter(applied, range).then(
      (result) => {
        if (latest.current === id) setShown({ kind: 'result', text: applied, result });
      },
      (err: unknown) => {
        if (latest.current === id)
          setShown({ kind: 'failed', message: err instanceof Error ? err.message : String(err) });
      },
    );
  }, [engine, applied, appliedAt, range, version]);

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    apply();
  };

  const wrong = (shown.kind === 'result' && !shown.result.ok) || shown.kind === 'failed';
  const invalid = wrong && !edited;
  return (
    <section className="filter-bar card" aria-label="Display filter">
      <form onSubmit={submit} className="filter-form">
        <FilterInput
          label="Display filter"
          names={names}
          invalid={invalid}
          describedBy="filter-status"
          placeholder="Display filter, e.g. tcp.flags.syn == 1 && tcp.dstport == 80"
          value={draft}
          onChange={(text) => {
            setDraft(text);
            setEdited(true);
          }}
        />
        <button type="submit" className="primary">
          Apply
        </button>
      </form>
      <div id="filter-status" role="status" aria-label="Filter result" className="filter-status">
        {wrong && edited ? (
          <span className="muted">Press Enter to apply the edited filter.</span>
        ) : (
          <FilterStatus shown={shown} total={capture?.summary.rows ?? 0} ranged={range !== null} />
        )}
      </div>
    </section>
  );
}

function FilterStatus({ shown, total, ranged }: { shown: Shown; total: number; ranged: boolean }): ReactNode {
  switch (shown.kind) {
    case 'none':
      return <span className="muted">{fmt(total)} packets. Type a filter and press Enter.</span>;
    case 'running':
      return <span className="muted">Counting…</span>;
    case 'failed':
      return <span className="filter-error">{shown.message}</span>;
    case 'result': {
      const r = shown.result;
      if (r.ok) {
        return (
          <span>
            <strong>{fmt(r.rows)}</strong> of {fmt(r.total)} packets match <code>{shown.text}</code>
            {ranged ? ' in the chosen time range' : ''} <span className="muted">({r.ms.toFixed(0)} ms)</span>
          </span>
        );
      }
      return <FilterErrorView text={shown.text} error={r.error} />;
    }
    default: {
      const never: never = shown;
      return never;
    }
  }
}
