import type { ReactNode } from 'react';
import type { LoadSummary } from '../../core/ingest/load-report.ts';
import { formatCount, formatDuration, formatLocal, formatSize, formatUtc } from '../format.ts';

function size(s: LoadSummary): string {
  const file = `${formatSize(s.fileBytes)}${s.compressed ? ' gzip' : ''}`;
  if (s.capture) return `${file} ${s.capture.format}${s.compressed ? `, ${formatSize(s.textBytes)} decompressed` : ''}`;
  return s.compressed ? `${file}, ${formatSize(s.textBytes)} of text` : file;
}

/** The capture at a glance, as label/value rows ("Rows" → "238,398"). */
export function FactsTable({ s }: { s: LoadSummary }): ReactNode {
  const skipped = Object.values(s.skipped).reduce((a, b) => a + b, 0);
  const rows: readonly (readonly [string, string])[] = [
    ['File', s.fileName],
    ['Size', size(s)],
    ['Rows', formatCount(s.rows)],
    ['Lines', formatCount(s.lines)],
    ['Skipped lines', formatCount(skipped)],
    ['Bad values', formatCount(s.badValues)],
    ['Time field', s.timeField],
    ['First packet (UTC)', formatUtc(s.firstTimeUs)],
    ['First packet (local)', formatLocal(s.firstTimeUs)],
    ['Last packet (UTC)', formatUtc(s.lastTimeUs)],
    ['Last packet (local)', formatLocal(s.lastTimeUs)],
    ['Duration', formatDuration((s.lastTimeUs - s.firstTimeUs) / 1e6)],
    ['Hosts', formatCount(s.hostCount)],
    ['Parsed in', `${s.parseSeconds.toFixed(2)} s by ${s.workers} workers`],
  ];
  return (
    <table className="data facts">
      <caption>Capture facts</caption>
      <tbody>
        {rows.map(([label, value]) => (
          <tr key={label}>
            <th scope="row">{label}</th>
            <td>{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
