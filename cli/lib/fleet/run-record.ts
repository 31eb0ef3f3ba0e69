/**
 * A fleet run's record on NIDS_RUNS, written by its capture point before any batch: how many shards, the model
 * (its bytes' hash, classes and views) and the sensor options. Workers adopt the options, so every shard
 * windows and votes as the single sensor would with them, and refuse a different model; `alerts` needs
 * nothing but the run's name.
 */
import { createHash } from 'node:crypto';
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import type { ViewCombine } from '../../../src/core/detect/view-combine.ts';
import type { ReadBundle } from '../../../src/core/model/bundle-views.ts';
import { publishWithRetry } from './publish-retry.ts';
import { RUN_STREAM, runSubject } from './fleet-streams.ts';

export interface RunRecord {
  readonly run: string;
  readonly shards: number;
  /** sha256 of the model bundle's bytes. */
  readonly model: string;
  readonly classes: readonly string[];
  readonly views: readonly { readonly name: string; readonly size: number; readonly key: string }[];
  readonly options: {
    readonly quietUs: number;
    readonly idleUs: number;
    readonly maxGroups: number;
    readonly stride: number;
    readonly combine: ViewCombine;
  };
  /** The command line's vote settings (null: the bundle's). */
  readonly vote: {
    readonly k: number | null;
    readonly threshold: number | null;
    readonly minVotes: number | null;
    readonly minScore: number | null;
  };
  readonly startedAt: string;
}

export const modelHash = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

export function viewsOf(bundle: ReadBundle): RunRecord['views'] {
  return bundle.views.map((v) => {
    const { window: win } = v.manifest;
    return { name: v.name, size: win.size, key: win.key };
  });
}

export async function publishRunRecord(js: JetStreamClient, r: RunRecord): Promise<void> {
  const ack = await publishWithRetry(
    js,
    runSubject(r.run),
    new TextEncoder().encode(JSON.stringify(r)),
    `${r.run}.run`,
  );
  if (ack.duplicate) throw new Error(`run ${r.run} exists already: name a new run`);
}

/** The run's record, waiting up to `waitMs` for its capture point to write it. */
export async function readRunRecord(jsm: JetStreamManager, run: string, waitMs: number): Promise<RunRecord> {
  const until = Date.now() + waitMs;
  for (;;) {
    const m = await jsm.streams.getMessage(RUN_STREAM, { last_by_subj: runSubject(run) }).catch(() => null);
    if (m) return m.json<RunRecord>();
    if (Date.now() >= until)
      throw new Error(
        `no run ${run} on the fleet after ${Math.round(waitMs / 1000)} s (is its capture point running?)`,
      );
    await new Promise((r) => setTimeout(r, 200));
  }
}
