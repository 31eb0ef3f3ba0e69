/**
 * Breakdown tables for the applied display filter and time range (Wireshark's Protocol Hierarchy,
 * Endpoints, Conversations, plus the TCP flag mix and tcp.seq views the seed notebook asked for). Only the
 * visible tab is computed, in the engine worker; clicking a row narrows the display filter, and the
 * filter bar and every tab follow it.
 */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { BreakdownData, BreakdownKind } from '../../workers/engine-messages.ts';
import type { FilterError } from '../../core/query/filter-lexer.ts';
import { formatUtc } from '../format.ts';
import { useCapture } from '../stores/capture-hooks.ts';
import { BreakdownTabs, tabId } from './breakdown-tabs.tsx';
import { BreakdownView } from './breakdown-view.tsx';
import { useEngine } from './engine-context.ts';
import { useExplore, type TimeRange } from './explore-store.ts';
import { FilterErrorView } from './filter-error-view.tsx';
import { useLabels } from '../labels/labels-store.ts';
import { RowLabelSelect } from '../labels/row-label-select.tsx';

const labelRow = (clause: string, name: string): ReactNode => <RowLabelSelect clause={clause} name={name} />;
import './breakdown.css';

/** Rows of each ranked table (talkers, ports, conversations, tcp.seq values). */
const LIMIT = 20;

/** What a result answers: a tab for a filter, a range and a capture. */
interface Asked {
  readonly kind: BreakdownKind;
  readonly filter: string;
  readonly range: TimeRange | null;
  readonly version: number;
}

type Answer =
  | { readonly state: 'running'; readonly asked: Asked }
  | { readonly state: 'done'; readonly asked: Asked; readonly ms: number }
  | { readonly state: 'invalid'; readonly asked: Asked; readonly error: FilterError }
  | { readonly state: 'failed'; readonly asked: Asked; readonly message: string };

export function BreakdownPanel(): ReactNode {
  const engine = useEngine();
  const version = useCapture()?.version ?? 0;
  const applied = useExplore((s) => s.applied);
  const appliedAt = useExplore((s) => s.appliedAt);
  const range = useExplore((s) => s.range);
  const narrow = useExplore((s) => s.narrow);
  // New labels change what a filter on `label` selects.
  const labelsOutcome = useLabels((s) => s.outcome);
  const [kind, setKind] = useState<BreakdownKind>('protocols');
  const [answer, setAnswer] = useState<Answer | null>(null);
  // The last good tables stay on screen while the next ones compute, so the page does not jump.
  const [shown, setShown] = useState<{ readonly asked: Asked; readonly data: BreakdownData } | null>(null);
  const latest = useRef(0);
  const id = useId();

  // biome-ignore lint/correctness/useExhaustiveDependencies: a filter applied again or new labels ask afresh
  useEffect(() => {
    if (!version) return;
    const request = ++latest.current;
    const asked: Asked = { kind, filter: applied, range, version };
    setAnswer({ state: 'running', asked });
    engine.breakdown({ kind, filter: applied, range, limit: LIMIT }).then(
      (result) => {
        if (latest.current !== request) return; // a later question is under way
        if (result.ok) {
          setAnswer({ state: 'done', asked, ms: result.ms });
          setShown({ asked, data: result.data });
        } else {
          setAnswer({ state: 'invalid', asked, error: result.error });
          setShown(null);
        }
      },
      (err: unknown) => {
        if (latest.current !== request) return;
        setAnswer({ state: 'failed', asked, message: err instanceof Error ? err.message : String(err) });
        setShown(null);
      },
    );
  }, [engine, kind, applied, appliedAt, range, version, labelsOutcome]);

  const visible = shown && shown.asked.kind === kind && shown.asked.version === version ? shown : null;
  const busy = answer?.state === 'running';

  return (
    <section className="breakdown-panel card" aria-label="Breakdowns">
      <BreakdownTabs selected={kind} onSelect={setKind} idPrefix={id} />
      <div
        className="breakdown-body"
        role="tabpanel"
        id={`${id}-panel`}
        aria-labelledby={tabId(id, kind)}
        aria-busy={busy}
      >
        <div className="breakdown-status" role="status" aria-label="Breakdown status">
          <Status answer={answer} shown={visible?.asked ?? null} />
        </div>
        {visible && <BreakdownView data={visible.data} onNarrow={narrow} labeller={labelRow} />}
      </div>
    </section>
  );
}

function Status({ answer, shown }: { answer: Answer | null; shown: Asked | null }): ReactNode {
  if (!answer) return null;
  switch (answer.state) {
    case 'running':
      return <span className="muted">Computing…{shown && <> (showing {context(shown)})</>}</span>;
    case 'done':
      return (
        <span>
          For {context(answer.asked)} <span className="muted">({answer.ms.toFixed(0)} ms in the engine)</span>
        </span>
      );
    case 'invalid':
      return <FilterErrorView text={answer.asked.filter} error={answer.error} />;
    case 'failed':
      return <span className="filter-error">{answer.message}</span>;
    default: {
      const never: never = answer;
      return never;
    }
  }
}

/** "filter tcp.port == 80 in 2026-…Z to 2026-…Z"; "all packets over the whole capture". */
function context(asked: Asked): ReactNode {
  return (
    <>
      {asked.filter === '' ? (
        'all packets'
      ) : (
        <>
          filter <code>{asked.filter}</code>
        </>
      )}
      {asked.range
        ? ` in ${formatUtc(asked.range.fromUs)} to ${formatUtc(asked.range.toUs)}`
        : ' over the whole capture'}
    </>
  );
}
