/**
 * One shard's batches of a run, from the start of the stream, in batch order, each once (stream-reader.ts).
 * Publishes retried by the capture point may be stored out of order or twice: a small buffer puts them back
 * in order and drops copies.
 */
import type { JetStreamManager } from '@nats-io/jetstream';
import { decodeShardBatch, type ShardBatch } from '../../../src/core/fleet/shard-batch.ts';
import { PACKET_STREAM, packetSubject } from './fleet-streams.ts';
import { streamMessages } from './stream-reader.ts';

export interface ReadBatch {
  readonly batch: ShardBatch;
  /** The message's size. */
  readonly bytes: number;
}

export async function* shardBatches(
  jsm: JetStreamManager,
  run: string,
  shard: number,
  onRetry: (err: unknown) => void = () => {},
): AsyncGenerator<ReadBatch> {
  const subject = packetSubject(run, shard);
  const waiting = new Map<number, ReadBatch>();
  let next = 0;
  for await (const m of streamMessages(jsm, PACKET_STREAM, subject, { onRetry })) {
    let batch: ShardBatch;
    try {
      batch = decodeShardBatch(m.data);
    } catch (e) {
      throw new Error(`${subject}, message ${m.seq}: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (batch.shard !== shard) throw new Error(`${subject}, message ${m.seq}: a batch of shard ${batch.shard}`);
    if (batch.batch < next || waiting.has(batch.batch)) continue;
    waiting.set(batch.batch, { batch, bytes: m.data.length });
    for (let b = waiting.get(next); b; b = waiting.get(next)) {
      waiting.delete(next++);
      yield b;
      if (b.batch.end) return;
    }
  }
}
