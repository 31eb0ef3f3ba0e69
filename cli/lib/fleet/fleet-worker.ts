/**
 * A fleet worker: the sensor's per-group half (ShardUnit) for the shards it is given, each read from the start
 * of the run (shard-reader.ts) and its votes published to `nids.alerts.<run>.<shard>` with the message id
 * `<run>.<batch>.<shard>`. A shard taken over from a worker that died is rebuilt from its batches; what the
 * dead worker had already published is not published again (the stream's last vote for the shard says how
 * far it got, less the votes that may have been in flight; their ids and the merge drop the copies). More shards can be handed to it while it runs
 * (`nids.fleet.<run>.assign.<name>`); it ends when every shard it holds has reached the run's end.
 */
import { readFileSync } from 'node:fs';
import { type JetStreamManager, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { ShardUnit } from '../../../src/core/fleet/shard-unit.ts';
import { decodeShardVotes, encodeShardVotes } from '../../../src/core/fleet/shard-votes.ts';
import type { SensorModel } from '../../../src/core/sensor/sensor.ts';
import { loadSensorModel } from '../sensor-classifier.ts';
import { ALERT_STREAM, alertSubject } from './fleet-streams.ts';
import { publishWithRetry } from './publish-retry.ts';
import { modelHash, readRunRecord, type RunRecord } from './run-record.ts';
import { shardBatches } from './shard-reader.ts';

export interface WorkerOptions {
  readonly urls: readonly string[];
  readonly run: string;
  readonly model: string;
  readonly shards: readonly number[];
  /** Its name for assignments and logs. */
  readonly name: string;
  /** How long to wait for the run's record. */
  readonly waitMs?: number;
  /** One JSON line per event: shard taken, shard done, reopened reads, the final stats. */
  readonly log: (line: string) => void;
}

export interface WorkerStats {
  readonly name: string;
  readonly shards: readonly number[];
  readonly packets: number;
  readonly batches: number;
  /** Batches replayed to rebuild a shard taken over, whose votes were published already. */
  readonly replayed: number;
  readonly bytesIn: number;
  readonly bytesOut: number;
  readonly cpuMs: number;
  /** read: waiting for and decoding batches; take: the shard's work on them (window and vote are within it). */
  readonly stagesMs: {
    readonly read: number;
    readonly take: number;
    readonly window: number;
    readonly vote: number;
    readonly publish: number;
  };
}

/**
 * Votes published and not yet acknowledged, per shard. They may be stored out of order, so a worker taking a
 * shard over publishes again from this many batches before the last one stored: the stream drops the copies
 * by their ids (within its duplicate window), and the merge drops any that get past.
 */
const IN_FLIGHT = 16;

export const assignSubject = (run: string, worker: string): string => `nids.fleet.${run}.assign.${worker}`;

/** The last batch whose votes the stream holds for the shard (-1: none). */
async function publishedUpTo(jsm: JetStreamManager, run: string, shard: number): Promise<number> {
  const m = await jsm.streams.getMessage(ALERT_STREAM, { last_by_subj: alertSubject(run, shard) }).catch(() => null);
  return m ? decodeShardVotes(m.data).batch : -1;
}

export async function runWorker(opts: WorkerOptions): Promise<WorkerStats> {
  const cpuFrom = process.cpuUsage();
  const nc = await connect({ servers: [...opts.urls], reconnectTimeWait: 100, maxReconnectAttempts: -1 });
  const stats = { packets: 0, batches: 0, replayed: 0, bytesIn: 0, bytesOut: 0 };
  const stages = { read: 0, take: 0, window: 0, vote: 0, publish: 0 };
  const held = new Set<number>();
  try {
    const jsm = await jetstreamManager(nc);
    const js = jetstream(nc, { timeout: 10_000 });
    const record = await readRunRecord(jsm, opts.run, opts.waitMs ?? 60_000);
    const hash = modelHash(readFileSync(opts.model));
    if (hash !== record.model)
      throw new Error(`${opts.model} is not the model run ${opts.run} was started with (its hash differs)`);
    const loaded = await loadSensorModel(opts.model, 'auto', record.vote, 0);
    const running = new Map<number, Promise<void>>();
    const take = (shard: number): void => {
      if (!(Number.isInteger(shard) && shard >= 0 && shard < record.shards))
        throw new Error(`shard ${shard} is not one of run ${opts.run}'s ${record.shards}`);
      if (held.has(shard)) return;
      held.add(shard);
      const p = runShard(shard, loaded.model, record);
      p.catch(() => {}); // taken when awaited below, not left unhandled meanwhile
      running.set(shard, p);
    };
    const runShard = async (shard: number, model: SensorModel, r: RunRecord): Promise<void> => {
      const upTo = await publishedUpTo(jsm, r.run, shard);
      opts.log(JSON.stringify({ event: 'shard-taken', worker: opts.name, shard, published_up_to: upTo }));
      const unit = new ShardUnit(shard, model, r.options);
      const inFlight: Promise<unknown>[] = [];
      let t = performance.now();
      const onRetry = (e: unknown): void =>
        opts.log(JSON.stringify({ event: 'read-retried', worker: opts.name, shard, why: String(e) }));
      for await (const { batch, bytes } of shardBatches(jsm, r.run, shard, onRetry)) {
        const t1 = performance.now();
        stages.read += t1 - t;
        stats.bytesIn += bytes;
        const before = { ...unit.stageMs };
        const votes = await unit.take(batch);
        stages.take += performance.now() - t1;
        stages.window += unit.stageMs.window - before.window;
        stages.vote += unit.stageMs.vote - before.vote;
        stats.packets += batch.table.rowCount;
        stats.batches++;
        if (batch.batch <= upTo - IN_FLIGHT) stats.replayed++;
        else {
          const t0 = performance.now();
          const data = encodeShardVotes(votes);
          stats.bytesOut += data.length;
          const id = `${r.run}.${batch.batch}.${shard}`;
          // Two minutes of tries: a leader election on a loaded machine takes seconds, not that.
          const p = publishWithRetry(js, alertSubject(r.run, shard), data, id, { tries: 150, budgetMs: 120_000 });
          p.catch(() => {}); // taken when awaited below, not left unhandled meanwhile
          inFlight.push(p);
          while (inFlight.length >= IN_FLIGHT) await inFlight.shift();
          stages.publish += performance.now() - t0;
        }
        t = performance.now();
      }
      const t0 = performance.now();
      while (inFlight.length > 0) await inFlight.shift();
      stages.publish += performance.now() - t0;
      opts.log(JSON.stringify({ event: 'shard-done', worker: opts.name, shard }));
    };
    const sub = nc.subscribe(assignSubject(opts.run, opts.name), {
      callback: (err, msg) => {
        if (err) return;
        try {
          const { shards } = msg.json<{ shards: number[] }>();
          for (const s of shards) take(s);
          msg.respond(JSON.stringify({ ok: true }));
        } catch (e) {
          msg.respond(JSON.stringify({ ok: false, error: String(e) }));
        }
      },
    });
    for (const s of opts.shards) take(s);
    // Shards handed over meanwhile join the wait; it ends once no shard is left running.
    while (running.size > 0) {
      const [shard, p] = running.entries().next().value as [number, Promise<void>];
      await p;
      running.delete(shard);
    }
    await sub.drain();
    await loaded.close();
  } finally {
    await nc.close();
  }
  const cpu = process.cpuUsage(cpuFrom);
  const result: WorkerStats = {
    name: opts.name,
    shards: [...held].sort((a, b) => a - b),
    ...stats,
    cpuMs: (cpu.user + cpu.system) / 1000,
    stagesMs: stages,
  };
  return result;
}
