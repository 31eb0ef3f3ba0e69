/**
 * What the model would have done as a sensor on a set of windows: the users' rule (a group alerts when more
 * than half of its last K predictions are malicious) over the windows in time order, against episodes read
 * off the labels (runs of an attack class). Says, per episode, alerted or not and how fast, and how many
 * false alerts per hour of benign time.
 */
import { episodeAlerts, type EpisodeOutcome } from '../detect/alert-eval.ts';
import { episodesFromLabels } from '../detect/label-episodes.ts';
import type { RecordEvaluation } from '../detect/record-eval.ts';
import { eveTimestamp } from '../sensor/eve.ts';
import type { VoteRule } from '../detect/vote.ts';
import type { PreparedWindows } from '../features/prepare.ts';
import { argmaxRows } from './metrics.ts';

export interface AlertReport {
  readonly episodes: readonly EpisodeOutcome[];
  readonly falseAlertsPerHour: number;
  readonly benignHours: number;
  readonly incidents: number;
  /**
   * Set when the figures are the sensor's own alert records (the sensor run over the capture): each false
   * alert, what would have woken the researcher up. Absent for the vote over test windows alone.
   */
  readonly falseAlerts?: readonly FalseAlert[];
}

export interface FalseAlert {
  /** EVE timestamp. */
  readonly time: string;
  readonly className: string;
  readonly views: readonly string[];
  readonly groups: readonly string[];
}

/** What the sensor wrote, scored (record-eval.ts), as the report the Model panel shows. */
export function alertReportOfRecords(e: RecordEvaluation): AlertReport {
  return {
    episodes: e.episodes.map((x) => ({
      tool: x.tool,
      variant: x.variant,
      alerted: x.alerted,
      delay_s: x.delayS,
      first_class: x.firstClass,
      alerts: x.alerts,
    })),
    falseAlertsPerHour: e.falseAlertsPerHour,
    benignHours: e.benignHours,
    incidents: e.alerts,
    falseAlerts: e.falseAlerts.map((a) => ({
      time: eveTimestamp(a.atUs),
      className: a.className,
      views: a.views,
      groups: a.groups,
    })),
  };
}

/** `probs` holds one row per entry of `windows` (indices into `p`). */
export function alertReport(
  p: PreparedWindows,
  windows: ArrayLike<number>,
  probs: Float32Array,
  classes: readonly string[],
  benign: number,
  vote: VoteRule,
): AlertReport {
  const C = classes.length;
  const pred = argmaxRows(probs, C);
  const order = Array.from({ length: windows.length }, (_, i) => i).sort(
    (a, b) => p.endUs[windows[a]] - p.endUs[windows[b]],
  );
  const timeUs = Float64Array.from(order, (i) => p.endUs[windows[i]]);
  const labels = Uint8Array.from(order, (i) => p.labels[windows[i]]);
  const group = Int32Array.from(order, (i) => p.group[windows[i]]);
  const malicious = Uint8Array.from(order, (i) => (pred[i] !== benign ? 1 : 0));
  const benignMask = Uint8Array.from(labels, (l) => (l === benign ? 1 : 0));
  const episodes = episodesFromLabels(timeUs, labels, classes, benign);
  const r = episodeAlerts({ timeUs, group, malicious, vote, episodes, benignMask });
  return {
    episodes: r.episodes,
    falseAlertsPerHour: r.falseAlertsPerHour,
    benignHours: r.benignHours,
    incidents: r.alerts.length,
  };
}
