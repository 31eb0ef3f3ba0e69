import type { ReactNode } from 'react';
import {
  MAX_LISTED_ISSUES,
  SKIP_REASON_TEXT,
  SKIP_REASONS,
  type LineIssue,
  type LoadSummary,
} from '../../core/ingest/load-report.ts';
import { formatCount } from '../format.ts';

export function issueKindText(kind: LineIssue['kind']): string {
  return kind === 'bad-value' ? 'bad value (row kept)' : SKIP_REASON_TEXT[kind];
}

/** Lines skipped, by reason, and values that did not parse. */
export function SkippedTable({ s }: { s: LoadSummary }): ReactNode {
  return (
    <table className="data skipped">
      <caption>Skipped lines</caption>
      <thead>
        <tr>
          <th scope="col">Reason</th>
          <th scope="col" className="num">
            Lines
          </th>
        </tr>
      </thead>
      <tbody>
        {SKIP_REASONS.map((r) => (
          <tr key={r} className={s.skipped[r] === 0 ? 'zero' : undefined}>
            <th scope="row">{SKIP_REASON_TEXT[r]}</th>
            <td className="num">{formatCount(s.skipped[r])}</td>
          </tr>
        ))}
        <tr className={s.badValues === 0 ? 'zero total' : 'total'}>
          <th scope="row">bad values (cell left missing, row kept)</th>
          <td className="num">{formatCount(s.badValues)}</td>
        </tr>
      </tbody>
    </table>
  );
}

/** The first problems of each kind, with their line numbers (the header is line 1). */
export function IssuesTable({ s }: { s: LoadSummary }): ReactNode {
  if (s.issues.length === 0) return null;
  return (
    <table className="data issues" aria-label="Listed issues">
      <caption>
        Listed issues
        <span className="caption-note">first {MAX_LISTED_ISSUES} of each kind; the header is line 1</span>
      </caption>
      <thead>
        <tr>
          <th scope="col" className="num">
            Line
          </th>
          <th scope="col">Kind</th>
          <th scope="col">Field</th>
          <th scope="col">Detail</th>
        </tr>
      </thead>
      <tbody>
        {s.issues.map((i, k) => (
          <tr key={k}>
            <td className="num">{formatCount(i.line)}</td>
            <td>{issueKindText(i.kind)}</td>
            <td className="mono">{i.field ?? ''}</td>
            <td className="detail">{i.detail}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
