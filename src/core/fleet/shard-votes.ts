/**
 * What a worker publishes for one shard and one batch: its ViewStage's VoteEvents as JSON. A firing carries
 * its group's addresses (the alert's words) only where the incident half may need them: the first firing of
 * a group, or one after a silence long enough for its incident to have closed (ShardVoteWriter). A flood fires
 * at every window; its addresses go once.
 */
import type { Endpoints } from '../sensor/endpoints.ts';
import type { ViewFiring, VoteEvents } from '../sensor/view-stage.ts';

/** A firing as it travels: its words as text, and only where needed. */
export type WireFiring = Omit<ViewFiring, 'describe' | 'endpoints'> & {
  readonly describe?: string;
  readonly endpoints?: Endpoints;
};

export interface ShardVotes {
  readonly batch: number;
  readonly shard: number;
  readonly end: boolean;
  /** The clock after the batch; null stands for none yet (JSON has no -Infinity). */
  readonly nowUs: number | null;
  readonly lru: readonly (readonly [string, string])[];
  readonly firings: readonly WireFiring[];
  readonly idle: readonly (readonly [string, string])[];
}

const memberKey = (view: string, group: string): string => `${view}\u0000${group}`;

/**
 * Turns a shard's VoteEvents into ShardVotes, remembering each group's latest firing. An incident stays open
 * while one of its members fired within quietUs of the clock (IncidentTracker.current, closeQuiet); the clock
 * the incident half can have reached by a firing is at most max(the previous batch's clock, this batch's
 * latest packet), so a group that fired since then minus quietUs is still a member, and its words are known.
 */
export class ShardVoteWriter {
  private readonly lastFired = new Map<string, number>();
  private nowUs = Number.NEGATIVE_INFINITY;

  constructor(private readonly quietUs: number) {}

  write(batch: number, shard: number, e: VoteEvents, batchMaxUs: number, end = false): ShardVotes {
    for (const [v, g] of e.lru) this.lastFired.delete(memberKey(v, g));
    const horizon = Math.max(this.nowUs, batchMaxUs) - this.quietUs;
    const firings = e.firings.map((f) => this.wire(f, horizon));
    for (const [v, g] of e.idle) this.lastFired.delete(memberKey(v, g));
    if (e.nowUs > this.nowUs) this.nowUs = e.nowUs;
    const nowUs = Number.isFinite(e.nowUs) ? e.nowUs : null;
    return { batch, shard, end, nowUs, lru: e.lru, firings, idle: e.idle };
  }

  private wire(f: ViewFiring, horizon: number): WireFiring {
    const key = memberKey(f.view, f.group);
    const prev = this.lastFired.get(key);
    this.lastFired.set(key, f.atUs);
    const known = prev !== undefined && prev >= horizon;
    const { row, viewIndex, view, group, classId, atUs, groupPackets, score, malicious, votes, hosts } = f;
    const base = { row, viewIndex, view, group, classId, atUs, groupPackets, score, malicious, votes, hosts };
    return known ? base : { ...base, describe: f.describe(), endpoints: f.endpoints() };
  }
}

/** A wire firing as the incident half takes it; asking for words it did not bring is a fault of the fleet. */
export function firingOf(f: WireFiring, shard: number, batch: number): ViewFiring {
  const missing = (): never => {
    throw new Error(
      `fleet: shard ${shard} sent batch ${batch}'s firing of ${f.view} ${f.group} without its addresses, and its incident needs them`,
    );
  };
  const { describe, endpoints } = f;
  return {
    ...f,
    describe: describe === undefined ? missing : () => describe,
    endpoints: endpoints === undefined ? missing : () => endpoints,
  };
}

export const encodeShardVotes = (v: ShardVotes): Uint8Array => new TextEncoder().encode(JSON.stringify(v));

export function decodeShardVotes(bytes: Uint8Array): ShardVotes {
  let v: unknown;
  try {
    v = JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    throw new Error(`shard votes: not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const o = (v ?? {}) as Partial<ShardVotes>;
  if (
    !Number.isInteger(o.batch) ||
    !Number.isInteger(o.shard) ||
    typeof o.end !== 'boolean' ||
    !Array.isArray(o.firings) ||
    !Array.isArray(o.lru) ||
    !Array.isArray(o.idle)
  )
    throw new Error('shard votes: batch, shard, end, lru, firings and idle are required');
  return o as ShardVotes;
}
