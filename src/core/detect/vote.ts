/**
 * The users' alert rule: each group (a flow or host, by the window key) keeps its last K window predictions,
 * and fires while the malicious share of them is above a threshold ("more than half" = 0.5, strictly).
 * One window is noisy; a vote over consecutive windows of the same group is what makes an alert worth
 * reading. The sensor and the evaluation both call this, so what is measured is what fires in the field.
 *
 * A group fires only on a full vote of K predictions by default. Voting early (from ceil(K/2) predictions)
 * fired on the first three windows of a new client's page loads and of a script's polling; on lab-a's
 * episodes it bought under a tenth of a second (bench/false-alerts.bench.ts measures both).
 * Votes expire: a group silent for `expireUs` votes afresh, so windows of an attack minutes ago never add to
 * a burst of benign traffic now.
 * A vote fires only when it is also sure: the top class's mean probability over the K windows (its score) must
 * reach `minScore`. On benign traffic nobody trained for (health checks, a busy office minute) the votes that
 * passed had 3 of 5 windows at a mean near 0.5; the attacks' votes, 0.96 and up (bench/false-alerts.bench.ts).
 */

export interface VoteRule {
  /** How many of a group's latest window predictions vote. */
  readonly k: number;
  /** Fires when malicious / votes > threshold (strictly: exactly half does not fire at 0.5). */
  readonly threshold: number;
  /** Predictions a group needs before it may fire (default k: a full vote). */
  readonly minVotes?: number;
  /** A group with no window for this long starts a new vote (µs; default DEFAULT_EXPIRE_US). */
  readonly expireUs?: number;
  /** The vote's score (its top class's mean probability) it needs to fire (default DEFAULT_MIN_SCORE). */
  readonly minScore?: number;
}

export const DEFAULT_VOTE_RULE: VoteRule = { k: 5, threshold: 0.5 };
/** Longer than a brute force's pause between attempts (PAM's 2 s, hydra's reconnects), shorter than a lull. */
export const DEFAULT_EXPIRE_US = 10_000_000;
export const DEFAULT_MIN_SCORE = 0.7;

/** The votes a rule needs before a group may fire. */
export const minVotesOf = (rule: VoteRule): number => rule.minVotes ?? rule.k;

export interface VoteResult {
  readonly firing: boolean;
  /** Malicious predictions among the votes. */
  readonly malicious: number;
  /** Predictions voting now: min(K, seen since the vote began). */
  readonly votes: number;
  /** Most frequent class among the malicious votes (ties: the lower id); 0 when none is malicious. */
  readonly topClass: number;
  /** topClass's mean probability over the voting windows: what the vote says, not its last window. */
  readonly score: number;
}

export type GroupId = number | string;

interface GroupState {
  /** Ring buffers of the last K predictions: malicious or not, class, and every class's probability. */
  readonly malicious: Uint8Array;
  readonly cls: Int32Array;
  readonly probs: Float32Array;
  next: number;
  seen: number;
  maliciousCount: number;
  lastUs: number;
}

export class GroupVoter {
  private readonly groups = new Map<GroupId, GroupState>();
  private readonly minVotes: number;
  private readonly expireUs: number;
  private readonly minScore: number;

  /** `classes`: the width of the probability rows push is given. */
  constructor(
    readonly rule: VoteRule,
    private readonly classes = 2,
  ) {
    if (!(Number.isInteger(rule.k) && rule.k >= 1))
      throw new Error(`vote K must be a whole number of at least 1 (got ${rule.k})`);
    if (!(rule.threshold >= 0 && rule.threshold < 1))
      throw new Error(`vote threshold must be in [0, 1) (got ${rule.threshold})`);
    this.minVotes = minVotesOf(rule);
    if (!(Number.isInteger(this.minVotes) && this.minVotes >= 1 && this.minVotes <= rule.k))
      throw new Error(`votes needed must be a whole number from 1 to K = ${rule.k} (got ${this.minVotes})`);
    this.expireUs = rule.expireUs ?? DEFAULT_EXPIRE_US;
    if (!(this.expireUs > 0)) throw new Error(`vote expiry must be above 0 (got ${this.expireUs} µs)`);
    this.minScore = rule.minScore ?? DEFAULT_MIN_SCORE;
    if (!(this.minScore >= 0 && this.minScore <= 1))
      throw new Error(`the score a vote needs must be in [0, 1] (got ${this.minScore})`);
  }

  /**
   * Adds one window's prediction for `group` and returns the group's vote after it. `probs` (from `at`, one
   * per class) gives the vote its score; without it the window counts as certain of `cls`.
   */
  push(group: GroupId, malicious: boolean, cls: number, timeUs: number, probs?: ArrayLike<number>, at = 0): VoteResult {
    const { k } = this.rule;
    const C = this.classes;
    if (!(cls >= 0 && cls < C)) throw new Error(`class ${cls} is not one of the voter's ${C} classes`);
    let s = this.groups.get(group);
    if (!s) {
      s = {
        malicious: new Uint8Array(k),
        cls: new Int32Array(k),
        probs: new Float32Array(k * C),
        next: 0,
        seen: 0,
        maliciousCount: 0,
        lastUs: timeUs,
      };
      this.groups.set(group, s);
    } else if (timeUs - s.lastUs > this.expireUs) {
      s.next = 0;
      s.seen = 0;
      s.maliciousCount = 0;
    }
    if (s.seen >= k) s.maliciousCount -= s.malicious[s.next];
    s.malicious[s.next] = malicious ? 1 : 0;
    s.cls[s.next] = cls;
    for (let c = 0; c < C; c++) s.probs[s.next * C + c] = probs ? probs[at + c] : c === cls ? 1 : 0;
    s.maliciousCount += malicious ? 1 : 0;
    s.next = (s.next + 1) % k;
    s.seen++;
    s.lastUs = timeUs;
    const votes = Math.min(k, s.seen);
    const top = s.maliciousCount > 0 ? topClass(s, votes) : 0;
    const score = meanProb(s, votes, top, C);
    const firing = votes >= this.minVotes && s.maliciousCount / votes > this.rule.threshold && score >= this.minScore;
    return { firing, malicious: s.maliciousCount, votes, topClass: top, score };
  }

  forget(group: GroupId): void {
    this.groups.delete(group);
  }

  /** Drops groups with no window since `beforeUs`, so a long-running sensor does not keep every flow it ever saw. */
  forgetIdle(beforeUs: number): number {
    let dropped = 0;
    for (const [g, s] of this.groups)
      if (s.lastUs < beforeUs) {
        this.groups.delete(g);
        dropped++;
      }
    return dropped;
  }

  get size(): number {
    return this.groups.size;
  }
}

/**
 * The ring's slots 0..votes-1 hold the voting predictions (before the ring wraps, the first `votes`; after,
 * all K), in any order: counting needs no order. K is small (5-10), so a quadratic count beats a tally.
 */
function topClass(s: GroupState, votes: number): number {
  let best = 0;
  let bestCount = 0;
  for (let i = 0; i < votes; i++) {
    if (!s.malicious[i]) continue;
    const c = s.cls[i];
    let n = 0;
    for (let j = 0; j < votes; j++) if (s.malicious[j] && s.cls[j] === c) n++;
    if (n > bestCount || (n === bestCount && c < best)) {
      best = c;
      bestCount = n;
    }
  }
  return best;
}

function meanProb(s: GroupState, votes: number, cls: number, C: number): number {
  let sum = 0;
  for (let i = 0; i < votes; i++) sum += s.probs[i * C + cls];
  return votes > 0 ? sum / votes : 0;
}
