/**
 * The fleet's JetStream streams, made (or brought to this config) by whoever starts first:
 * - NIDS_RUNS: one record per run on `nids.runs.<run>` (its shards, the model's classes and views, the sensor
 *   options every worker adopts).
 * - NIDS_PACKETS: each shard's batches on `nids.packets.<run>.<shard>`. Kept under limits, not removed when
 *   read: a shard that moves to another worker is rebuilt there from its batches (ShardUnit), so they stay
 *   until the stream's limits age them out.
 * - NIDS_ALERTS: each shard's votes on `nids.alerts.<run>.<shard>`, which `alerts` merges into incidents.
 * All refuse a message when full (`discard: new`) rather than drop their oldest: a publisher is told, and
 * waits (the capture point reports it), so nothing is lost without a word.
 */
import {
  DiscardPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  type JetStreamManager,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';

export const RUN_STREAM = 'NIDS_RUNS';
export const PACKET_STREAM = 'NIDS_PACKETS';
export const ALERT_STREAM = 'NIDS_ALERTS';

export const runSubject = (run: string): string => `nids.runs.${run}`;
export const packetSubject = (run: string, shard: number): string => `nids.packets.${run}.${shard}`;
export const alertSubject = (run: string, shard: number): string => `nids.alerts.${run}.${shard}`;

/** Names a run's messages: letters, digits, '-' and '_' (a '.' would be a subject token). */
export const RUN_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * What the packet stream holds before it refuses: 1 GiB, at the ~130 bytes a packet and shard that shard
 * batches take (lab-a), some 8 M packet copies: the retention every shard's rebuild draws on.
 */
export const PACKET_MAX_BYTES = 1 << 30;
/** How long a run's packets are kept: a shard can be rebuilt from them for this long. */
export const PACKET_MAX_AGE_MS = 60 * 60_000;
/** Votes are some 200 bytes a firing window; 512 MiB holds a few million. */
export const ALERT_MAX_BYTES = 512 << 20;
export const ALERT_MAX_AGE_MS = 24 * 60 * 60_000;

/**
 * How long the streams remember message ids: 10 minutes. A publish retried after a leader change (within
 * publishWithRetry's budget) or a shard's votes published again by the worker that rebuilt it add nothing.
 */
export const DUPLICATE_WINDOW_MS = 10 * 60_000;

export interface FleetStreamOptions {
  /** 1 for a one-node cluster, 3 (R3) for three nodes: every message on each node, any one may die. */
  readonly replicas: 1 | 3;
  /** The packet stream's limit (tests make it small to fill it). */
  readonly packetMaxBytes?: number;
}

/** R3 where there are three nodes or more, else R1. */
export const replicasFor = (nodes: number): 1 | 3 => (nodes >= 3 ? 3 : 1);

type Config = Partial<StreamConfig> & { name: string };

function limits(name: string, subjects: string, replicas: 1 | 3, maxBytes: number, maxAgeMs: number): Config {
  return {
    name,
    subjects: [subjects],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    num_replicas: replicas,
    max_bytes: maxBytes,
    max_age: nanos(maxAgeMs),
    discard: DiscardPolicy.New,
    duplicate_window: nanos(DUPLICATE_WINDOW_MS),
    // Readers take messages by direct get: their bytes as stored, not base64 in a JSON answer.
    allow_direct: true,
  };
}

export function fleetStreamConfigs(opts: FleetStreamOptions): Config[] {
  return [
    limits(RUN_STREAM, 'nids.runs.*', opts.replicas, 16 << 20, ALERT_MAX_AGE_MS),
    limits(
      PACKET_STREAM,
      'nids.packets.*.*',
      opts.replicas,
      opts.packetMaxBytes ?? PACKET_MAX_BYTES,
      PACKET_MAX_AGE_MS,
    ),
    limits(ALERT_STREAM, 'nids.alerts.*.*', opts.replicas, ALERT_MAX_BYTES, ALERT_MAX_AGE_MS),
  ];
}

/** Adds the stream, or updates it to `config` where it exists (a changed retention is refused by the server). */
async function ensureStream(jsm: JetStreamManager, config: Config): Promise<void> {
  try {
    await jsm.streams.info(config.name);
  } catch (e) {
    if (e instanceof JetStreamApiError && e.code === JetStreamApiCodes.StreamNotFound) {
      await jsm.streams.add(config);
      return;
    }
    throw e;
  }
  // Only what a stream may change; retention and storage are fixed at its birth.
  const { subjects, num_replicas, max_bytes, max_age, discard, duplicate_window, allow_direct } = config;
  await jsm.streams.update(config.name, {
    subjects,
    num_replicas,
    max_bytes,
    max_age,
    discard,
    duplicate_window,
    allow_direct,
  });
}

/** Every stream, made or updated; safe to call from every capture point and worker. */
export async function ensureFleetStreams(jsm: JetStreamManager, opts: FleetStreamOptions): Promise<void> {
  for (const c of fleetStreamConfigs(opts)) await ensureStream(jsm, c);
}
