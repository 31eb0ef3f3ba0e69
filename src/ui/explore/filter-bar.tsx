/**
 * The display-filter bar: type a Wireshark filter, press Enter, see how many packets match, or where the
 * filter is wrong (a caret under the position, as a compiler would). Counting runs in the engine worker.
 */
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { FilterResult } from '../../workers/engine-messages.ts';
import { useCapture } from '../stores/capture-hooks.ts';
import { useEngine } from './engine-context.ts';
import { FilterErrorView } from './filter-error-view.tsx';
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
  const latest = useRef(0);

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

  const invalid = shown.kind === 'result' && !shown.result.ok;
  return (
    <section className="filter-bar card" aria-label="Display filter">
      <form onSubmit={submit} className="filter-form">
        <input
          className="filter-input mono"
          aria-label="Display filter"
          aria-invalid={invalid}
          aria-describedby="filter-status"
          placeholder="Display filter, e.g. tcp.flags.syn == 1 && tcp.dstport == 80"
          spellCheck={false}
          autoComplete="off"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
        />
        <button type="submit" className="primary">
          Apply
        </button>
      </form>
      <div id="filter-status" role="status" aria-label="Filter result" className="filter-status">
        <FilterStatus shown={shown} total={capture?.summary.rows ?? 0} ranged={range !== null} />
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
