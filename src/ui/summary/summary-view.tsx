/**
 * The overview of the open capture, from its LoadSummary only (never the table). Rendering it must not block
 * the page: the capture is read through useDeferredValue, so React renders the new summary at transition
 * priority, in slices that yield to the browser, while the previous one (or nothing) stays on screen; the
 * tables below the fold skip layout and paint until scrolled to (content-visibility in styles.css).
 * `data-capture-version` says which capture is on screen, for tests.
 */
import { memo, useDeferredValue, type ReactNode } from 'react';
import type { LoadSummary } from '../../core/ingest/load-report.ts';
import { useCapture } from '../stores/capture-hooks.ts';
import { ColumnsTable } from './columns-table.tsx';
import { CaptureProblemsTable, CaptureTable } from './capture-tables.tsx';
import { CountsTable } from './counts-table.tsx';
import { FactsTable } from './facts-table.tsx';
import { IssuesTable, SkippedTable } from './issues-tables.tsx';
import { hasLoadNotes, LoadNotesTable } from './load-notes-table.tsx';
import { formatCount } from '../format.ts';

export function SummaryView(): ReactNode {
  const capture = useDeferredValue(useCapture(), null);
  if (!capture) return null;
  return <Summary key={capture.version} version={capture.version} s={capture.summary} />;
}

const Summary = memo(function Summary({ s, version }: { s: LoadSummary; version: number }): ReactNode {
  return (
    <section className="summary" aria-label="Capture summary" data-capture-version={version}>
      <div className="summary-grid">
        <div className="card">
          <FactsTable s={s} />
        </div>
        {hasLoadNotes(s) && (
          <div className="card">
            <LoadNotesTable s={s} />
          </div>
        )}
        {s.capture && (
          <div className="card">
            <CaptureTable c={s.capture} />
          </div>
        )}
        <div className="card">
          <SkippedTable s={s} />
        </div>
        {s.labelColumns.map((l) => (
          <div className="card" key={l.name}>
            <CountsTable caption={`${l.name} values`} valueHeader={l.name} values={l.values} total={s.rows} />
          </div>
        ))}
        <div className="card">
          <CountsTable
            caption="Protocols"
            valueHeader="Protocol"
            values={s.protocols}
            total={s.rows}
            note="frames containing each"
          />
        </div>
        <div className="card">
          <CountsTable
            caption="Top hosts"
            valueHeader="Address"
            values={s.topHosts}
            note={`${formatCount(s.hostCount)} distinct`}
          />
        </div>
      </div>
      {s.capture && (s.capture.notes.length > 0 || s.capture.issues.length > 0) && (
        <div className="card wide">
          <CaptureProblemsTable c={s.capture} />
        </div>
      )}
      {s.issues.length > 0 && (
        <div className="card wide">
          <IssuesTable s={s} />
        </div>
      )}
      <div className="card wide">
        <ColumnsTable columns={s.columns} rows={s.rows} />
      </div>
    </section>
  );
});
