/**
 * The sensor's incident half: the firing votes of every view (ViewStage's VoteEvents, batch by batch) merged
 * into incidents (IncidentTracker) and written as EVE records. The single sensor feeds it its own ViewStage; a
 * fleet's `alerts` command feeds it the events every worker published, batch by batch in the same order,
 * and so writes the same records.
 */
import type { EveRecord } from './eve.ts';
import { alertRecord, closingRecord, type AlertFacts } from './eve.ts';
import { IncidentTracker, type CloseReason, type Incident } from './incidents.ts';
import type { VoteEvents } from './view-stage.ts';

export interface IncidentModel {
  readonly classes: readonly string[];
  /** Each view's name and window size (a closing record counts an incident's packets by it). */
  readonly views: readonly { readonly name: string; readonly size: number }[];
}

export class IncidentStage {
  private readonly incidents: IncidentTracker;
  private nowUs = -Infinity;
  alerts = 0;

  constructor(
    private readonly model: IncidentModel,
    quietUs: number,
    private readonly emit: (record: EveRecord) => void,
    private readonly iface?: string,
  ) {
    this.incidents = new IncidentTracker(
      quietUs,
      (i, at) => this.opened(i, at),
      (i, reason) => this.closed(i, reason),
      (i, previous, at) => this.reclassified(i, previous, at),
    );
  }

  get open(): number {
    return this.incidents.size;
  }

  /** One batch's events: groups let go of for room, the votes in order, idle groups, then the clock moves on. */
  apply(e: VoteEvents): void {
    this.letGo(e.lru);
    for (const f of e.firings) if (!this.incidents.refire(f.view, f.group, f)) this.incidents.fire(f);
    this.letGo(e.idle);
    if (e.nowUs > this.nowUs) this.nowUs = e.nowUs;
    this.incidents.closeQuiet(this.nowUs);
  }

  /** Groups forgotten outside a batch (the end of a run): they leave their incidents. */
  letGo(groups: readonly (readonly [string, string])[]): void {
    for (const [view, group] of groups) this.incidents.evicted(view, group);
  }

  /** The end of a run: every open incident closes. */
  closeAll(reason: CloseReason): void {
    this.incidents.closeAll(reason);
  }

  private facts(i: Incident): AlertFacts {
    const first = i.members[0];
    return {
      flowKey: `${first.view}\u0000${first.group}`,
      views: i.members.map((m) => m.view),
      groups: i.members.map((m) => m.describe),
      classId: i.classId,
      className: this.model.classes[i.classId] ?? `class ${i.classId}`,
      score: i.score,
      malicious: i.malicious,
      votes: i.votes,
    };
  }

  private opened(i: Incident, atUs: number): void {
    this.alerts++;
    this.emit(alertRecord(atUs, i.endpoints, this.facts(i), this.iface));
  }

  private reclassified(i: Incident, previous: number, atUs: number): void {
    this.alerts++;
    const was = this.model.classes[previous] ?? `class ${previous}`;
    this.emit(
      alertRecord(atUs, i.endpoints, this.facts(i), this.iface, {
        phase: ['reclassified'],
        previous_class: [was],
      }),
    );
  }

  private closed(i: Incident, reason: CloseReason): void {
    // Packets of the incident: from the first packet of the window that opened each member to its latest
    // firing one; views see the same packets, so the largest member's count, not the sum.
    let packets = 0;
    for (const m of i.members) {
      const size = this.model.views.find((v) => v.name === m.view)?.size ?? 1;
      packets = Math.max(packets, m.packetsNow - m.packetsAtOpen + size);
    }
    this.emit(
      closingRecord(
        i.endpoints,
        { ...this.facts(i), startUs: i.startUs, endUs: i.lastUs, packets, windows: i.windows, peak: i.peak, reason },
        this.iface,
      ),
    );
  }
}
