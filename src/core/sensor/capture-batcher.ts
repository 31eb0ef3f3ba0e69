/**
 * A capture stream (pcap or pcapng: a file, a pipe from tcpdump or dumpcap) cut into packet tables, one per
 * batch, by the workbench's own dissector writing straight into columns: the sensor sees exactly the rows a
 * capture opened in the workbench gives. Conversations (tcp.stream, reassembly) carry over between batches.
 */
import { mergePartials } from '../ingest/gather-columns.ts';
import { CaptureColumns, type CaptureReport } from '../ingest/pcap/capture-columns.ts';
import { usersPlan } from '../ingest/pcap/users-layout.ts';
import type { HeaderPlan } from '../ingest/csv-header.ts';
import type { CsvBatch } from './csv-batcher.ts';

/**
 * TCP conversations the sensor's dissector remembers at most (a few tens of MB): past it, the longest idle
 * is forgotten, so a sensor that runs for days holds a bounded amount, where tshark's grows.
 */
export const SENSOR_TCP_CONVERSATIONS = 65_536;

export class CaptureBatcher {
  private readonly columns: CaptureColumns;
  private readonly plan: HeaderPlan = usersPlan();
  private bytes = 0;
  /** The capture's report, once it has ended. */
  report: CaptureReport | null = null;

  constructor(
    timeZone: string,
    private readonly batchRows = 8192,
  ) {
    this.columns = new CaptureColumns({ timeZone, rows: batchRows, maxTcpConversations: SENSOR_TCP_CONVERSATIONS });
  }

  /** Capture bytes waiting for the next `take` (a batch is cut by these, as the CSV batcher's). */
  get pendingBytes(): number {
    return this.bytes;
  }

  /** Throws CaptureFormatError when the stream is not a capture or its first block cannot be read. */
  push(piece: Uint8Array): void {
    this.bytes += piece.length;
    this.columns.push(piece);
  }

  /** The stream ended: a cut record is a note in the report, the frames before it are kept. */
  end(): CaptureReport {
    this.report = this.columns.end();
    return this.report;
  }

  take(): CsvBatch {
    this.bytes = 0;
    if (this.columns.rows === 0) return { table: null, malformed: 0, problems: [] };
    const { partial } = this.columns.take(this.batchRows);
    const malformed = partial.stats.skipped['no-time'];
    const problems = partial.stats.issues
      .filter((i) => i.kind === 'no-time')
      .slice(0, 5)
      .map((i) => `frame ${i.lineInChunk + 1}: ${i.detail}`);
    return { table: partial.rows > 0 ? mergePartials(this.plan, [partial]) : null, malformed, problems };
  }
}
