/**
 * A capture streamed in, the users' CSV streamed out, written from the columns (csv-row.ts): what
 * `npm run convert` writes and what the tests hold against tshark's own export. Frames whose time the
 * epoch field cannot carry are written too, as tshark writes them.
 */
import { CaptureColumns, type CaptureReport } from './capture-columns.ts';
import { CSV_HEADER_LINE, csvLines } from './csv-row.ts';
import { zoneFormatter, type ZoneFormatter } from './frame-time.ts';

export interface CaptureToCsvOptions {
  /** IANA zone for frame.time's text (tshark uses the machine's zone). */
  readonly timeZone: string;
  /** Rows written per piece. */
  readonly pieceRows?: number;
}

const encoder = new TextEncoder();

export class CaptureToCsv {
  private readonly columns: CaptureColumns;
  private readonly zone: ZoneFormatter;
  private readonly pieceRows: number;
  private headerSent = false;

  /** `emit` receives the CSV in pieces of whole lines, the first starting with the header line. */
  constructor(
    opts: CaptureToCsvOptions,
    private readonly emit: (csv: Uint8Array) => void,
  ) {
    this.pieceRows = opts.pieceRows ?? 16384;
    this.columns = new CaptureColumns({
      timeZone: opts.timeZone,
      rows: this.pieceRows,
      rawTimes: true,
      keepTimeless: true,
    });
    this.zone = zoneFormatter(opts.timeZone);
  }

  /** Whether the file header was recognised (end() then reports what was read). */
  get started(): boolean {
    return this.columns.started;
  }

  push(bytes: Uint8Array): void {
    this.columns.push(bytes);
    if (this.columns.rows >= this.pieceRows) this.flush();
  }

  end(): CaptureReport {
    const report = this.columns.end();
    this.flush();
    return report;
  }

  private flush(): void {
    if (!this.headerSent) this.emit(encoder.encode(CSV_HEADER_LINE));
    this.headerSent = true;
    const lines = csvLines(this.columns.take(), this.zone);
    if (lines.length > 0) this.emit(lines);
  }
}
