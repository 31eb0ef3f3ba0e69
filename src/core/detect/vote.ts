/**
 * The users' alert rule: each group (a flow or host, by the window key) keeps its last K window predictions,
 * and fires while the malicious share of them is above a threshold ("more than half" = 0.5, strictly).
 * One window is noisy; a vote over consecutive windows of the same group is what makes an alert worth
 * reading. The sensor and the evaluation both call this, so what is measured is what fires in the field.
 *
 * Before a group has K predictions it votes over the ones it has, but only from ceil(K/2) on: a brand-new
 * group with a single malicious window must not fire, yet a short attack (a scan touching a port only a few
 * times) must not be silenced by waiting for a full K.
 */

export interface VoteRule {
  /** How many of a group's latest window predictions vote. */
  readonly k: number;
  /** Fires when malicious / votes > threshold (strictly: exactly half does not fire at 0.5). */
  readonly threshold: number;
}

export const DEFAULT_VOTE_RULE: VoteRule = { k: 5, threshold: 0.5 };

export interface VoteResult {
  readonly firing: boolean;
  /** Malicious predictions among the votes. */
  readonly malicious: number;
  /** Predictions voting now: min(K, seen). */
  readonly votes: number;
  /** Most frequent class among the malicious votes (ties: the lower id); 0 when none is malicious. */
  readonly topClass: number;
}

export type GroupId = number | string;

interface GroupState {
  /** Ring buffers of the last K predictions. */
  readonly malicious: Uint8Array;
  readonly cls: Int32Array;
  next: number;
  seen: number;
  maliciousCount: number;
  lastUs: number;
}

export class GroupVoter {
  private readonly groups = new Map<GroupId, GroupState>();
  private readonly minVotes: number;

  constructor(readonly rule: VoteRule) {
    if (!(Number.isInteger(rule.k) && rule.k >= 1)) throw new Error(`vote K must be a whole number of at least 1 (got ${rule.k})`);
    if (!(rule.threshold >= 0 && rule.threshold < 1)) throw new Error(`vote threshold must be in [0, 1) (got ${rule.threshold})`);
    this.minVotes = Math.ceil(rule.k / 2);
  }

  /** Adds one window's prediction for `group` and returns the group's vote after it. */
  push(group: GroupId, malicious: boolean, cls: number, timeUs: number): VoteResult {
    const k = this.rule.k;
    let s = this.groups.get(group);
    if (!s) {
      s = { malicious: new Uint8Array(k), cls: new Int32Array(k), next: 0, seen: 0, maliciousCount: 0, lastUs: timeUs };
      this.groups.set(group, s);
    }
    if (s.seen >= k) s.maliciousCount -= s.malicious[s.next];
    s.malicious[s.next] = malicious ? 1 : 0;
    s.cls[s.next] = cls;
    s.maliciousCount += malicious ? 1 : 0;
    s.next = (s.next + 1) % k;
    s.seen++;
    s.lastUs = timeUs;
    const votes = Math.min(k, s.seen);
    const firing = votes >= this.minVotes && s.maliciousCount / votes > this.rule.threshold;
    return { firing, malicious: s.maliciousCount, votes, topClass: s.maliciousCount > 0 ? topClass(s, votes) : 0 };
  }

  forget(group: GroupId): void {
    this.groups.delete(group);
  }

  /** Drops groups with no window since `beforeUs`, so a long-running sensor does not keep every flow it ever saw. */
  forgetIdle(beforeUs: number): number {
    let dropped = 0;
    for (const [g, s] of this.groups) if (s.lastUs < beforeUs) { this.groups.delete(g); dropped++; }
    return dropped;
  }

  get size(): number {
    return this.groups.size;
  }
}

/** K is small (5-10), so a quadratic count beats allocating a tally per window. */
function topClass(s: GroupState, votes: number): number {
  let best = 0;
  let bestCount = 0;
  for (let i = 0; i < votes; i++) {
    if (!s.malicious[i]) continue;
    const c = s.cls[i];
    let n = 0;
    for (let j = 0; j < votes; j++) if (s.malicious[j] && s.cls[j] === c) n++;
    if (n > bestCount || (n === bestCount && c < best)) { best = c; bestCount = n; }
  }
  return best;
}
