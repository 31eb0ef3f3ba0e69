import type { ReactNode } from 'react';
import type { ColumnInfo } from '../../core/ingest/load-report.ts';
import { formatCount } from '../format.ts';

/** Every column of the file: how it was read and how full it is. */
export function ColumnsTable({ columns, rows }: { columns: readonly ColumnInfo[]; rows: number }): ReactNode {
  return (
    <table className="data columns" aria-label="Columns">
      <caption>
        Columns<span className="caption-note">{columns.length} in file order</span>
      </caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Type</th>
          <th scope="col">Known</th>
          <th scope="col" className="num">
            Missing
          </th>
          <th scope="col" className="num">
            Bad values
          </th>
          <th scope="col" className="num">
            Distinct
          </th>
        </tr>
      </thead>
      <tbody>
        {columns.map((c, i) => (
          <tr key={i}>
            <th scope="row" className="mono">
              {c.name}
            </th>
            <td className="mono">{c.type}</td>
            <td>{c.known ? 'yes' : 'no'}</td>
            <td className={c.missing === rows ? 'num muted' : 'num'}>{formatCount(c.missing)}</td>
            <td className={c.badValues > 0 ? 'num warn' : 'num'}>{formatCount(c.badValues)}</td>
            <td className="num">{c.distinct === undefined ? '' : formatCount(c.distinct)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
