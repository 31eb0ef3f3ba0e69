/**
 * One capture load, from pcap/pcapng bytes (decompressed) to the same LoadResult as a tshark CSV gives:
 * frames are dissected straight into the users' 57 columns, typed as the CSV path types tshark's text, and
 * merged, ordered and summarised by the CSV path's own code, so the table, its types and its summary are
 * the CSV path's. What the capture itself says (where it was cut, blocks skipped, frames the snaplen cut,
 * HTTP that could not be reassembled) comes back beside the summary in `capture`.
 */
import { LoadError, type LoadResult } from '../csv-load.ts';
import { mergePartials } from '../gather-columns.ts';
import { summarize } from '../summarize.ts';
import { CaptureFormatError, type CaptureNote } from './captured-frame.ts';
import { CaptureColumns, type CaptureReport } from './capture-columns.ts';
import { usersPlan } from './users-layout.ts';

export interface CaptureLoadOptions {
  readonly fileName: string;
  readonly fileBytes: number;
  readonly compressed: boolean;
  /** IANA zone for frame.time's text; the machine's zone by default, as tshark. */
  readonly timeZone?: string;
}

export interface CaptureLoadResult extends LoadResult {
  readonly capture: CaptureReport;
}

export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
}

/** The message when a capture ends without one whole frame (the browser's loader words it the same). */
export function noFrameMessage(capture: Pick<CaptureReport, 'format' | 'notes'>): { message: string; where?: string } {
  const cut = capture.notes.find((n) => n.kind === 'truncated' || n.kind === 'corrupt');
  return {
    message: `The ${capture.format} capture holds no complete frame${cut ? `: ${cut.detail.replace(/; the frames before it are loaded$/, '')}` : ''}.`,
    where: cut ? `byte ${cut.offset.toLocaleString('en-US')}` : undefined,
  };
}

export class CaptureLoad {
  private readonly columns: CaptureColumns;
  private bytes = 0;
  private readonly t0 = performance.now();
  private brokenAt: CaptureNote | null = null;

  constructor(private readonly opts: CaptureLoadOptions) {
    this.columns = new CaptureColumns({ timeZone: opts.timeZone ?? localTimeZone(), rows: 1 << 16 });
  }

  /** Feeds the next bytes of the (decompressed) capture. */
  push(piece: Uint8Array): void {
    this.bytes += piece.length;
    this.wrap(() => this.columns.push(piece));
  }

  /** Whether the capture's header was read (a later fault keeps the frames before it). */
  get started(): boolean {
    return this.columns.started;
  }

  /** The input broke off (a corrupt gzip): the frames before it are kept, and the report says where. */
  brokeOff(detail: string): void {
    this.brokenAt = { kind: 'corrupt', offset: this.bytes, detail: `${detail}; the frames before it are loaded` };
  }

  finish(): CaptureLoadResult {
    const read = this.wrap(() => this.columns.end());
    const b = this.brokenAt;
    const capture = b
      ? { ...read, notes: [...read.notes, b], noteCounts: { ...read.noteCounts, corrupt: read.noteCounts.corrupt + 1 } }
      : read;
    if (capture.frames === 0) {
      const { message, where } = noFrameMessage(capture);
      throw new LoadError(message, where);
    }
    const { partial } = this.columns.take();
    const plan = usersPlan();
    const table = mergePartials(plan, [partial]);
    if (table.rowCount === 0) throw new LoadError('The capture has frames but none with a time that could be read.');
    const summary = summarize(table, plan, [partial.stats], {
      fileName: this.opts.fileName,
      fileBytes: this.opts.fileBytes,
      textBytes: this.bytes,
      compressed: this.opts.compressed,
      chunkLines: [capture.frames],
      parseSeconds: (performance.now() - this.t0) / 1000,
      workers: 1,
    });
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
