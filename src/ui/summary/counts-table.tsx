import { memo, type ReactNode } from 'react';
import type { CountedValue } from '../../core/ingest/load-report.ts';
import { formatCount, formatPercent } from '../format.ts';

interface Props {
  /** The table's accessible name and visible caption. */
  readonly caption: string;
  readonly valueHeader: string;
  readonly values: readonly CountedValue[];
  /** What shares are computed against (rows); no share column when absent. */
  readonly total?: number;
  readonly note?: string;
}

/** A value/count table (labels, protocols, hosts), with a bar for each share. Values are text, never HTML. */
export const CountsTable = memo(function CountsTable({ caption, valueHeader, values, total, note }: Props): ReactNode {
  return (
    <table className="data counts" aria-label={caption}>
      <caption>
        {caption}
        {note && <span className="caption-note">{note}</span>}
      </caption>
      <thead>
        <tr>
          <th scope="col">{valueHeader}</th>
          <th scope="col" className="num">
            Count
          </th>
          {total !== undefined && (
            <th scope="col" className="num">
              Share
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {values.length === 0 && (
          <tr>
            <td colSpan={3} className="muted">
              none
            </td>
          </tr>
        )}
        {values.map((v) => (
          <tr key={v.value}>
            <th scope="row" className="value">
              {v.value === '' ? <span className="muted">(empty)</span> : v.value}
            </th>
            <td className="num">{formatCount(v.count)}</td>
            {total !== undefined && (
              <td className="num share">
                <span className="share-bar" style={{ transform: `scaleX(${total > 0 ? v.count / total : 0})` }} />
                <span className="share-text">{formatPercent(v.count, total)}</span>
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
});
