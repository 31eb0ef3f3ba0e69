/**
 * `alerts`: a run's votes from NIDS_ALERTS, every shard's, merged into incidents batch by batch (VoteMerger,
 * IncidentStage: the single sensor's incident half) and written as EVE JSON lines. It reads the stream from
 * the run's start, so it can be run during the run or after it, as often as wanted, and writes the same
 * records each time; it ends at the run's end.
 */
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { decodeShardVotes } from '../../../src/core/fleet/shard-votes.ts';
import { VoteMerger } from '../../../src/core/fleet/vote-merge.ts';
import type { EveRecord } from '../../../src/core/sensor/eve.ts';
import { IncidentStage } from '../../../src/core/sensor/incident-stage.ts';
import { ALERT_STREAM } from './fleet-streams.ts';
import { readRunRecord } from './run-record.ts';
import { streamMessages } from './stream-reader.ts';

export interface MergeOptions {
  readonly urls: readonly string[];
  readonly run: string;
  readonly emit: (record: EveRecord) => void;
  /** How long to wait for the run's record (its capture point may start after). */
  readonly waitMs?: number;
  /** Ends the read early (the run will not finish): what is merged so far is written, open incidents stay open. */
  readonly stop?: AbortSignal;
}

export interface MergeStats {
  readonly batches: number;
  readonly alerts: number;
  readonly firings: number;
  /** Votes read twice (a shard's votes published again after its worker died), dropped. */
  readonly duplicates: number;
  readonly seconds: number;
  readonly cpuMs: number;
}

export async function mergeAlerts(opts: MergeOptions): Promise<MergeStats> {
  const started = performance.now();
  const cpuFrom = process.cpuUsage();
  const nc = await connect({ servers: [...opts.urls], reconnectTimeWait: 100, maxReconnectAttempts: -1 });
  try {
    const jsm = await jetstreamManager(nc);
    const record = await readRunRecord(jsm, opts.run, opts.waitMs ?? 60_000);
    const stage = new IncidentStage(record, record.options.quietUs, opts.emit);
    const merger = new VoteMerger(
      record.shards,
      record.views.map((v) => v.name),
      stage,
    );
    let firings = 0;
    const subject = `nids.alerts.${opts.run}.*`;
    for await (const m of streamMessages(jsm, ALERT_STREAM, subject, { stop: opts.stop })) {
      const v = decodeShardVotes(m.data);
      firings += v.firings.length;
      merger.add(v);
      if (merger.done) break;
    }
    const cpu = process.cpuUsage(cpuFrom);
    return {
      batches: merger.next,
      alerts: stage.alerts,
      firings,
      duplicates: merger.duplicates,
      seconds: (performance.now() - started) / 1000,
      cpuMs: (cpu.user + cpu.system) / 1000,
    };
  } finally {
    await nc.close();
  }
}
