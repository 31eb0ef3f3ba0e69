/**
 * Alert-level evaluation: what an analyst would have seen had the model run as a sensor over the capture.
 * Window scores say little about that; the questions are "was each attack episode alerted, how fast" and
 * "how many alerts per hour of normal traffic". Windows go through the same GroupVoter the sensor uses, in
 * time order.
 *
 * An incident is a run of firing votes (any group) with no gap longer than `graceUs`; a group that stops
 * sending windows stops counting as firing at its last window, so a finished attack does not stretch the
 * next incident.
 */
import { GroupVoter, type VoteRule } from './vote.ts';

// The CLI reads episodes and evaluates alerts together; one import for both.
export { episodesFromJson } from './episodes.ts';

export interface EpisodeSpan {
  readonly tool: string;
  readonly variant: string;
  readonly startUs: number;
  readonly endUs: number;
}

export interface AlertEvalInput {
  /** Per window: its end time (µs), in any order. */
  readonly timeUs: Float64Array;
  readonly group: Int32Array;
  /** Per window: predicted malicious (1) or not (0). */
  readonly malicious: Uint8Array;
  readonly vote: VoteRule;
  readonly episodes: readonly EpisodeSpan[];
  /**
   * Per window: 1 = truly benign. When given, an incident outside every episode that fired on a window that
   * is truly malicious (an attack labelled but not listed as an episode) is not counted as false.
   */
  readonly benignMask?: Uint8Array;
  /** Gap that ends an incident, and slack after an episode's end for late alerts. Default 5 s. */
  readonly graceUs?: number;
}

export interface EpisodeOutcome {
  readonly tool: string;
  readonly variant: string;
  readonly alerted: boolean;
  /** First firing at or after the episode's start (within end + grace) minus its start, in seconds. */
  readonly delay_s: number | null;
  /** From the sensor's own records (record-eval.ts): the first alert's class, and how many alerts it raised. */
  readonly first_class?: string | null;
  readonly alerts?: number;
  /**
   * With a benignMask: the windows labelled as an attack that end within the episode. 0 means the detector had
   * nothing of the attack to vote on (no window of it in this split), which is not the same as a miss.
   */
  readonly attackWindows?: number;
}

export interface Incident {
  readonly startUs: number;
  readonly endUs: number;
  /** The group whose vote opened the incident. */
  readonly group: number;
}

export interface AlertEvalResult {
  readonly episodes: EpisodeOutcome[];
  /** Incidents overlapping no episode (± grace), per hour of benign time; 0 when there is no benign time. */
  readonly falseAlertsPerHour: number;
  /** Capture time (first to last window) outside every episode, in hours. */
  readonly benignHours: number;
  readonly alerts: Incident[];
}

export const DEFAULT_GRACE_US = 5_000_000;
const US_PER_HOUR = 3_600e6;

export function episodeAlerts(input: AlertEvalInput): AlertEvalResult {
  const { timeUs, group, malicious, episodes } = input;
  const n = timeUs.length;
  if (group.length !== n || malicious.length !== n)
    throw new Error(
      `timeUs, group and malicious must have one entry per window (got ${n}, ${group.length}, ${malicious.length})`,
    );
  if (input.benignMask && input.benignMask.length !== n)
    throw new Error(`benignMask has ${input.benignMask.length} entries for ${n} windows`);
  const grace = input.graceUs ?? DEFAULT_GRACE_US;
  const order = timeOrder(timeUs);
  const voter = new GroupVoter(input.vote);

  const firingTimes: number[] = [];
  const attackTimes: number[] = [];
  const alerts: Incident[] = [];
  const trulyMalicious: boolean[] = [];
  let open: { startUs: number; endUs: number; group: number; malicious: boolean } | null = null;
  const close = (): void => {
    if (!open) return;
    alerts.push({ startUs: open.startUs, endUs: open.endUs, group: open.group });
    trulyMalicious.push(open.malicious);
    open = null;
  };
  for (let i = 0; i < n; i++) {
    const w = order[i];
    const t = timeUs[w];
    if (input.benignMask && input.benignMask[w] === 0) attackTimes.push(t);
    if (!voter.push(group[w], malicious[w] === 1, 1, t).firing) continue;
    firingTimes.push(t);
    const labelledAttack = input.benignMask ? input.benignMask[w] === 0 : false;
    if (open && t - open.endUs <= grace) {
      open.endUs = t;
      open.malicious ||= labelledAttack;
    } else {
      close();
      open = { startUs: t, endUs: t, group: group[w], malicious: labelledAttack };
    }
  }
  close();

  const outcomes = episodes.map((ep) => {
    const at = lowerBound(firingTimes, ep.startUs);
    const first = at < firingTimes.length ? firingTimes[at] : null;
    const delay = first !== null && first <= ep.endUs + grace ? (first - ep.startUs) / 1e6 : null;
    const outcome = { tool: ep.tool, variant: ep.variant, alerted: delay !== null, delay_s: delay };
    if (!input.benignMask) return outcome;
    const seen = lowerBound(attackTimes, ep.endUs, true) - lowerBound(attackTimes, ep.startUs);
    return { ...outcome, attackWindows: seen };
  });
  let falseAlerts = 0;
  alerts.forEach((a, i) => {
    const nearEpisode = episodes.some((ep) => a.startUs <= ep.endUs + grace && a.endUs >= ep.startUs - grace);
    if (!nearEpisode && !trulyMalicious[i]) falseAlerts++;
  });
  const benignHours = n ? benignSpanUs(timeUs[order[0]], timeUs[order[n - 1]], episodes) / US_PER_HOUR : 0;
  return {
    episodes: outcomes,
    falseAlertsPerHour: benignHours > 0 ? falseAlerts / benignHours : 0,
    benignHours,
    alerts,
  };
}

/** Window indices by time; ties keep index order, so equal times replay as they were given. */
function timeOrder(timeUs: Float64Array): Int32Array {
  const order = new Int32Array(timeUs.length);
  let sorted = true;
  for (let i = 0; i < order.length; i++) {
    order[i] = i;
    if (i && timeUs[i] < timeUs[i - 1]) sorted = false;
  }
  if (!sorted) order.sort((a, b) => timeUs[a] - timeUs[b] || a - b);
  return order;
}

/**
 * The first index whose time is at or after `t` (after it, when `past`). `times` ascending: they are pushed
 * in time order.
 */
function lowerBound(times: readonly number[], t: number, past = false): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] < t || (past && times[mid] === t)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** [from, to] minus the union of the episodes (clipped to it). */
export function benignSpanUs(from: number, to: number, episodes: readonly EpisodeSpan[]): number {
  const spans = episodes
    .map((e) => [Math.max(from, e.startUs), Math.min(to, e.endUs)] as const)
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
  let covered = 0;
  let curS = -Infinity;
  let curE = -Infinity;
  for (const [s, e] of spans) {
    if (s > curE) {
      if (curE > curS) covered += curE - curS;
      curS = s;
      curE = e;
    } else if (e > curE) curE = e;
  }
  if (curE > curS) covered += curE - curS;
  return Math.max(0, to - from - covered);
}
