/**
 * A capture file streamed in (pcap or pcapng, decompressed), the users' columns out: the reader splits
 * frames, the dissector writes each frame's fields into a row, and `take` hands the rows so far on as a
 * PartialTable (the CSV path's own shape, so merging, sorting and summarising are the CSV path's code).
 * Used whole by the loader in Node, in batches by the sensor and by `npm run convert`.
 */
import {
  CaptureFormatError,
  type CaptureNote,
  type CaptureNoteKind,
  type CaptureReader,
  type CapturedFrame,
} from './captured-frame.ts';
import { captureFormat, type CaptureFormat } from './capture-format.ts';
import { FrameDissector, type FrameDissectorOptions, type FrameIssue, type IssueCounts } from './frame-dissector.ts';
import type { RawTimes } from './frame-fields.ts';
import { zoneFormatter } from './frame-time.ts';
import { PcapReader } from './pcap-reader.ts';
import { PcapngReader } from './pcapng-reader.ts';
import type { PartialTable } from '../partial-table.ts';

export interface CaptureReport {
  readonly format: CaptureFormat;
  readonly frames: number;
  /** Problems with the file itself (cut, corrupt or unknown blocks), with byte offsets. */
  readonly notes: readonly CaptureNote[];
  readonly noteCounts: Readonly<Record<CaptureNoteKind, number>>;
  /** Where dissection stopped short (snaplen, HTTP that could not be reassembled), with frame numbers. */
  readonly issues: readonly FrameIssue[];
  readonly issueCounts: Readonly<IssueCounts>;
}

export interface CaptureColumnsOptions extends FrameDissectorOptions {
  /** IANA zone for frame.time's text (tshark uses the machine's zone). */
  readonly timeZone: string;
}

/** Rows of a capture, as the CSV path's partial table, with each row's own time when asked for. */
export interface CaptureRows {
  readonly partial: PartialTable;
  readonly rawTimes: RawTimes | null;
}

/** A stream of capture bytes, framed by the reader its magic number names (told on the first bytes). */
export class CaptureFramer {
  private reader: CaptureReader | null = null;
  format: CaptureFormat | null = null;
  private headBytes = new Uint8Array(0);

  constructor(private readonly sink: (fr: CapturedFrame) => void) {}

  /** Whether the file header was recognised (end() then reports what was read). */
  get started(): boolean {
    return this.reader !== null;
  }

  get frames(): number {
    return this.reader?.frames ?? 0;
  }

  push(bytes: Uint8Array): void {
    if (!this.reader) {
      // The magic may straddle the first pieces.
      const joined = new Uint8Array(this.headBytes.length + bytes.length);
      joined.set(this.headBytes);
      joined.set(bytes, this.headBytes.length);
      if (joined.length < 4) {
        this.headBytes = joined;
        return;
      }
      this.format = captureFormat(joined);
      if (!this.format) throw new CaptureFormatError('Not a pcap or pcapng capture (unknown magic number).', 0);
      this.reader = this.format === 'pcap' ? new PcapReader(this.sink) : new PcapngReader(this.sink);
      bytes = joined;
    }
    this.reader.push(bytes);
  }

  /** No more bytes: the reader's notes (a cut record is `truncated`). */
  end(): CaptureReader {
    if (!this.reader)
      throw new CaptureFormatError(
        this.headBytes.length ? 'The capture is too short to hold a file header.' : 'The file is empty.',
        0,
      );
    this.reader.end();
    return this.reader;
  }
}

export class CaptureColumns {
  private readonly framer: CaptureFramer;
  private readonly dissector: FrameDissector;

  constructor(opts: CaptureColumnsOptions) {
    this.dissector = new FrameDissector(zoneFormatter(opts.timeZone), opts);
    this.framer = new CaptureFramer((fr) => this.dissector.dissect(fr));
  }

  get started(): boolean {
    return this.framer.started;
  }

  /** Rows dissected and not yet taken. */
  get rows(): number {
    return this.dissector.rows;
  }

  push(bytes: Uint8Array): void {
    this.framer.push(bytes);
  }

  /** The rows so far; the next ones start new columns (with their own dictionaries). */
  take(rows?: number): CaptureRows {
    return this.dissector.take(rows);
  }

  end(): CaptureReport {
    const reader = this.framer.end();
    const d = this.dissector;
    return {
      format: this.framer.format as CaptureFormat,
      frames: reader.frames,
      notes: reader.notes,
      noteCounts: reader.noteCounts,
      issues: d.issues,
      issueCounts: d.counts,
    };
  }
}
