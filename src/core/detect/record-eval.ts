/**
 * Alert-level evaluation of what the sensor wrote: its `alert` records (an incident opening, or naming
 * another class) scored against the attack episodes. This is what an analyst meets, so it is what is
 * measured: an episode counts as alerted only when an alert record starts within it (from its start to
 * `graceUs` after its end), its first such record gives the class and delay, and every alert record outside
 * all episodes is a false alert, counted per hour of the capture's time outside them.
 */
import { eveTimeUs, type EveRecord } from '../sensor/eve.ts';
import { benignSpanUs, type EpisodeSpan } from './alert-eval.ts';

/** Slack after an episode's end: the labels run 1 s past the tool's exit, a vote needs a few windows more. */
export const RECORD_GRACE_US = 5_000_000;
const US_PER_HOUR = 3_600e6;

export interface AlertSeen {
  readonly atUs: number;
  readonly className: string;
  readonly views: readonly string[];
  readonly groups: readonly string[];
  /** opened or reclassified */
  readonly phase: string;
}

export interface EpisodeAlerts {
  readonly tool: string;
  readonly variant: string;
  readonly alerted: boolean;
  /** The class of the first alert record within the episode; null when none. */
  readonly firstClass: string | null;
  readonly rightClass: boolean;
  readonly delayS: number | null;
  /** Alert records within the episode. */
  readonly alerts: number;
}

export interface RecordEvaluation {
  readonly episodes: readonly EpisodeAlerts[];
  /** Alert records outside every episode, in time order. */
  readonly falseAlerts: readonly AlertSeen[];
  readonly falseAlertsPerHour: number;
  readonly benignHours: number;
  /** Every alert record. */
  readonly alerts: number;
}

/** The alert records among the sensor's output (flow records close incidents; they are not alerts). */
export function alertsOf(records: readonly EveRecord[]): AlertSeen[] {
  const out: AlertSeen[] = [];
  for (const r of records) {
    if (r.event_type !== 'alert') continue;
    const m = r.alert.metadata;
    out.push({
      atUs: eveTimeUs(r.timestamp),
      className: m.model_class?.[0] ?? r.alert.category,
      views: m.views ?? [],
      groups: m.group ?? [],
      phase: m.phase?.[0] ?? 'opened',
    });
  }
  return out.sort((a, b) => a.atUs - b.atUs);
}

/** `span`: the capture's first and last packet times (µs), for the benign hours. */
export function scoreAlerts(
  alerts: readonly AlertSeen[],
  episodes: readonly EpisodeSpan[],
  span: { fromUs: number; toUs: number },
  graceUs = RECORD_GRACE_US,
): RecordEvaluation {
  const within = (a: AlertSeen, e: EpisodeSpan): boolean => a.atUs >= e.startUs && a.atUs <= e.endUs + graceUs;
  const scored = episodes.map((e) => {
    const mine = alerts.filter((a) => within(a, e));
    const first = mine[0];
    return {
      tool: e.tool,
      variant: e.variant,
      alerted: mine.length > 0,
      firstClass: first?.className ?? null,
      rightClass: first?.className === e.tool,
      delayS: first ? (first.atUs - e.startUs) / 1e6 : null,
      alerts: mine.length,
    };
  });
  const falseAlerts = alerts.filter((a) => !episodes.some((e) => within(a, e)));
  const benignHours =
    benignSpanUs(
      span.fromUs,
      span.toUs,
      episodes.map((e) => ({ ...e, endUs: e.endUs + graceUs })),
    ) / US_PER_HOUR;
  return {
    episodes: scored,
    falseAlerts,
    falseAlertsPerHour: benignHours > 0 ? falseAlerts.length / benignHours : 0,
    benignHours,
    alerts: alerts.length,
  };
}
