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
 *
 * The per-group work (windows, classifiers, votes) is ViewStage's and the merging into incidents is
 * IncidentStage's: a fleet (src/core/fleet) runs the first on many workers and the second once, in this order.
 */
import type { PacketTable } from '../table/packet-table.ts';
import type { FeatureSpec } from '../features/feature-spec.ts';
import type { GroupKey } from '../features/group-key.ts';
import { packetColumns } from '../features/packet-columns.ts';
import type { Normaliser } from '../features/samples.ts';
import type { VoteRule } from '../detect/vote.ts';
import type { ViewCombine } from '../detect/view-combine.ts';
import type { Manifest } from '../model/bundle.ts';
import type { WindowClassifier } from './classifier.ts';
import { endpointsOf, type Endpoints } from './endpoints.ts';
import type { EveRecord } from './eve.ts';
import { IncidentStage } from './incident-stage.ts';
import type { CloseReason } from './incidents.ts';
import { ViewStage, type ViewRows } from './view-stage.ts';

export { describeGroup } from './view-stage.ts';

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

export class Sensor {
  private readonly stage: ViewStage;
  private readonly incidents: IncidentStage;
  private packets = 0;
  /** The vote stage: one link per batch or tick, in order. */
  private votes: Promise<void> = Promise.resolve();
  private readonly featureMs = { featurize: 0 };

  constructor(model: SensorModel, opts: SensorOptions, emit: (record: EveRecord) => void) {
    this.stage = new ViewStage(model, opts);
    this.incidents = new IncidentStage(model, opts.quietUs, emit, opts.iface);
  }

  /** Milliseconds spent in each stage on this thread, for the stats line (a few clock reads per batch). */
  get stageMs(): { featurize: number; window: number; vote: number } {
    return { featurize: this.featureMs.featurize, window: this.stage.stageMs.window, vote: this.stage.stageMs.vote };
  }

  /**
   * Windows a batch in every view and hands the windows to the classifiers; resolves once the batch's votes are
   * done and its alerts emitted. Batches may be given before the previous one resolves: they vote in order.
   */
  process(table: PacketTable): Promise<void> {
    if (table.rowCount === 0) return this.votes;
    const t = performance.now();
    const cols = packetColumns(table);
    this.packets += cols.rows;
    // Each featurizer runs once per batch; its views write their group feature into the rows in turn.
    const feats = this.stage.featurizers.map((f) => f.run(cols));
    const pairPackets = this.stage.featurizers[0].pairPackets;
    this.featureMs.featurize += performance.now() - t;
    const endpoints = (r: number): Endpoints => endpointsOf(table, cols, r);
    const rows = this.stage.featurizerOf.map(
      (f): ViewRows => ({ cols, feats: feats[f], pairPackets, order: null, endpoints }),
    );
    const windowed = this.stage.window(rows, cols.timeUs[cols.rows - 1]);
    // Started now, not in the vote stage: a classifier on another thread works while the next batch is windowed.
    const probs = this.stage.classify(windowed);
    // A classifier that fails (its thread stopped) fails the votes below; until they await it, it is not unhandled.
    probs.catch(() => {});
    this.votes = this.votes.then(async () => {
      const p = await probs;
      this.incidents.apply(this.stage.vote(windowed, p));
    });
    return this.votes;
  }

  /** Time passes (the wall clock on a quiet live link): idle groups go, quiet alerts close. */
  tick(nowUs: number): Promise<void> {
    const windowed = this.stage.tick(nowUs);
    this.votes = this.votes.then(() => {
      this.incidents.apply(this.stage.vote(windowed, []));
    });
    return this.votes;
  }

  /** Waits for every batch given, then closes every open alert (shutdown). */
  async flush(reason: CloseReason = 'shutdown'): Promise<void> {
    await this.votes;
    this.incidents.letGo(this.stage.drain());
    this.incidents.closeAll(reason);
  }

  counts(): SensorCounts {
    const c = this.stage.counts();
    return {
      packets: this.packets,
      windows: c.windows,
      alerts: this.incidents.alerts,
      openAlerts: this.incidents.open,
      groups: c.groups,
      evicted: c.evicted,
      remembered: c.remembered,
      views: c.views,
    };
  }
}
