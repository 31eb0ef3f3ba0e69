/**
 * One capture load, from pcap/pcapng bytes (decompressed) to the same LoadResult as a tshark CSV gives:
 * frames are dissected into the users' 57 fields as tshark would export them, and those rows go through
 * the CSV path's own parser (CsvLoad), so the table, its types and its summary are the CSV path's.
 * What the capture itself says (where it was cut, blocks skipped, frames the snaplen cut, HTTP that could
 * not be reassembled) comes back beside the summary in `capture`.
 */
import { CsvLoad, LoadError, type LoadResult } from '../csv-load.ts';
import { CaptureFormatError } from './captured-frame.ts';
import { CaptureToCsv, type CaptureReport } from './capture-to-csv.ts';

export interface CaptureLoadOptions {
  readonly fileName: string;
  readonly fileBytes: number;
  readonly compressed: boolean;
  /** IANA zone for frame.time's text; the machine's zone by default, as tshark. */
  readonly timeZone?: string;
  readonly parsers?: number;
}

export interface CaptureLoadResult extends LoadResult {
  readonly capture: CaptureReport;
}

export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
}

export class CaptureLoad {
  private readonly csv: CsvLoad;
  private readonly toCsv: CaptureToCsv;

  constructor(opts: CaptureLoadOptions) {
    this.csv = new CsvLoad({ fileName: opts.fileName, fileBytes: opts.fileBytes, compressed: opts.compressed, parsers: opts.parsers });
    this.toCsv = new CaptureToCsv({ timeZone: opts.timeZone ?? localTimeZone() }, (csv) => this.csv.push(csv));
  }

  /** Feeds the next bytes of the (decompressed) capture. */
  push(piece: Uint8Array): void {
    this.wrap(() => this.toCsv.push(piece));
  }

  finish(): CaptureLoadResult {
    const capture = this.wrap(() => this.toCsv.end());
    if (capture.frames === 0) {
      const cut = capture.notes.find((n) => n.kind === 'truncated' || n.kind === 'corrupt');
      throw new LoadError(
        `The ${capture.format} capture holds no complete frame${cut ? `: ${cut.detail.replace(/; the frames before it are loaded$/, '')}` : ''}.`,
        cut ? `byte ${cut.offset.toLocaleString('en-US')}` : undefined,
      );
    }
    const { table, summary } = this.csv.finish();
    return { table, summary, capture };
  }

  private wrap<T>(f: () => T): T {
    try {
      return f();
    } catch (e) {
      if (e instanceof CaptureFormatError) {
        throw new LoadError(e.message, `byte ${e.offset.toLocaleString('en-US')}`);
      }
      throw e;
    }
  }
}
