/**
 * A capture point: reads a capture (tshark CSV or pcap/pcapng) with the sensor's own parse stage, splits each
 * batch by pair shard (the shard that sees whole pairs computes every per-packet feature: shard-route.ts),
 * and publishes each shard's rows as one packet batch to `nids.packets.<shard>`, message id
 * `<runId>.<batchSeq>.<shard>`: the same input and run id give the same ids, so a retry or a second run
 * adds nothing. At most `inFlight` publishes wait for their acks at once; a full stream (it refuses rather
 * than drops) is waited on, within a bound, and counted. An end marker per shard closes the run.
 */
import { createReadStream } from 'node:fs';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { packetColumns } from '../../../src/core/features/packet-columns.ts';
import { encodePacketBatch } from '../../../src/core/fleet/packet-batch.ts';
import { FEATURES_KEY, routeKeyOf, shardsOf } from '../../../src/core/fleet/shard-route.ts';
import { takeRows } from '../../../src/core/fleet/take-rows.ts';
import { localTimeZone } from '../../../src/core/ingest/pcap/capture-load.ts';
import { CaptureBatcher } from '../../../src/core/sensor/capture-batcher.ts';
import { CsvBatcher } from '../../../src/core/sensor/csv-batcher.ts';
import type { PacketTable } from '../../../src/core/table/packet-table.ts';
import { type ParseEvent, ParseSteps } from '../parse-steps.ts';
import { encodeEndMarker, endMarkerID } from './end-marker.ts';
import { ensureFleetStreams, PACKET_STREAM, packetSubject, replicasFor } from './fleet-streams.ts';
import { publishWithRetry } from './publish-retry.ts';

export type CaptureInput = { readonly csv: string } | { readonly pcap: string };

export interface CapturePointOptions {
  readonly urls: readonly string[];
  readonly input: CaptureInput;
  readonly shards: number;
  /** Names this run's messages; letters, digits, '-' and '_' (a '.' would make ids ambiguous). */
  readonly runId: string;
  /** Publishes awaiting acks at most (default 32). */
  readonly inFlight?: number;
  /** Input bytes per batch, as the sensor's --batch-kb (default 1 MiB). */
  readonly batchBytes?: number;
  /** How long one publish may wait on a full stream before the run fails (default 2 minutes). */
  readonly fullWaitMs?: number;
  /** The packet stream's limit where this run creates it (tests fill a small one). */
  readonly packetMaxBytes?: number;
  /** Told each time the stream refuses a batch for being full. */
  readonly onFull?: (subject: string) => void;
  /** For a pcap's frame.time text (default: this machine's zone, as the sensor). */
  readonly timeZone?: string;
}

export interface CapturePointStats {
  readonly packets: number;
  /** Batches the parse stage cut. */
  readonly batches: number;
  /** Packet batch messages published (a batch gives one per shard it has rows for). */
  readonly messages: number;
  /** Payload bytes of those messages. */
  readonly bytes: number;
  readonly bytesPerPacket: number;
  /** Publishes tried again for a reason other than a full stream (a node lost, a timeout). */
  readonly retries: number;
  /** Times the stream refused a batch for being full, and the publish waited and tried again. */
  readonly fullWaits: number;
  /** Messages the stream already held under the same id (a run repeated). */
  readonly duplicates: number;
  readonly malformed: number;
  /** What the input said about itself (a cut capture, how a CSV was written). */
  readonly notes: readonly string[];
  readonly seconds: number;
  readonly packetsPerS: number;
}

const DEFAULT_IN_FLIGHT = 32;
const DEFAULT_BATCH_BYTES = 1 << 20;
const DEFAULT_FULL_WAIT_MS = 120_000;
const READ_CHUNK = 1 << 16;
/** nats-server's default max_payload, where the server does not say its own (a message also carries headers). */
const DEFAULT_MAX_PAYLOAD = 1 << 20;
/** What nats-server answers when a `discard: new` stream is at its limits. */
const FULL = /maximum (bytes|messages)|resource limits|insufficient resources/i;
const RUN_ID = /^[A-Za-z0-9_-]+$/;

/** One shard's rows as messages of at most `max` bytes: one, unless a batch is too big and is halved. */
function encodeParts(table: PacketTable, rows: readonly number[], max: number): Uint8Array[] {
  const bytes = encodePacketBatch(takeRows(table, rows));
  if (bytes.length <= max) return [bytes];
  if (rows.length === 1) throw new Error(`one packet encodes to ${bytes.length} bytes, over the ${max} allowed`);
  const mid = rows.length >>> 1;
  return [...encodeParts(table, rows.slice(0, mid), max), ...encodeParts(table, rows.slice(mid), max)];
}

export async function runCapturePoint(opts: CapturePointOptions): Promise<CapturePointStats> {
  const { shards, runId } = opts;
  if (!Number.isInteger(shards) || shards < 1) throw new Error(`shards must be a whole number ≥ 1 (got ${shards})`);
  if (!RUN_ID.test(runId)) throw new Error(`run id ${JSON.stringify(runId)}: use letters, digits, '-' and '_'`);
  const started = performance.now();
  const nc = await connect({ servers: [...opts.urls], reconnectTimeWait: 100, maxReconnectAttempts: -1 });
  try {
    const jsm = await jetstreamManager(nc);
    await ensureFleetStreams(jsm, { replicas: replicasFor(opts.urls.length), packetMaxBytes: opts.packetMaxBytes });
    const js = jetstream(nc, { timeout: 5_000 });
    // A message over a quarter of the stream's limit is split: any one must fit a stream that is draining.
    const streamMax = (await jsm.streams.info(PACKET_STREAM)).config.max_bytes;
    const serverMax = nc.info?.max_payload ?? DEFAULT_MAX_PAYLOAD;
    const maxPayload = streamMax > 0 ? Math.min(serverMax, Math.floor(streamMax / 4)) : serverMax;
    const limit = opts.inFlight ?? DEFAULT_IN_FLIGHT;
    const fullWaitMs = opts.fullWaitMs ?? DEFAULT_FULL_WAIT_MS;
    let packets = 0;
    let batches = 0;
    let bytes = 0;
    let retries = 0;
    let fullWaits = 0;
    let duplicates = 0;
    let malformed = 0;
    const notes: string[] = [];
    const messages = new Array<number>(shards).fill(0);
    const shardPackets = new Array<number>(shards).fill(0);
    const pending: Promise<void>[] = [];

    const publish = async (subject: string, data: Uint8Array, id: string): Promise<void> => {
      const onRetry = (err: unknown): void => {
        if (!FULL.test(err instanceof Error ? err.message : String(err))) retries++;
        else {
          fullWaits++;
          opts.onFull?.(subject);
        }
      };
      // Pauses double to 1 s, so this many tries span the full-stream bound.
      const tries = Math.ceil(fullWaitMs / 1_000) + 10;
      const p = publishWithRetry(js, subject, data, id, { tries, budgetMs: fullWaitMs, onRetry }).then((ack) => {
        if (ack.duplicate) duplicates++;
      });
      p.catch(() => {}); // taken when awaited below, not left unhandled meanwhile
      pending.push(p);
      while (pending.length >= limit) await pending.shift();
    };

    const handle = async (e: ParseEvent): Promise<void> => {
      if (e.kind === 'failed') throw new Error(e.failure.message);
      if (e.kind === 'end') {
        for (const n of e.notes) notes.push(n.offset === null ? n.detail : `${n.detail} (byte ${n.offset})`);
        return;
      }
      malformed += e.batch.malformed;
      const table = e.batch.table;
      if (!table) return;
      const seq = batches++;
      packets += table.rowCount;
      const shardOf = shardsOf(packetColumns(table), routeKeyOf(FEATURES_KEY), shards);
      const rowsOf: number[][] = Array.from({ length: shards }, () => []);
      for (let r = 0; r < table.rowCount; r++) rowsOf[shardOf[r]].push(r);
      for (let s = 0; s < shards; s++) {
        if (rowsOf[s].length === 0) continue;
        const parts = encodeParts(table, rowsOf[s], maxPayload);
        for (let k = 0; k < parts.length; k++) {
          const id = parts.length === 1 ? `${runId}.${seq}.${s}` : `${runId}.${seq}.${s}.${k}`;
          bytes += parts[k].length;
          messages[s]++;
          await publish(packetSubject(s), parts[k], id);
        }
        shardPackets[s] += rowsOf[s].length;
      }
    };

    const path = 'csv' in opts.input ? opts.input.csv : opts.input.pcap;
    const batcher = 'csv' in opts.input ? new CsvBatcher() : new CaptureBatcher(opts.timeZone ?? localTimeZone());
    const steps = new ParseSteps(batcher, opts.batchBytes ?? DEFAULT_BATCH_BYTES);
    for await (const chunk of createReadStream(path, { highWaterMark: READ_CHUNK })) {
      const piece = chunk instanceof Buffer ? new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength) : chunk;
      for (const e of steps.push(piece)) await handle(e);
    }
    for (const e of steps.finish(true)) await handle(e);
    // Every batch stored before the end markers, so a worker that reads a marker has seen its shard's batches
    // (a batch retried late would otherwise land after it; the marker's counts catch that case too).
    while (pending.length > 0) await pending.shift();
    for (let s = 0; s < shards; s++) {
      const marker = { end: runId, shard: s, messages: messages[s], packets: shardPackets[s] };
      await publish(packetSubject(s), encodeEndMarker(marker), endMarkerID(runId, s));
    }
    while (pending.length > 0) await pending.shift();
    const seconds = (performance.now() - started) / 1000;
    const sent = messages.reduce((a, b) => a + b, 0);
    return {
      packets,
      batches,
      messages: sent,
      bytes,
      bytesPerPacket: packets > 0 ? bytes / packets : 0,
      retries,
      fullWaits,
      duplicates,
      malformed,
      notes,
      seconds,
      packetsPerS: packets / Math.max(seconds, 1e-3),
    };
  } finally {
    await nc.close();
  }
}
