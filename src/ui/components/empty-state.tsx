import type { ReactNode } from 'react';
import { OpenButtons } from './file-input.tsx';

const EXPORT_COMMAND =
  'tshark -r capture.pcapng -T fields -E header=y -E separator=, -E quote=d -E occurrence=f \\\n' +
  '  -e frame.number -e frame.time_epoch -e frame.protocols -e ip.src -e ip.dst ... > packets.csv';

export function EmptyState({ onPick }: { onPick: () => void }): ReactNode {
  return (
    <section className="empty-state" aria-label="No capture open">
      <h1>Open a packet capture</h1>
      <p>
        The workbench opens captures from Wireshark, dumpcap or tcpdump directly, and packet tables exported by{' '}
        <code>tshark -T fields</code> as CSV, with a header line of field names. Millions of rows are fine: the file is
        parsed in background workers and never leaves this machine.
      </p>
      <ul className="file-kinds">
        <li>
          <strong>.pcap / .pcapng</strong> — dissected here into the same fields tshark would export (below); what could
          not be dissected is listed in the summary
        </li>
        <li>
          <strong>.csv</strong> — comma-separated, header line first, values optionally double-quoted
        </li>
        <li>
          <strong>.gz</strong> — either of them gzip-compressed (every format is recognised from its content, not its
          name)
        </li>
        <li>
          Needs a time column: <code>frame.time_epoch</code> or <code>frame.time</code>
        </li>
        <li>
          Extra columns such as <code>alert</code> or <code>attack</code> are kept as labels
        </li>
      </ul>
      <pre className="command">{EXPORT_COMMAND}</pre>
      <OpenButtons onPick={onPick} />
      <p className="muted">Or drop a file anywhere on this page.</p>
    </section>
  );
}
