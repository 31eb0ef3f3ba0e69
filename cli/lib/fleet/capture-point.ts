/**
 * A capture point: reads a capture (--csv, --pcap or --live, as the sensor does) with the sensor's own parse
 * stage and batch size, looks each packet up in the flow and pair memories, and publishes each batch as one
 * ShardBatch per shard (shard-cut.ts) to `nids.packets.<run>.<shard>`, message id `<run>.<batch>.<shard>`
 * (a retried publish adds nothing). Then each shard's end.
 *
 * Back-pressure: the workers' progress is the last batch each shard has published votes for. While the
 * bytes published past the slowest shard's progress exceed the backlog limit, the capture point waits and
 * says so (`onBehind`); a stream that refuses for being full is waited on too (`onFull`). A live capture
 * that waits is held in the capture tool's pipe and then the kernel's buffer: what it drops there
 * (dumpcap's own count) is the only loss, and dumpcap reports it.
 */
import { closeSync, openSync } from 'node:fs';
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { encodeShardBatch } from '../../../src/core/fleet/shard-batch.ts';
import { ShardCutter } from '../../../src/core/fleet/shard-cut.ts';
import { decodeShardVotes } from '../../../src/core/fleet/shard-votes.ts';
import { localTimeZone } from '../../../src/core/ingest/pcap/capture-load.ts';
import { CaptureBatcher } from '../../../src/core/sensor/capture-batcher.ts';
import { CsvBatcher } from '../../../src/core/sensor/csv-batcher.ts';
import { readBundle } from '../../../src/core/model/bundle-views.ts';
import { naming, readNamedFile } from '../named-file.ts';
import { type ParseEvent, ParseSteps } from '../parse-steps.ts';
import type { SensorArgs, SensorInput } from '../sensor-args.ts';
import { type OpenedInput, openInput } from '../sensor-input.ts';
import {
  ALERT_STREAM,
  alertSubject,
  ensureFleetStreams,
  packetSubject,
  replicasFor,
  RUN_NAME,
} from './fleet-streams.ts';
import { publishWithRetry } from './publish-retry.ts';
import { modelHash, publishRunRecord, viewsOf } from './run-record.ts';

export interface CapturePointOptions {
  readonly urls: readonly string[];
  readonly run: string;
  readonly shards: number;
  /** The sensor's own options: model, input, vote, quiet, idle, groups, stride, batch size, capture tool. */
  readonly sensor: SensorArgs;
  /** Bytes published past the slowest shard's progress before the capture point waits (default 256 MiB). */
  readonly backlogBytes?: number;
  /** Publishes awaiting acks at most (default 32). */
  readonly inFlight?: number;
  /** How long one publish may wait on a full stream before the run fails (default 10 minutes). */
  readonly fullWaitMs?: number;
  /** The packet stream's limit where this run creates it (tests fill a small one). */
  readonly packetMaxBytes?: number;
  /** Told when the workers fall behind by more than the limit (once per wait), and when they catch up. */
  readonly onBehind?: (backlogBytes: number, waiting: boolean) => void;
  readonly onFull?: (subject: string) => void;
  /** Told after each batch is published (the fault drill counts batches). */
  readonly onBatch?: (batch: number) => void | Promise<void>;
  readonly stderr: (text: string) => void;
}

export interface CapturePointStats {
  readonly packets: number;
  readonly batches: number;
  readonly messages: number;
  readonly bytes: number;
  /** Bytes published per packet of the capture (a packet goes to each shard one of its views routes it to). */
  readonly bytesPerPacket: number;
  readonly retries: number;
  readonly fullWaits: number;
  /** Times the capture point waited for its workers, and for how long in all. */
  readonly behindWaits: number;
  readonly behindMs: number;
  readonly maxBacklogBytes: number;
  readonly malformed: number;
  readonly notes: readonly string[];
  readonly seconds: number;
  readonly cpuMs: number;
}

const DEFAULT_BACKLOG_BYTES = 256 << 20;
const DEFAULT_IN_FLIGHT = 32;
const DEFAULT_FULL_WAIT_MS = 10 * 60_000;
const POLL_MS = 100;
const TICK_MS = 250;
/** What nats-server answers when a `discard: new` stream is at its limits. */
const FULL = /maximum (bytes|messages)|resource limits|insufficient resources/i;

/** The last batch every shard has published votes for (-1: not all have begun). */
async function slowestShard(jsm: JetStreamManager, run: string, shards: number): Promise<number> {
  let slowest = Number.POSITIVE_INFINITY;
  for (let s = 0; s < shards; s++) {
    const m = await jsm.streams.getMessage(ALERT_STREAM, { last_by_subj: alertSubject(run, s) }).catch(() => null);
    slowest = Math.min(slowest, m ? decodeShardVotes(m.data).batch : -1);
  }
  return slowest;
}

/** A file input that cannot be read, said before anything starts (stdin and a live link are opened as they are). */
export function checkInputFile(input: SensorInput): void {
  if (input.kind === 'live' || input.path === '-') return;
  try {
    closeSync(openSync(input.path, 'r'));
  } catch (e) {
    throw naming(input.path, e);
  }
}

export async function runCapturePoint(opts: CapturePointOptions): Promise<CapturePointStats> {
  const { run, shards, sensor: a } = opts;
  if (!RUN_NAME.test(run)) throw new Error(`run ${JSON.stringify(run)}: use up to 64 letters, digits, '-' and '_'`);
  if (!Number.isInteger(shards) || shards < 1 || shards > 4096)
    throw new Error(`shards must be a whole number from 1 to 4096 (got ${shards})`);
  const started = performance.now();
  const cpuFrom = process.cpuUsage();
  const bytes = readNamedFile(a.model);
  const bundle = (() => {
    try {
      return readBundle(new Uint8Array(bytes));
    } catch (e) {
      throw naming(a.model, e);
    }
  })();
  const options = {
    quietUs: a.quietS * 1e6,
    idleUs: a.idleS * 1e6,
    maxGroups: a.maxGroups,
    stride: a.stride,
    combine: a.combine,
  };
  const cutter = new ShardCutter(
    bundle.views.map((v) => ({ key: v.manifest.window.key, featureSpec: v.manifest.featureSpec })),
    { shards, maxGroups: options.maxGroups, idleUs: options.idleUs },
  );
  checkInputFile(a.input);
  const nc = await connect({ servers: [...opts.urls], reconnectTimeWait: 100, maxReconnectAttempts: -1 });
  // Opened once the run is set up and read at once: a stream's error has its reader then.
  let input: OpenedInput | null = null;
  try {
    const jsm = await jetstreamManager(nc);
    await ensureFleetStreams(jsm, { replicas: replicasFor(opts.urls.length), packetMaxBytes: opts.packetMaxBytes });
    const js: JetStreamClient = jetstream(nc, { timeout: 10_000 });
    await publishRunRecord(js, {
      run,
      shards,
      model: modelHash(bytes),
      classes: bundle.classes,
      views: viewsOf(bundle),
      options,
      vote: { k: a.voteK, threshold: a.voteThreshold, minVotes: a.voteMin, minScore: a.voteMinScore },
      startedAt: new Date().toISOString(),
    });
    const maxPayload = nc.info?.max_payload ?? 1 << 20;
    const limit = opts.backlogBytes ?? DEFAULT_BACKLOG_BYTES;
    const fullWaitMs = opts.fullWaitMs ?? DEFAULT_FULL_WAIT_MS;
    const s = {
      packets: 0,
      messages: 0,
      bytes: 0,
      retries: 0,
      fullWaits: 0,
      behindWaits: 0,
      behindMs: 0,
      malformed: 0,
    };
    let maxBacklog = 0;
    const notes: string[] = [];
    const pending: Promise<void>[] = [];
    /** Bytes published per batch, while the slowest shard has not passed it. */
    const unread = new Map<number, number>();
    let backlog = 0;
    let slowest = -1;

    const publish = async (subject: string, data: Uint8Array, id: string): Promise<void> => {
      if (data.length > maxPayload)
        throw new Error(`a shard's batch is ${data.length} bytes, over the server's ${maxPayload}: lower --batch-kb`);
      const onRetry = (err: unknown): void => {
        if (!FULL.test(err instanceof Error ? err.message : String(err))) s.retries++;
        else {
          s.fullWaits++;
          opts.onFull?.(subject);
        }
      };
      const tries = Math.ceil(fullWaitMs / 1_000) + 10;
      const p = publishWithRetry(js, subject, data, id, { tries, budgetMs: fullWaitMs, onRetry }).then(() => {});
      p.catch(() => {}); // taken when awaited below, not left unhandled meanwhile
      pending.push(p);
      while (pending.length >= (opts.inFlight ?? DEFAULT_IN_FLIGHT)) await pending.shift();
    };

    /** Moves the slowest shard's mark on; true while the backlog is within the limit. */
    const caughtUp = async (): Promise<boolean> => {
      const now = await slowestShard(jsm, run, shards);
      for (let b = slowest + 1; b <= now; b++) {
        backlog -= unread.get(b) ?? 0;
        unread.delete(b);
      }
      slowest = Math.max(slowest, now);
      return backlog <= limit;
    };

    const waitForWorkers = async (): Promise<void> => {
      if (backlog <= limit || (await caughtUp())) return;
      const from = performance.now();
      s.behindWaits++;
      opts.onBehind?.(backlog, true);
      while (!(await caughtUp())) await new Promise((r) => setTimeout(r, POLL_MS));
      s.behindMs += performance.now() - from;
      opts.onBehind?.(backlog, false);
    };

    const handle = async (e: ParseEvent): Promise<void> => {
      if (e.kind === 'failed') {
        const f = e.failure;
        throw new Error(f.offset === null ? f.message : `${f.message} (byte ${f.offset.toLocaleString('en-US')})`);
      }
      if (e.kind === 'end') {
        for (const n of e.notes) notes.push(n.offset === null ? n.detail : `${n.detail} (byte ${n.offset})`);
        return;
      }
      s.malformed += e.batch.malformed;
      const table = e.batch.table;
      if (!table || table.rowCount === 0) return;
      await waitForWorkers();
      const batch = cutter.batch;
      s.packets += table.rowCount;
      let size = 0;
      for (const b of cutter.cut(table)) {
        const data = encodeShardBatch(b);
        size += data.length;
        s.messages++;
        await publish(packetSubject(run, b.shard), data, `${run}.${b.batch}.${b.shard}`);
      }
      s.bytes += size;
      unread.set(batch, size);
      backlog += size;
      maxBacklog = Math.max(maxBacklog, backlog);
      await opts.onBatch?.(batch);
    };

    input = openInput(a.input, a.captureTool, opts.stderr);
    const steps = new ParseSteps(
      input.format === 'csv' ? new CsvBatcher() : new CaptureBatcher(localTimeZone()),
      a.batchBytes,
    );
    // A live link's pause is a batch too (as the sensor's), so a slow link is classified as it goes.
    let waited = performance.now();
    let work: Promise<void> = Promise.resolve();
    const timer =
      a.input.kind === 'live'
        ? setInterval(() => {
            if (performance.now() - waited < TICK_MS) return;
            work = work.then(async () => {
              for (const e of steps.flush()) await handle(e);
            });
          }, TICK_MS)
        : null;
    try {
      for await (const piece of input.stream) {
        waited = performance.now();
        const buf = piece as Buffer;
        const events = steps.push(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength));
        work = work.then(async () => {
          for (const e of events) await handle(e);
        });
        await work;
      }
    } finally {
      if (timer) clearInterval(timer);
    }
    await work;
    const why = await input.done;
    if (why) throw new Error(why);
    for (const e of steps.finish(true)) await handle(e);
    // Every batch stored before the ends, so a worker that reads an end has had its shard's batches.
    while (pending.length > 0) await pending.shift();
    for (const b of cutter.end())
      await publish(packetSubject(run, b.shard), encodeShardBatch(b), `${run}.end.${b.shard}`);
    while (pending.length > 0) await pending.shift();
    const cpu = process.cpuUsage(cpuFrom);
    return {
      ...s,
      batches: cutter.batch,
      bytesPerPacket: s.packets > 0 ? s.bytes / s.packets : 0,
      maxBacklogBytes: maxBacklog,
      notes,
      seconds: (performance.now() - started) / 1000,
      cpuMs: (cpu.user + cpu.system) / 1000,
    };
  } finally {
    input?.stop();
    await nc.close();
  }
}
