/**
 * The one file input. It is visually hidden; the "Open capture…" buttons click it. The accept list only
 * helps the browser's dialog: what the file is, is decided from its bytes by the pipeline.
 */
import type { ReactNode, RefObject } from 'react';
import { useCaptureActions } from '../stores/capture-hooks.ts';

export const ACCEPT = '.csv,.gz,.csv.gz,text/csv,.pcap,.pcapng,.cap,.pcap.gz,.pcapng.gz,application/vnd.tcpdump.pcap';

export function FileInput({ inputRef }: { inputRef: RefObject<HTMLInputElement | null> }): ReactNode {
  const { openFile } = useCaptureActions();
  return (
    <input
      ref={inputRef}
      className="visually-hidden"
      type="file"
      accept={ACCEPT}
      aria-label="Open capture file"
      tabIndex={-1}
      onChange={(e) => {
        const file = e.currentTarget.files?.[0];
        e.currentTarget.value = '';
        if (file) openFile(file, file.name);
      }}
    />
  );
}

export function OpenButtons({ onPick }: { onPick: () => void }): ReactNode {
  const { openSample } = useCaptureActions();
  return (
    <div className="open-buttons">
      <button type="button" className="primary" onClick={onPick}>
        Open capture…
      </button>
      <button type="button" onClick={openSample}>
        Open sample capture
      </button>
    </div>
  );
}
