/**
 * The sensor's core, free of I/O: packet tables in (one per batch), EVE records out. The same packets are
 * seen through one or more views (grouped by host pair, by source, by destination, ...): each view has its
 * windows per group (StreamWindower), its model (any WindowClassifier) and its votes (GroupVoter, the rule
 * shared with evaluation); all views keep their groups in one budget of slots. A vote that passes in any view
 * fires; firings of one attack seen by several views make one incident (IncidentTracker), one alert.
 *
 * Windowing and voting are two stages: `process` windows a batch at once and hands the windows to the
 * classifiers, and the votes follow in batch order as the predictions come back. With a classifier on another
 * thread, the next batch is windowed while this one is classified; groups evicted while windowing are let go
 * of by the vote stage at the point the old single-stage loop did (before the batch's votes for LRU
 * evictions, after them for idle ones).
 */
import type { PacketTable } from '../table/packet-table.ts';
import type { FeatureSpec } from '../features/feature-spec.ts';
import type { GroupKey } from '../features/group-key.ts';
import { packetColumns, type PacketColumns } from '../features/packet-columns.ts';
import type { Normaliser } from '../features/samples.ts';
import { GroupVoter, type VoteRule } from '../detect/vote.ts';
import { DEFAULT_VIEW_COMBINE, pairLimitOf, type ViewCombine } from '../detect/view-combine.ts';
import type { Manifest } from '../model/bundle.ts';
import { classifyWindows, type WindowClassifier } from './classifier.ts';
import { endpointsOf, type Endpoints } from './endpoints.ts';
import { alertRecord, closingRecord, type AlertFacts, type EveRecord } from './eve.ts';
import { groupPools, type GroupPools } from './group-table.ts';
import { IncidentTracker, type CloseReason, type Incident } from './incidents.ts';
import { StreamFeaturizer } from './stream-featurizer.ts';
import { StreamWindower, type WindowBatch } from './stream-windower.ts';

/** One way of grouping the traffic, with the model and vote rule that judge its windows. */
export interface SensorView {
  /** Its name in alerts and stats: pair, src, dst, ... */
  readonly name: string;
  readonly key: GroupKey;
  readonly size: number;
  readonly featureSpec: FeatureSpec;
  readonly normaliser: Normaliser;
  readonly classifier: WindowClassifier;
  readonly vote: VoteRule;
}

export interface SensorModel {
  readonly classes: readonly string[];
  readonly malicious: readonly boolean[];
  readonly views: readonly SensorView[];
}

/** A bundle of one view (format 2: the manifest's window), with its classifier and a vote rule (default: the bundle's). */
export function singleViewModel(
  manifest: Manifest,
  classifier: WindowClassifier,
  vote: VoteRule = manifest.vote,
): SensorModel {
  const { window: win } = manifest; // destructured: core's purity check forbids the text `window.`
  return {
    classes: manifest.classes,
    malicious: manifest.malicious,
    views: [
      {
        name: win.key,
        key: win.key,
        size: win.size,
        featureSpec: manifest.featureSpec,
        normaliser: manifest.normaliser,
        classifier,
        vote,
      },
    ],
  };
}

/** What `npm run sensor` runs with unless told otherwise. */
export const SENSOR_DEFAULTS = {
  /** An incident closes after this long without a firing window. */
  quietS: 10,
  /** Groups idle this long are forgotten. */
  idleS: 60,
  /**
   * Groups remembered, all views together: a 1M-packet random-source flood (a new group per packet) then
   * peaks near 180 MB with the classifier thread and one view, near 230 MB with three, on one budget.
   */
  maxGroups: 32_000,
  /**
   * Every stride-th window of a group is classified, and voted on (1: every window, as training cuts them).
   * 4 classifies a quarter of the windows at the same detection: on lab-a and the variant and benign captures
   * (bench:false-alerts) stride 1, 2 and 4 alert on 19 of 19 episodes, each first with its right class, once,
   * with no false alert; 8 misses one. The vote's K windows then span 4·K packets of the group.
   */
  stride: 4,
} as const;

export interface SensorOptions {
  readonly quietUs: number;
  /** Groups remembered at most, over all views (one budget). */
  readonly maxGroups: number;
  readonly idleUs: number;
  /** Classify every stride-th window of each group (default 1). */
  readonly stride?: number;
  /** Written as in_iface on every record (live capture). */
  readonly iface?: string;
  /** How the views' votes combine (default DEFAULT_VIEW_COMBINE: spread-out views vote on spread traffic only). */
  readonly combine?: ViewCombine;
}

export interface SensorCounts {
  readonly packets: number;
  readonly windows: number;
  readonly alerts: number;
  readonly openAlerts: number;
  readonly groups: number;
  readonly evicted: number;
  readonly remembered: number;
  /** Per view: windows classified and firing votes. */
  readonly views: Readonly<
    Record<string, { readonly windows: number; readonly firing: number; readonly groups: number }>
  >;
}

interface ViewState {
  readonly view: SensorView;
  /** Shared by the views with the same feature spec: each packet is featurized once. */
  readonly featurizer: StreamFeaturizer;
  readonly windower: StreamWindower;
  readonly voter: GroupVoter;
  /** Its windows vote malicious only while their last packet's host pair has fewer packets (view-combine.ts). */
  readonly pairLimit: number;
  windows: number;
  firing: number;
}

const HOST_VIEWS: Readonly<Record<GroupKey, 'both' | 'src' | 'dst' | 'none'>> = {
  pair: 'both',
  flow: 'both',
  src: 'src',
  dst: 'dst',
  none: 'none',
};

export class Sensor {
  private readonly views: ViewState[];
  private readonly incidents: IncidentTracker;
  private packets = 0;
  private alerts = 0;
  private nowUs = -Infinity;
  /** Latest packet time seen by the windowing stage (the vote stage's clock, nowUs, follows it). */
  private windowedUs = -Infinity;
  /** The vote stage: one link per batch or tick, in order. */
  private votes: Promise<void> = Promise.resolve();
  /** Groups the windowing stage dropped and the vote stage has not yet let go of. */
  private evictions: [ViewState, string][] = [];
  /** Milliseconds spent in each stage on this thread, for the stats line (a few clock reads per batch). */
  readonly stageMs = { featurize: 0, window: 0, vote: 0 };

  constructor(
    private readonly model: SensorModel,
    private readonly opts: SensorOptions,
    private readonly emit: (record: EveRecord) => void,
  ) {
    if (model.views.length === 0) throw new Error('the model has no view');
    const names = new Set(model.views.map((v) => v.name));
    if (names.size !== model.views.length)
      throw new Error(`views must have different names (got ${model.views.map((v) => v.name).join(', ')})`);
    this.incidents = new IncidentTracker(
      opts.quietUs,
      (i, at) => this.opened(i, at),
      (i, reason) => this.closed(i, reason),
      (i, previous, at) => this.reclassified(i, previous, at),
    );
    // Views whose windows have the same shape share their slots: one memory budget however many views run.
    const pools = new Map<string, GroupPools>();
    const featurizers = new Map<string, StreamFeaturizer>();
    const cap = Math.min(opts.maxGroups, 2 ** 31 - 1);
    this.views = model.views.map((view) => {
      if (view.classifier.classes !== model.classes.length)
        throw new Error(
          `view ${view.name}: the classifier gives ${view.classifier.classes} classes, the model lists ${model.classes.length}`,
        );
      const shape = `${view.size}x${view.featureSpec.packet.length}`;
      let p = pools.get(shape);
      if (!p) {
        p = groupPools(view.size, view.featureSpec.packet.length, cap);
        pools.set(shape, p);
      }
      // Flow and pair memories do not depend on the grouping: one per feature spec, whatever the views.
      const spec = JSON.stringify(view.featureSpec);
      let f = featurizers.get(spec);
      if (!f) {
        f = new StreamFeaturizer(view.featureSpec, cap);
        featurizers.set(spec, f);
      }
      const state: ViewState = {
        view,
        featurizer: f,
        voter: new GroupVoter(view.vote, model.classes.length),
        windows: 0,
        firing: 0,
        pairLimit: pairLimitOf(view.key, opts.combine ?? DEFAULT_VIEW_COMBINE),
        // One budget: the views' group tables share their slots, and their group memories split the cap.
        windower: new StreamWindower(
          view.featureSpec,
          view.key,
          view.size,
          view.normaliser,
          {
            maxGroups: opts.maxGroups,
            idleUs: opts.idleUs,
            stride: opts.stride,
            featurizerCap: Math.max(1, Math.ceil(opts.maxGroups / model.views.length)),
          },
          (g) => {
            this.evictions.push([state, g]);
          },
          p,
          f,
        ),
      };
      return state;
    });
  }

  /**
   * Windows a batch in every view and hands the windows to the classifiers; resolves once the batch's votes are
   * done and its alerts emitted. Batches may be given before the previous one resolves: they vote in order.
   */
  process(table: PacketTable): Promise<void> {
    if (table.rowCount === 0) return this.votes;
    const cols = this.timed('featurize', () => packetColumns(table));
    this.packets += cols.rows;
    // Each featurizer runs once per batch; its views write their group feature into the rows in turn.
    const rows = new Map<StreamFeaturizer, Float32Array>();
    // Per view and window: its last packet's host-pair packets, for the gated views (read now: the next
    // batch's featurizer run reuses the array).
    const pairs: (Float64Array | null)[] = [];
    const batches = this.views.map((v) => {
      let feats = rows.get(v.featurizer);
      if (!feats) {
        feats = this.timed('featurize', () => v.featurizer.run(cols));
        rows.set(v.featurizer, feats);
      }
      const f = feats;
      const b = this.timed('window', () => v.windower.push(cols, f));
      const counts = v.featurizer.pairPackets;
      pairs.push(v.pairLimit < Infinity ? Float64Array.from(b.endRows, (r) => counts[r]) : null);
      return b;
    });
    const lruEvicted = this.evictions.splice(0);
    const last = cols.timeUs[cols.rows - 1];
    if (last > this.windowedUs) this.windowedUs = last;
    for (const v of this.views) v.windower.evictIdle(this.windowedUs);
    const idleEvicted = this.evictions.splice(0);
    const now = this.windowedUs;
    // Started now, not in the vote stage: a classifier on another thread works while the next batch is windowed.
    const probs = Promise.all(
      this.views.map((v, k) =>
        batches[k].n > 0 ? classifyWindows(v.view.classifier, batches[k].inputs) : new Float32Array(0),
      ),
    );
    // A classifier that fails (its thread stopped) fails the votes below; until they await it, it is not unhandled.
    probs.catch(() => {});
    this.votes = this.votes.then(async () => {
      const p = await probs;
      const votedFrom = performance.now();
      this.letGo(lruEvicted);
      for (let k = 0; k < this.views.length; k++) this.views[k].windows += batches[k].n;
      // Votes in packet order across views, so an incident opens at its earliest firing window.
      const at = new Int32Array(this.views.length);
      for (;;) {
        let pick = -1;
        for (let k = 0; k < this.views.length; k++) {
          if (at[k] < batches[k].n && (pick < 0 || batches[k].endRows[at[k]] < batches[pick].endRows[at[pick]]))
            pick = k;
        }
        if (pick < 0) break;
        this.vote(this.views[pick], batches[pick], p[pick], pairs[pick], at[pick]++, table, cols);
      }
      this.letGo(idleEvicted);
      if (now > this.nowUs) this.nowUs = now;
      this.incidents.closeQuiet(this.nowUs);
      this.stageMs.vote += performance.now() - votedFrom;
    });
    return this.votes;
  }

  /** Time passes (the wall clock on a quiet live link): idle groups go, quiet alerts close. */
  tick(nowUs: number): Promise<void> {
    if (nowUs > this.windowedUs) this.windowedUs = nowUs;
    for (const v of this.views) v.windower.evictIdle(this.windowedUs);
    const evicted = this.evictions.splice(0);
    const now = this.windowedUs;
    this.votes = this.votes.then(() => {
      this.letGo(evicted);
      if (now > this.nowUs) this.nowUs = now;
      this.incidents.closeQuiet(this.nowUs);
    });
    return this.votes;
  }

  /** Waits for every batch given, then closes every open alert (shutdown). */
  async flush(reason: CloseReason = 'shutdown'): Promise<void> {
    await this.votes;
    this.letGo(this.evictions.splice(0));
    this.incidents.closeAll(reason);
  }

  private timed<T>(stage: 'featurize' | 'window', run: () => T): T {
    const t = performance.now();
    const out = run();
    this.stageMs[stage] += performance.now() - t;
    return out;
  }

  private letGo(evicted: readonly [ViewState, string][]): void {
    for (const [v, g] of evicted) {
      v.voter.forget(g);
      this.incidents.evicted(v.view.name, g);
    }
  }

  counts(): SensorCounts {
    let windows = 0,
      groups = 0,
      evicted = 0,
      remembered = 0;
    const views: Record<string, { windows: number; firing: number; groups: number }> = {};
    for (const f of new Set(this.views.map((v) => v.featurizer))) remembered += f.remembered;
    for (const v of this.views) {
      windows += v.windows;
      groups += v.windower.groups;
      evicted += v.windower.evicted;
      remembered += v.windower.remembered;
      views[v.view.name] = { windows: v.windows, firing: v.firing, groups: v.windower.groups };
    }
    return {
      packets: this.packets,
      windows,
      alerts: this.alerts,
      openAlerts: this.incidents.size,
      groups,
      evicted,
      remembered,
      views,
    };
  }

  private vote(
    v: ViewState,
    b: WindowBatch,
    probs: Float32Array,
    pairs: Float64Array | null,
    i: number,
    table: PacketTable,
    cols: PacketColumns,
  ): void {
    const C = this.model.classes.length;
    let best = 0;
    for (let c = 1; c < C; c++) if (probs[i * C + c] > probs[i * C + best]) best = c;
    const g = b.groups[i];
    const t = b.endUs[i];
    const spread = pairs === null || pairs[i] < v.pairLimit;
    const vote = v.voter.push(g, spread && (this.model.malicious[best] ?? false), best, t, probs, i * C);
    if (!vote.firing) return;
    v.firing++;
    const facts = {
      classId: vote.topClass,
      atUs: t,
      groupPackets: b.groupPackets[i],
      score: vote.score,
      malicious: vote.malicious,
      votes: vote.votes,
    };
    if (this.incidents.refire(v.view.name, g, facts)) return;
    const r = b.endRows[i];
    const endpoints = (): Endpoints => endpointsOf(table, cols, r);
    this.incidents.fire({
      ...facts,
      view: v.view.name,
      group: g,
      hosts: hostsOf(v.view.key, cols, r),
      describe: () => describeGroup(v.view.key, endpoints()),
      endpoints,
    });
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
    this.emit(alertRecord(atUs, i.endpoints, this.facts(i), this.opts.iface));
  }

  private reclassified(i: Incident, previous: number, atUs: number): void {
    this.alerts++;
    const was = this.model.classes[previous] ?? `class ${previous}`;
    this.emit(
      alertRecord(atUs, i.endpoints, this.facts(i), this.opts.iface, {
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
      const size = this.views.find((v) => v.view.name === m.view)?.view.size ?? 1;
      packets = Math.max(packets, m.packetsNow - m.packetsAtOpen + size);
    }
    this.emit(
      closingRecord(
        i.endpoints,
        { ...this.facts(i), startUs: i.startUs, endUs: i.lastUs, packets, windows: i.windows, peak: i.peak, reason },
        this.opts.iface,
      ),
    );
  }
}

/** The host keys a view's group stands for (what incidents are merged on). */
function hostsOf(key: GroupKey, c: PacketColumns, r: number): number[] {
  const side = HOST_VIEWS[key];
  const out: number[] = [];
  if ((side === 'both' || side === 'src') && !Number.isNaN(c.src[r])) out.push(c.src[r]);
  if ((side === 'both' || side === 'dst') && !Number.isNaN(c.dst[r])) out.push(c.dst[r]);
  return out;
}

/** A view's group in words, from the addresses of one of its packets. */
export function describeGroup(key: GroupKey, ep: Endpoints): string {
  const src = ep.srcIp ?? '(no address)';
  const dst = ep.destIp ?? '(no address)';
  const port = (ip: string, p: number | null): string => (p === null ? ip : `${ip}:${p}`);
  switch (key) {
    case 'pair':
      return `hosts ${src} and ${dst}`;
    case 'flow':
      return `${ep.proto ?? 'flow'} ${port(src, ep.srcPort)} and ${port(dst, ep.destPort)}`;
    case 'src':
      return `source ${src}, any destination`;
    case 'dst':
      return `destination ${dst}, any source`;
    case 'none':
      return 'all traffic, in capture order';
    default: {
      const never: never = key;
      return String(never);
    }
  }
}
