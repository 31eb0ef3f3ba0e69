/**
 * The fleet's two JetStream streams, made (or brought to this config) by whoever starts first:
 * - NIDS_PACKETS: packet batches on `nids.packets.<shard>`, one subject per pair shard. A work queue: a
 *   batch is kept until a worker acks it, then removed, so the stream holds exactly the backlog, and
 *   batches published before any worker runs wait for one (interest retention would drop them).
 * - NIDS_ALERTS: alerts on `nids.alerts.>`, kept under limits for `alerts --out` to read at any time.
 * Both refuse a message when full (`discard: new`) rather than drop their oldest: a publisher is told, and
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

export const PACKET_STREAM = 'NIDS_PACKETS';
export const ALERT_STREAM = 'NIDS_ALERTS';
export const ALERT_SUBJECTS = 'nids.alerts.>';

/** The subject of one pair shard's packet batches. */
export const packetSubject = (shard: number): string => `nids.packets.${shard}`;

/**
 * The backlog the packet stream holds before it refuses: 1 GiB, at the ~60-70 bytes a packet that
 * packet batches take, some 15 M packets, minutes of a busy link, on each of the 3 replicas' disks.
 */
export const PACKET_MAX_BYTES = 1 << 30;

/** Alerts are a few hundred bytes each; 256 MiB is about a million of them. */
export const ALERT_MAX_BYTES = 256 << 20;

/**
 * How long the streams remember message ids: 10 minutes. A publish retried after a leader change (within
 * publishWithRetry's 30 s) or a capture point run again with the same run id within it adds nothing.
 * The server keeps one id per message in the window: at one message per shard per MiB of input, little.
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

export function packetStreamConfig(opts: FleetStreamOptions): Partial<StreamConfig> & { name: string } {
  return {
    name: PACKET_STREAM,
    subjects: ['nids.packets.*'],
    retention: RetentionPolicy.Workqueue,
    storage: StorageType.File,
    num_replicas: opts.replicas,
    max_bytes: opts.packetMaxBytes ?? PACKET_MAX_BYTES,
    discard: DiscardPolicy.New,
    duplicate_window: nanos(DUPLICATE_WINDOW_MS),
  };
}

export function alertStreamConfig(opts: FleetStreamOptions): Partial<StreamConfig> & { name: string } {
  return {
    name: ALERT_STREAM,
    subjects: [ALERT_SUBJECTS],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    num_replicas: opts.replicas,
    max_bytes: ALERT_MAX_BYTES,
    discard: DiscardPolicy.New,
    duplicate_window: nanos(DUPLICATE_WINDOW_MS),
  };
}

/** Adds the stream, or updates it to `config` where it exists (a changed retention is refused by the server). */
async function ensureStream(jsm: JetStreamManager, config: Partial<StreamConfig> & { name: string }): Promise<void> {
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
  const { subjects, num_replicas, max_bytes, discard, duplicate_window } = config;
  await jsm.streams.update(config.name, { subjects, num_replicas, max_bytes, discard, duplicate_window });
}

/** Both streams, made or updated; safe to call from every capture point and worker. */
export async function ensureFleetStreams(jsm: JetStreamManager, opts: FleetStreamOptions): Promise<void> {
  await ensureStream(jsm, packetStreamConfig(opts));
  await ensureStream(jsm, alertStreamConfig(opts));
}
