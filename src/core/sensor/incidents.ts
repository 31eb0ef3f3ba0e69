/**
 * Alerts as incidents: one per attack, however many views of the traffic see it and whatever classes their
 * votes name. A SYN flood from A against V fires in the pair view (A-V), the source view (A) and the
 * destination view (V), and an ICMP flood's first windows may read as a sweep in one view and a flood in
 * another; users want one alert, not six of four classes. So a view's group that fires joins an open incident
 * that shares a host with it, and opens a new one only when none does.
 *
 * An incident is named by the class most of its recent firing windows voted for (each window's weight halves
 * every CLASS_HALF_LIFE_US, and a class weighs CLASS_WEIGHT_CAP windows at most: a flood's hundred thousand
 * windows must not outvote the brute force that follows it on the same host seconds later). It opens with the first firing vote and is announced (an
 * `alert` record) once it has settled: SETTLE_WINDOWS firing windows, or SETTLE_US after it opened with at
 * least MIN_WINDOWS, so its record names what most windows say, not what the first vote guessed (a SYN flood
 * at a closed port reads as a brute force for its first few windows). One that never gathers MIN_WINDOWS
 * firing windows is never announced: a lone vote that passed for a moment on benign traffic (a burst of
 * automation) is no attack to wake anyone for. When another class comes to lead after that,
 * it says so (`onReclass`: a new record, so the next attack of another kind on the same host is alerted as
 * what it is). Once no member has
 * fired for `quietUs` it closes (a closing record with duration, packets and peak score). Shutdown closes what
 * is open; eviction removes a member, and an incident left with none closes.
 */
import type { Endpoints } from './endpoints.ts';

/** One view's group within an incident. */
export interface Member {
  readonly view: string;
  readonly group: string;
  /** Host keys the group stands for (both hosts of a pair, the source of a source group, ...). */
  readonly hosts: readonly number[];
  /** Words for the alert: "destination 10.20.30.101, any source". */
  readonly describe: string;
  readonly packetsAtOpen: number;
  packetsNow: number;
  lastUs: number;
}

export interface Incident {
  readonly id: number;
  /** When its alert record was written (null: not yet settled). */
  announcedUs: number | null;
  /** When it had MIN_WINDOWS firing windows (null: not yet). */
  enoughUs: number | null;
  /** The class most of its recent firing windows voted for (the earlier leader on ties). */
  classId: number;
  /** Firing windows per class id, each weighted by its age (halved every CLASS_HALF_LIFE_US), as of weighedUs. */
  readonly classWeights: Map<number, number>;
  weighedUs: number;
  readonly startUs: number;
  lastUs: number;
  /** Windows that fired, over all members. */
  windows: number;
  peak: number;
  score: number;
  malicious: number;
  votes: number;
  /** The packet that opened it (alert records' addresses). */
  readonly endpoints: Endpoints;
  /** In the order they joined; the first is the one that opened it. */
  readonly members: Member[];
}

export interface Firing {
  readonly view: string;
  readonly group: string;
  readonly hosts: readonly number[];
  readonly describe: () => string;
  readonly classId: number;
  readonly atUs: number;
  readonly groupPackets: number;
  readonly score: number;
  readonly malicious: number;
  readonly votes: number;
  readonly endpoints: () => Endpoints;
}

export type CloseReason = 'timeout' | 'shutdown' | 'evicted';

const memberKey = (view: string, group: string): string => `${view}\u0000${group}`;

/** How fast a class's firing windows lose their say in naming the incident. */
export const CLASS_HALF_LIFE_US = 3_000_000;
/** Two full votes' worth: enough that one stray window does not rename an attack. */
export const CLASS_WEIGHT_CAP = 10;
/** How far another class must lead before the incident is renamed: two classes near level do not flap. */
export const RENAME_MARGIN = 2;
/** A flood's first tenth of a second; a few windows of a brute force. */
export const SETTLE_WINDOWS = 16;
/** The longest an alert waits for its incident to settle. */
export const SETTLE_US = 1_000_000;
/** Firing windows an incident needs before it is announced at all. */
export const MIN_WINDOWS = 8;

export class IncidentTracker {
  private readonly open = new Map<number, Incident>();
  private readonly byMember = new Map<string, Incident>();
  private readonly byHost = new Map<number, Set<Incident>>();
  private nextId = 1;

  constructor(
    private readonly quietUs: number,
    /** The incident has settled: its alert record, at `atUs`. */
    private readonly onOpen: (i: Incident, atUs: number) => void,
    private readonly onClose: (i: Incident, reason: CloseReason) => void,
    /** Another class now leads the incident's windows (it was `previous`), at the firing `atUs`. */
    private readonly onReclass: (i: Incident, previous: number, atUs: number) => void = () => {},
  ) {}

  get size(): number {
    return this.open.size;
  }

  /**
   * A view's group fired again within its open incident: updates it and returns true (the common case, a flood
   * fires at every window, so it builds no Firing); false when the group has no open incident.
   */
  refire(view: string, group: string, f: Omit<Firing, 'view' | 'group' | 'hosts' | 'describe' | 'endpoints'>): boolean {
    const inc = this.current(this.byMember.get(memberKey(view, group)), f.atUs);
    if (!inc) return false;
    const member = inc.members.find((m) => m.view === view && m.group === group);
    if (!member) return false;
    this.update(inc, member, f);
    return true;
  }

  /** A view's group fired: updates its incident, joins one that shares a host, or opens one. */
  fire(f: Firing): Incident {
    let inc = this.current(this.byMember.get(memberKey(f.view, f.group)), f.atUs);
    let member = inc?.members.find((m) => m.view === f.view && m.group === f.group);
    if (!inc) {
      inc = this.sharingHost(f);
      member = {
        view: f.view,
        group: f.group,
        hosts: f.hosts,
        describe: f.describe(),
        packetsAtOpen: f.groupPackets,
        packetsNow: f.groupPackets,
        lastUs: f.atUs,
      };
      if (!inc) {
        inc = {
          id: this.nextId++,
          announcedUs: null,
          enoughUs: null,
          classId: f.classId,
          classWeights: new Map(),
          weighedUs: f.atUs,
          startUs: f.atUs,
          lastUs: f.atUs,
          windows: 0,
          peak: f.score,
          score: f.score,
          malicious: f.malicious,
          votes: f.votes,
          endpoints: f.endpoints(),
          members: [member],
        };
        this.open.set(inc.id, inc);
        this.index(inc, member);
        this.update(inc, member, f);
        return inc;
      }
      inc.members.push(member);
      this.index(inc, member);
    }
    this.update(inc, member as Member, f);
    return inc;
  }

  /** Announces the incidents open for SETTLE_US by `nowUs`; closes those none of whose members fired since `nowUs - quietUs`. */
  closeQuiet(nowUs: number): void {
    for (const inc of this.open.values()) {
      if (inc.announcedUs === null && inc.enoughUs !== null && nowUs >= inc.startUs + SETTLE_US)
        this.announce(inc, Math.max(inc.enoughUs, inc.startUs + SETTLE_US));
      if (inc.lastUs < nowUs - this.quietUs) this.close(inc, 'timeout');
    }
  }

  /** A view forgot a group: it leaves its incidents, and an incident left with no member closes. */
  evicted(view: string, group: string): void {
    for (const inc of [...this.open.values()]) {
      const i = inc.members.findIndex((m) => m.view === view && m.group === group);
      if (i < 0) continue;
      if (inc.members.length === 1) {
        this.close(inc, 'evicted');
        continue;
      }
      const [m] = inc.members.splice(i, 1);
      this.unindex(inc, m);
    }
  }

  closeAll(reason: CloseReason): void {
    for (const inc of [...this.open.values()]) this.close(inc, reason);
  }

  private sharingHost(f: Firing): Incident | undefined {
    let best: Incident | undefined;
    for (const h of f.hosts) {
      for (const inc of [...(this.byHost.get(h) ?? [])]) {
        if (this.current(inc, f.atUs) && (!best || inc.lastUs > best.lastUs)) best = inc;
      }
    }
    return best;
  }

  /**
   * `inc`, unless it has been quiet for longer than quietUs by `atUs`: then it is closed first. The sensor
   * closes quiet incidents between batches; a firing later in the same batch must not revive one, or how
   * many alerts an attack raises would depend on where the input was cut.
   */
  private current(inc: Incident | undefined, atUs: number): Incident | undefined {
    if (!inc || inc.lastUs >= atUs - this.quietUs) return inc;
    this.close(inc, 'timeout');
    return undefined;
  }

  private update(
    inc: Incident,
    m: Member,
    f: Pick<Firing, 'classId' | 'groupPackets' | 'atUs' | 'score' | 'malicious' | 'votes'>,
  ): void {
    m.packetsNow = f.groupPackets;
    m.lastUs = f.atUs;
    inc.lastUs = Math.max(inc.lastUs, f.atUs);
    inc.windows++;
    inc.peak = Math.max(inc.peak, f.score);
    if (f.atUs > inc.weighedUs) {
      const decay = 0.5 ** ((f.atUs - inc.weighedUs) / CLASS_HALF_LIFE_US);
      for (const [c, w] of inc.classWeights) inc.classWeights.set(c, w * decay);
      inc.weighedUs = f.atUs;
    }
    const w = Math.min(CLASS_WEIGHT_CAP, (inc.classWeights.get(f.classId) ?? 0) + 1);
    inc.classWeights.set(f.classId, w);
    const previous = inc.classId;
    if (f.classId !== previous && w > (inc.classWeights.get(previous) ?? 0) + RENAME_MARGIN) inc.classId = f.classId;
    // The record speaks for the incident's class: the vote of a firing that names another leaves it.
    if (f.classId === inc.classId) {
      inc.score = f.score;
      inc.malicious = f.malicious;
      inc.votes = f.votes;
    }
    if (inc.windows === MIN_WINDOWS) inc.enoughUs = f.atUs;
    if (inc.announcedUs === null) {
      if (inc.windows >= SETTLE_WINDOWS) this.announce(inc, f.atUs);
      else if (inc.enoughUs !== null && f.atUs >= inc.startUs + SETTLE_US)
        this.announce(inc, Math.max(inc.enoughUs, inc.startUs + SETTLE_US));
    } else if (inc.classId !== previous) this.onReclass(inc, previous, f.atUs);
  }

  private announce(inc: Incident, atUs: number): void {
    inc.announcedUs = atUs;
    this.onOpen(inc, atUs);
  }

  private index(inc: Incident, m: Member): void {
    this.byMember.set(memberKey(m.view, m.group), inc);
    for (const h of m.hosts) {
      let set = this.byHost.get(h);
      if (!set) {
        set = new Set();
        this.byHost.set(h, set);
      }
      set.add(inc);
    }
  }

  private unindex(inc: Incident, m: Member): void {
    this.byMember.delete(memberKey(m.view, m.group));
    for (const h of m.hosts) {
      const set = this.byHost.get(h);
      if (!set) continue;
      // Another member may stand for the same host.
      if (!inc.members.some((o) => o.hosts.includes(h))) set.delete(inc);
      if (set.size === 0) this.byHost.delete(h);
    }
  }

  private close(inc: Incident, reason: CloseReason): void {
    // Closed before it settled: its alert is written now, from what it saw, if it saw enough.
    if (inc.announcedUs === null && inc.enoughUs !== null)
      this.announce(inc, Math.max(inc.enoughUs, Math.min(inc.lastUs, inc.startUs + SETTLE_US)));
    this.open.delete(inc.id);
    for (const m of inc.members) {
      this.byMember.delete(memberKey(m.view, m.group));
      for (const h of m.hosts) {
        const set = this.byHost.get(h);
        set?.delete(inc);
        if (set?.size === 0) this.byHost.delete(h);
      }
    }
    if (inc.announcedUs !== null) this.onClose(inc, reason);
  }
}
