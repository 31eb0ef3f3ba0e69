/**
 * A capture shard's thread: dissects the frame batches it is sent into columns (ShardDissector), gives its
 * TCP streams' first frames, then its rows with tcp.stream numbered across shards. Started by
 * capture-threads.ts, bundled into one plain-JavaScript module.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { partialBuffers } from '../../src/core/ingest/partial-table.ts';
import { streamRenumbering } from '../../src/core/ingest/pcap/frame-shards.ts';
import { ShardDissector } from '../../src/core/ingest/pcap/shard-dissector.ts';
import type { ShardReply, ShardRequest } from './capture-threads.ts';
import { exitIfTestAsks } from './thread-stop.ts';

const port = parentPort;
if (!port) throw new Error('capture-shard.worker.ts runs as a worker thread');
const { timeZone } = workerData as { timeZone: string };
const dissector = new ShardDissector(timeZone);

port.on('message', (m: ShardRequest) => {
  exitIfTestAsks('capture');
  let reply: ShardReply;
  try {
    if (m.type === 'frames') {
      reply = { type: 'dissected', rows: dissector.dissect(m.batch) };
    } else if (m.type === 'streams') {
      reply = { type: 'streams', firsts: dissector.streamFirstFrames() };
    } else {
      const { partials, issues } = dissector.finish(streamRenumbering(dissector.streamFirstFrames(), m.others));
      port.postMessage({ type: 'rows', partials, issues } satisfies ShardReply, partials.flatMap(partialBuffers));
      return;
    }
  } catch (e) {
    // The message, not the stack: it reaches the user.
    reply = { type: 'failed', error: e instanceof Error ? e.message : String(e) };
  }
  port.postMessage(reply);
});
