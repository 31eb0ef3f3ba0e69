/**
 * The fleet's incident half: every shard's votes for a batch, merged in the order the single sensor takes
 * them (groups let go of for room, then firings by their packet's place in the batch and their view, then
 * idle groups, then the clock), into one IncidentStage. Votes may come in any order and more than once (a
 * shard rebuilt on another worker publishes again); a batch is applied once, when every shard has sent it.
 */
import type { IncidentStage } from '../sensor/incident-stage.ts';
import type { ViewFiring } from '../sensor/view-stage.ts';
import { firingOf, type ShardVotes } from './shard-votes.ts';

export class VoteMerger {
  private readonly waiting = new Map<number, (ShardVotes | undefined)[]>();
  /** The next batch to apply. */
  next = 0;
  duplicates = 0;
  private ended = false;

  constructor(
    readonly shards: number,
    /** The model's views, in its order. */
    private readonly views: readonly string[],
    private readonly stage: IncidentStage,
  ) {}

  private viewIndex(name: string): number {
    return this.views.indexOf(name);
  }

  /** True once every shard's end has been applied (every incident closed). */
  get done(): boolean {
    return this.ended;
  }

  add(v: ShardVotes): void {
    if (!(v.shard >= 0 && v.shard < this.shards))
      throw new Error(`votes from shard ${v.shard}, but the run has ${this.shards} shards`);
    if (v.batch < this.next || this.ended) {
      this.duplicates++;
      return;
    }
    let got = this.waiting.get(v.batch);
    if (!got) {
      got = new Array(this.shards).fill(undefined);
      this.waiting.set(v.batch, got);
    }
    if (got[v.shard]) {
      this.duplicates++;
      return;
    }
    got[v.shard] = v;
    this.drain();
  }

  /** Batches received but not yet applied (waiting for a shard). */
  get pending(): number {
    return this.waiting.size;
  }

  private drain(): void {
    for (;;) {
      const got = this.waiting.get(this.next);
      if (!got || got.some((v) => v === undefined)) return;
      this.waiting.delete(this.next);
      this.apply(got as ShardVotes[]);
      this.next++;
      if (this.ended) return;
    }
  }

  private apply(votes: readonly ShardVotes[]): void {
    const ends = votes.filter((v) => v.end).length;
    if (ends > 0 && ends < votes.length)
      throw new Error(`batch ${votes[0].batch} is the end for ${ends} of ${votes.length} shards`);
    // Each view's groups in turn, as the single sensor's windowers drop them (sort is stable).
    const byView = (a: readonly [string, string], b: readonly [string, string]): number =>
      this.viewIndex(a[0]) - this.viewIndex(b[0]);
    const lru = votes.flatMap((v) => v.lru).sort(byView);
    const idle = votes.flatMap((v) => v.idle).sort(byView);
    const firings: ViewFiring[] = votes.flatMap((v) => v.firings.map((f) => firingOf(f, v.shard, v.batch)));
    firings.sort((a, b) => a.row - b.row || a.viewIndex - b.viewIndex);
    let nowUs = Number.NEGATIVE_INFINITY;
    for (const v of votes) if (v.nowUs !== null && v.nowUs > nowUs) nowUs = v.nowUs;
    if (ends > 0) {
      this.stage.letGo(idle);
      this.stage.closeAll('shutdown');
      this.ended = true;
      return;
    }
    this.stage.apply({ lru, firings, idle, nowUs });
  }
}
