/**
 * A capture dissected in shards on one thread, exactly as the workbench's workers dissect it (the reader's
 * FrameSharder, a ShardDissector per worker, streams renumbered, segments merged in frame order): for tests
 * that hold the parallel path to the one-dissector path.
 */
import { LoadError } from '../ingest/csv-load.ts';
import { mergePartials } from '../ingest/gather-columns.ts';
import { CaptureFramer, type CaptureReport } from '../ingest/pcap/capture-columns.ts';
import { noFrameMessage } from '../ingest/pcap/capture-load.ts';
import { FrameSharder, streamRenumbering } from '../ingest/pcap/frame-shards.ts';
import { captureReport, SEGMENT_ROWS, ShardDissector } from '../ingest/pcap/shard-dissector.ts';
import { usersPlan } from '../ingest/pcap/users-layout.ts';
import type { PacketTable } from '../table/packet-table.ts';

export function shardedLoad(
  bytes: Uint8Array,
  shards: number,
  timeZone: string,
  segmentRows = SEGMENT_ROWS,
): { table: PacketTable; capture: CaptureReport; perShard: number[] } {
  const dissectors = Array.from({ length: shards }, () => new ShardDissector(timeZone, segmentRows));
  const perShard = new Array<number>(shards).fill(0);
  const sharder = new FrameSharder(
    shards,
    (s, batch) => {
      perShard[s] += dissectors[s].dissect(batch);
    },
    4096,
  );
  const framer = new CaptureFramer((fr) => sharder.add(fr));
  framer.push(bytes);
  const reader = framer.end();
  sharder.flush();
  // The workbench's refusals (read-pieces.ts checkFrames, ingest-client.ts finish), worded as CaptureLoad's.
  if (reader.frames === 0) {
    const { message, where } = noFrameMessage({ format: framer.format ?? 'pcap', notes: reader.notes });
    throw new LoadError(message, where);
  }
  const firsts = dissectors.map((d) => d.streamFirstFrames());
  const done = dissectors.map((d, i) =>
    d.finish(
      streamRenumbering(
        firsts[i],
        firsts.filter((_, j) => j !== i),
      ),
    ),
  );
  const capture = captureReport(
    framer.format ?? 'pcap',
    reader.frames,
    reader.notes,
    reader.noteCounts,
    done.map((d) => d.issues),
  );
  const partials = done.flatMap((d) => d.partials);
  if (partials.every((p) => p.rows === 0))
    throw new LoadError('The capture has frames but none with a time that could be read.');
  return { table: mergePartials(usersPlan(), partials, true), capture, perShard };
}
