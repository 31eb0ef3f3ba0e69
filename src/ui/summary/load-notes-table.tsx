/**
 * What was odd about the CSV and what was done to read it (UTF-16 converted, tab- or semicolon-separated,
 * decimal commas, lines with NUL bytes skipped), one sentence a row, from src/core/ingest/load-notes.ts.
 * Nothing is shown for tshark's own CSV.
 */
import type { ReactNode } from 'react';
import { loadNotes } from '../../core/ingest/load-notes.ts';
import type { LoadSummary } from '../../core/ingest/load-report.ts';

export function hasLoadNotes(s: LoadSummary): boolean {
  return loadNotes(s).length > 0;
}

export function LoadNotesTable({ s }: { s: LoadSummary }): ReactNode {
  const notes = loadNotes(s);
  if (notes.length === 0) return null;
  return (
    <table className="data notes">
      <caption>How the file was read</caption>
      <tbody>
        {notes.map((n) => (
          <tr key={n}>
            <td>{n}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
