/**
 * A capture file streamed in (pcap or pcapng, decompressed), the users' CSV streamed out: the reader
 * splits frames, the dissector fills the fields (as bytes: no string per value), each row is written into
 * the current piece, and pieces of whole lines (about 1 MiB) are handed on. Used by the loader (which
 * parses the CSV into a table with the CSV path's own code) and by `npm run convert`.
 */
import { CaptureFormatError, type CaptureNote, type CaptureNoteKind, type CaptureReader, type CapturedFrame } from './captured-frame.ts';
import { captureFormat, type CaptureFormat } from './capture-format.ts';
import { CSV_HEADER_LINE } from './csv-row.ts';
import { FrameDissector, type FrameIssue, type IssueCounts } from './frame-dissector.ts';
import { zoneFormatter } from './frame-time.ts';
import { PcapReader } from './pcap-reader.ts';
import { PcapngReader } from './pcapng-reader.ts';

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

export interface CaptureToCsvOptions {
  /** IANA zone for frame.time's text (tshark uses the machine's zone). */
  readonly timeZone: string;
  /** CSV pieces (whole lines) are handed on once they reach about this many bytes. */
  readonly pieceBytes?: number;
}

export class CaptureToCsv {
  private reader: CaptureReader | null = null;
  private format: CaptureFormat | null = null;
  private readonly dissector: FrameDissector;
  private out: Uint8Array;
  private at = 0;
  private readonly pieceBytes: number;
  private headBytes = new Uint8Array(0);

  /**
   * `emit` receives the CSV in pieces of whole lines (the first starts with the header line); each piece
   * is a fresh buffer the receiver owns (it may transfer it).
   */
  constructor(opts: CaptureToCsvOptions, private readonly emit: (csv: Uint8Array) => void) {
    this.dissector = new FrameDissector(zoneFormatter(opts.timeZone));
    this.pieceBytes = opts.pieceBytes ?? 1 << 20;
    this.out = new Uint8Array(this.pieceBytes + (1 << 16));
    const head = new TextEncoder().encode(CSV_HEADER_LINE);
    this.out.set(head);
    this.at = head.length;
  }

  /** Whether the file header was recognised (end() then reports what was read). */
  get started(): boolean {
    return this.reader !== null;
  }

  push(bytes: Uint8Array): void {
    if (!this.reader) {
      // The magic may straddle the first pieces.
      const joined = new Uint8Array(this.headBytes.length + bytes.length);
      joined.set(this.headBytes);
      joined.set(bytes, this.headBytes.length);
      if (joined.length < 4) { this.headBytes = joined; return; }
      this.format = captureFormat(joined);
      if (!this.format) throw new CaptureFormatError('Not a pcap or pcapng capture (unknown magic number).', 0);
      const sink = (fr: CapturedFrame) => this.frame(fr);
      this.reader = this.format === 'pcap' ? new PcapReader(sink) : new PcapngReader(sink);
      bytes = joined;
    }
    this.reader.push(bytes);
    this.flush(false);
  }

  end(): CaptureReport {
    if (!this.reader) throw new CaptureFormatError(this.headBytes.length ? 'The capture is too short to hold a file header.' : 'The file is empty.', 0);
    this.reader.end();
    this.flush(true);
    const d = this.dissector;
    return {
      format: this.format as CaptureFormat,
      frames: this.reader.frames,
      notes: this.reader.notes,
      noteCounts: this.reader.noteCounts,
      issues: d.issues,
      issueCounts: d.counts,
    };
  }

  private frame(fr: CapturedFrame): void {
    const f = this.dissector.dissect(fr);
    const need = f.rowBytes();
    if (this.at + need > this.out.length) {
      this.flush(true);
      if (need > this.out.length) this.out = new Uint8Array(need + this.pieceBytes);
    }
    this.at = f.writeRow(this.out, this.at);
    if (this.at >= this.pieceBytes) this.flush(true);
  }

  private flush(force: boolean): void {
    if (this.at === 0 || (!force && this.at < this.pieceBytes)) return;
    const piece = this.out.subarray(0, this.at);
    this.out = new Uint8Array(this.out.length);
    this.at = 0;
    this.emit(piece);
  }
}
