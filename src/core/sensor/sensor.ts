/**
 * The sensor's core, free of I/O: packet tables in (one per batch), EVE records out. Windows per group
 * (StreamWindower), the model (any WindowClassifier), the shared vote rule (GroupVoter), and one alert per
 * group and class (AlertTracker). The CLI feeds it batches and decides where records go.
 */
import type { PacketTable } from '../table/packet-table.ts';
import { packetColumns } from '../features/packet-columns.ts';
import { GroupVoter, type VoteRule } from '../detect/vote.ts';
import type { Manifest } from '../model/bundle.ts';
import { AlertTracker, type CloseReason, type OpenAlert } from './alert-tracker.ts';
import type { WindowClassifier } from './classifier.ts';
import { endpointsOf } from './endpoints.ts';
import { alertRecord, closingRecord, type EveRecord } from './eve.ts';
import { StreamWindower } from './stream-windower.ts';

export interface SensorOptions {
  readonly vote: VoteRule;
  readonly quietUs: number;
  readonly maxGroups: number;
  readonly idleUs: number;
  /** Classify every stride-th window of each group (default 1). */
  readonly stride?: number;
  /** Written as in_iface on every record (live capture). */
  readonly iface?: string;
}

export interface SensorCounts {
  readonly packets: number;
  readonly windows: number;
  readonly alerts: number;
  readonly openAlerts: number;
  readonly groups: number;
  readonly evicted: number;
  readonly remembered: number;
}

export class Sensor {
  private readonly windower: StreamWindower;
  private readonly voter: GroupVoter;
  private readonly tracker: AlertTracker;
  private packets = 0;
  private windows = 0;
  private alerts = 0;
  private nowUs = -Infinity;

  constructor(
    private readonly manifest: Manifest,
    private readonly classifier: WindowClassifier,
    private readonly opts: SensorOptions,
    private readonly emit: (record: EveRecord) => void,
  ) {
    if (classifier.classes !== manifest.classes.length) throw new Error(`the classifier gives ${classifier.classes} classes, the manifest lists ${manifest.classes.length}`);
    const { window: win } = manifest; // destructured: core's purity check forbids the text `window.`
    this.voter = new GroupVoter(opts.vote);
    this.tracker = new AlertTracker(opts.quietUs, (a, reason) => this.closed(a, reason));
    this.windower = new StreamWindower(manifest.featureSpec, win.key, win.size, manifest.normaliser, { maxGroups: opts.maxGroups, idleUs: opts.idleUs, stride: opts.stride }, (g) => {
      this.voter.forget(g);
      this.tracker.closeGroup(g, 'evicted');
    });
  }

  /** Classifies the windows a batch completes, votes, and emits the alerts that open or close. */
  async process(table: PacketTable): Promise<void> {
    if (table.rowCount === 0) return;
    const cols = packetColumns(table);
    const batch = this.windower.push(cols);
    this.packets += cols.rows;
    const probs = batch.n > 0 ? await this.classifier.predict(batch.x, batch.n) : new Float32Array(0);
    const C = this.classifier.classes;
    const { manifest } = this;
    for (let i = 0; i < batch.n; i++) {
      let best = 0;
      for (let c = 1; c < C; c++) if (probs[i * C + c] > probs[i * C + best]) best = c;
      const g = batch.groups[i];
      const t = batch.endUs[i];
      const vote = this.voter.push(g, manifest.malicious[best] ?? false, best, t);
      if (!vote.firing) continue;
      const cls = vote.topClass;
      const score = probs[i * C + cls];
      const open = this.tracker.get(g, cls);
      if (open) {
        open.lastUs = t;
        open.packetsNow = batch.groupPackets[i];
        open.windows++;
        open.peak = Math.max(open.peak, score);
        open.score = score;
        open.malicious = vote.malicious;
        open.votes = vote.votes;
        open.endpoints = endpointsOf(table, cols, batch.endRows[i]);
        continue;
      }
      const endpoints = endpointsOf(table, cols, batch.endRows[i]);
      const a: OpenAlert = { group: g, classId: cls, startUs: t, lastUs: t, packetsAtOpen: batch.groupPackets[i], packetsNow: batch.groupPackets[i], windows: 1, peak: score, score, malicious: vote.malicious, votes: vote.votes, endpoints };
      this.tracker.add(a);
      this.alerts++;
      this.emit(alertRecord(t, endpoints, this.facts(a), this.opts.iface));
    }
    this.windows += batch.n;
    const last = cols.timeUs[cols.rows - 1];
    if (last > this.nowUs) this.nowUs = last;
    this.tick(this.nowUs);
  }

  /** Time passes (packet time, or the wall clock on a quiet live link): quiet alerts close, idle groups go. */
  tick(nowUs: number): void {
    if (nowUs > this.nowUs) this.nowUs = nowUs;
    this.tracker.closeQuiet(this.nowUs);
    this.windower.evictIdle(this.nowUs);
  }

  /** Closes every open alert (shutdown). */
  flush(reason: CloseReason = 'shutdown'): void {
    this.tracker.closeAll(reason);
  }

  counts(): SensorCounts {
    return { packets: this.packets, windows: this.windows, alerts: this.alerts, openAlerts: this.tracker.size, groups: this.windower.groups, evicted: this.windower.evicted, remembered: this.windower.remembered };
  }

  private facts(a: OpenAlert): { group: string; groupKey: string; classId: number; className: string; score: number; malicious: number; votes: number } {
    const { window: win } = this.manifest;
    return { group: a.group, groupKey: win.key, classId: a.classId, className: this.manifest.classes[a.classId] ?? `class ${a.classId}`, score: a.score, malicious: a.malicious, votes: a.votes };
  }

  private closed(a: OpenAlert, reason: CloseReason): void {
    const { window: win } = this.manifest;
    const N = win.size;
    this.emit(closingRecord(a.endpoints, {
      ...this.facts(a), startUs: a.startUs, endUs: a.lastUs, packets: a.packetsNow - a.packetsAtOpen + N, windows: a.windows, peak: a.peak, reason,
    }, this.opts.iface));
  }
}
