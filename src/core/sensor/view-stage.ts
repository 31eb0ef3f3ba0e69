/**
 * The sensor's per-group half: each view's windows (StreamWindower), its classifier and its votes (GroupVoter),
 * all views' groups in one budget of slots. What comes out of a batch is a list of firing votes in packet order
 * and the groups let go of (VoteEvents), which the incident half (IncidentStage) turns into alerts.
 *
 * The split is what lets a fleet shard the sensor (src/core/fleet): a worker runs a ViewStage on the groups of
 * its shards, and one IncidentStage merges every worker's events batch by batch, as the single sensor does.
 * Rows come per view (ViewRows), so a worker hands each view only its own groups' packets; `order` gives each
 * row's place in the capture's batch, the order votes are taken in across views.
 */
import type { GroupKey } from '../features/group-key.ts';
import type { PacketColumns } from '../features/packet-columns.ts';
import { GroupVoter } from '../detect/vote.ts';
import { DEFAULT_VIEW_COMBINE, pairLimitOf } from '../detect/view-combine.ts';
import { classifyWindows } from './classifier.ts';
import type { Endpoints } from './endpoints.ts';
import { groupPools, type GroupPools } from './group-table.ts';
import type { Firing } from './incidents.ts';
import type { SensorModel, SensorOptions, SensorView } from './sensor.ts';
import { StreamFeaturizer } from './stream-featurizer.ts';
import { StreamWindower, type WindowBatch } from './stream-windower.ts';

/** One batch's packets as one view takes them (the single sensor gives every view the same). */
export interface ViewRows {
  readonly cols: PacketColumns;
  /** Per-packet feature rows (StreamFeaturizer.run) of the view's spec; its group features are written here. */
  readonly feats: Float32Array;
  /** Per row: the packets its host pair has had so far (PairCounter), what the spread views' gate reads. */
  readonly pairPackets: ArrayLike<number>;
  /** Per row: its place in the capture's batch (null: its own index). */
  readonly order: ArrayLike<number> | null;
  /** Row r's addresses, for an alert record. */
  endpoints(r: number): Endpoints;
}

/** A firing vote, with the row that ended its window (its place in the capture's batch). */
export interface ViewFiring extends Firing {
  readonly row: number;
  readonly viewIndex: number;
}

/** What a batch's votes did, in the order the incident half must apply them. */
export interface VoteEvents {
  /** Groups dropped for room while the batch was windowed: let go of before its votes. */
  readonly lru: readonly (readonly [string, string])[];
  readonly firings: readonly ViewFiring[];
  /** Groups idle too long: let go of after the votes. */
  readonly idle: readonly (readonly [string, string])[];
  /** The clock after the batch (its latest packet time, or later). */
  readonly nowUs: number;
}

/** A batch windowed in every view, waiting for its classifications. */
export interface Windowed {
  readonly rows: readonly ViewRows[];
  readonly batches: readonly WindowBatch[];
  /** Per view and window: its last packet's host-pair packets, for the gated views. */
  readonly pairs: readonly (Float64Array | null)[];
  readonly lru: readonly (readonly [ViewState, string])[];
  readonly idle: readonly (readonly [ViewState, string])[];
  readonly nowUs: number;
}

interface ViewState {
  readonly view: SensorView;
  readonly index: number;
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

export class ViewStage {
  private readonly views: ViewState[];
  /** One per distinct feature spec, in the views' order: what the single sensor runs on each batch. */
  readonly featurizers: StreamFeaturizer[] = [];
  /** Per view: its featurizer's index in `featurizers`. */
  readonly featurizerOf: number[] = [];
  /** Latest packet time seen (idle groups are measured against it). */
  private windowedUs = -Infinity;
  /** Groups the windowers dropped and the vote stage has not yet let go of. */
  private evictions: [ViewState, string][] = [];
  readonly stageMs = { window: 0, vote: 0 };

  constructor(
    private readonly model: SensorModel,
    opts: SensorOptions,
  ) {
    if (model.views.length === 0) throw new Error('the model has no view');
    const names = new Set(model.views.map((v) => v.name));
    if (names.size !== model.views.length)
      throw new Error(`views must have different names (got ${model.views.map((v) => v.name).join(', ')})`);
    // Views whose windows have the same shape share their slots: one memory budget however many views run.
    const pools = new Map<string, GroupPools>();
    const sets = featureSetsOf(model.views);
    const cap = Math.min(opts.maxGroups, 2 ** 31 - 1);
    this.views = model.views.map((view, index) => {
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
      const f = sets[index];
      if (f === this.featurizers.length) this.featurizers.push(new StreamFeaturizer(view.featureSpec, cap));
      this.featurizerOf.push(f);
      const state: ViewState = {
        view,
        index,
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
          this.featurizers[f],
        ),
      };
      return state;
    });
  }

  /** Windows a batch in every view (rows[k] for view k), then drops groups idle as of its last packet `lastUs`. */
  window(rows: readonly ViewRows[], lastUs: number): Windowed {
    const t = performance.now();
    const pairs: (Float64Array | null)[] = [];
    const batches = this.views.map((v, k) => {
      const b = v.windower.push(rows[k].cols, rows[k].feats);
      // Read now: the next batch's featurizer run reuses the array.
      const counts = rows[k].pairPackets;
      pairs.push(v.pairLimit < Infinity ? Float64Array.from(b.endRows, (r) => counts[r]) : null);
      return b;
    });
    const lru = this.evictions.splice(0);
    if (lastUs > this.windowedUs) this.windowedUs = lastUs;
    for (const v of this.views) v.windower.evictIdle(this.windowedUs);
    const idle = this.evictions.splice(0);
    this.stageMs.window += performance.now() - t;
    return { rows, batches, pairs, lru, idle, nowUs: this.windowedUs };
  }

  /** Time passes with no packet (a quiet live link): idle groups go. */
  tick(nowUs: number): Windowed {
    if (nowUs > this.windowedUs) this.windowedUs = nowUs;
    for (const v of this.views) v.windower.evictIdle(this.windowedUs);
    const idle = this.evictions.splice(0);
    return { rows: [], batches: [], pairs: [], lru: [], idle, nowUs: this.windowedUs };
  }

  /** Starts classifying a windowed batch (on another thread, where the classifiers run there). */
  classify(w: Windowed): Promise<Float32Array[]> {
    return Promise.all(
      this.views.map((v, k) =>
        w.batches[k] && w.batches[k].n > 0
          ? classifyWindows(v.view.classifier, w.batches[k].inputs)
          : new Float32Array(0),
      ),
    );
  }

  /** The batch's votes, in packet order across views, with the groups let go of before and after them. */
  vote(w: Windowed, probs: readonly Float32Array[]): VoteEvents {
    const t = performance.now();
    const lru = this.letGo(w.lru);
    const firings: ViewFiring[] = [];
    const b = w.batches;
    for (let k = 0; k < b.length; k++) this.views[k].windows += b[k].n;
    const at = new Int32Array(b.length);
    const placeOf = (k: number): number => {
      const r = b[k].endRows[at[k]];
      const order = w.rows[k].order;
      return order === null ? r : order[r];
    };
    for (;;) {
      let pick = -1;
      let place = 0;
      for (let k = 0; k < b.length; k++) {
        if (at[k] >= b[k].n) continue;
        const p = placeOf(k);
        if (pick < 0 || p < place) {
          pick = k;
          place = p;
        }
      }
      if (pick < 0) break;
      const f = this.voteOne(this.views[pick], w, probs[pick], at[pick]++, place);
      if (f) firings.push(f);
    }
    const idle = this.letGo(w.idle);
    this.stageMs.vote += performance.now() - t;
    return { lru, firings, idle, nowUs: w.nowUs };
  }

  /** Groups dropped from now on (the end of a run): let go of them too. */
  drain(): readonly (readonly [string, string])[] {
    return this.letGo(this.evictions.splice(0));
  }

  counts(): {
    windows: number;
    groups: number;
    evicted: number;
    remembered: number;
    views: Record<string, { windows: number; firing: number; groups: number }>;
  } {
    let windows = 0,
      groups = 0,
      evicted = 0,
      remembered = 0;
    const views: Record<string, { windows: number; firing: number; groups: number }> = {};
    for (const f of this.featurizers) remembered += f.remembered;
    for (const v of this.views) {
      windows += v.windows;
      groups += v.windower.groups;
      evicted += v.windower.evicted;
      remembered += v.windower.remembered;
      views[v.view.name] = { windows: v.windows, firing: v.firing, groups: v.windower.groups };
    }
    return { windows, groups, evicted, remembered, views };
  }

  private letGo(evicted: readonly (readonly [ViewState, string])[]): [string, string][] {
    return evicted.map(([v, g]) => {
      v.voter.forget(g);
      return [v.view.name, g];
    });
  }

  private voteOne(v: ViewState, w: Windowed, probs: Float32Array, i: number, place: number): ViewFiring | null {
    const C = this.model.classes.length;
    const b = w.batches[v.index];
    const pairs = w.pairs[v.index];
    let best = 0;
    for (let c = 1; c < C; c++) if (probs[i * C + c] > probs[i * C + best]) best = c;
    const g = b.groups[i];
    const t = b.endUs[i];
    const spread = pairs === null || pairs[i] < v.pairLimit;
    const vote = v.voter.push(g, spread && (this.model.malicious[best] ?? false), best, t, probs, i * C);
    if (!vote.firing) return null;
    v.firing++;
    const rows = w.rows[v.index];
    const r = b.endRows[i];
    const key = v.view.key;
    return {
      row: place,
      viewIndex: v.index,
      view: v.view.name,
      group: g,
      classId: vote.topClass,
      atUs: t,
      groupPackets: b.groupPackets[i],
      score: vote.score,
      malicious: vote.malicious,
      votes: vote.votes,
      hosts: hostsOf(key, rows.cols, r),
      describe: () => describeGroup(key, rows.endpoints(r)),
      endpoints: () => rows.endpoints(r),
    };
  }
}

/**
 * Per view, its feature set: flow and pair memories do not depend on the grouping, so views with one feature
 * spec share one featurizer and one set of rows (numbered in the views' order).
 */
export function featureSetsOf(views: readonly Pick<SensorView, 'featureSpec'>[]): number[] {
  const sets = new Map<string, number>();
  return views.map((v) => {
    const spec = JSON.stringify(v.featureSpec);
    let f = sets.get(spec);
    if (f === undefined) {
      f = sets.size;
      sets.set(spec, f);
    }
    return f;
  });
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
