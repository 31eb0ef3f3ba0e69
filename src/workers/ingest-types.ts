/** What the browser-side ingest pipeline reports to its caller (the capture store). */
import type { PacketTable } from '../core/table/packet-table.ts';
import type { LoadSummary } from '../core/ingest/load-report.ts';

export interface IngestProgress {
  readonly fileName: string;
  /** Bytes of the file read so far (compressed bytes for a .gz) and in all. */
  readonly bytesRead: number;
  readonly bytesTotal: number;
  /** Rows parsed so far. */
  readonly rows: number;
  readonly elapsedSeconds: number;
  /** File megabytes (10^6 bytes) per second so far. */
  readonly mbPerSecond: number;
  /** Estimated seconds left, null until there is enough to estimate. */
  readonly secondsLeft: number | null;
  /** 'reading' while the file streams in, 'finishing' while the table is merged and sorted. */
  readonly phase: 'reading' | 'finishing';
}

export interface IngestResult {
  readonly table: PacketTable;
  readonly summary: LoadSummary;
}

/** A load that failed with a message for the user; `where` says where in the file, when known. */
export class IngestError extends Error {
  constructor(
    message: string,
    readonly where?: string,
  ) {
    super(message);
    this.name = 'IngestError';
  }
}

export class IngestCancelled extends Error {
  constructor() {
    super('Loading was cancelled');
    this.name = 'IngestCancelled';
  }
}

export interface IngestHandle {
  /** Resolves with the new table; rejects with IngestError or IngestCancelled. */
  readonly result: Promise<IngestResult>;
  cancel(): void;
}
