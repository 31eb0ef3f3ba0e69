/**
 * Alerts as incidents: one per attack, however many views of the traffic see it. A SYN flood from A against V
 * fires in the pair view (A-V), the source view (A) and the destination view (V); users want one alert that
 * lists the three, not three alerts. So a view's group that fires joins an open incident of the same class
 * when they share a host, and opens a new one only when none does.
 *
 * An incident opens with the first firing vote (an `alert` record), later firings only update it, and once no
 * member has fired for `quietUs` it closes (a closing record with duration, packets and peak score).
 * Shutdown closes what is open; eviction removes a member, and an incident left with none closes.
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
  readonly classId: number;
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

const memberKey = (classId: number, view: string, group: string): string => `${classId}\u0000${view}\u0000${group}`;
const hostKey = (classId: number, host: number): string => `${classId}\u0000${host}`;

export class IncidentTracker {
  private readonly open = new Map<number, Incident>();
  private readonly byMember = new Map<string, Incident>();
  private readonly byHost = new Map<string, Set<Incident>>();
  private nextId = 1;

  constructor(
    private readonly quietUs: number,
    private readonly onOpen: (i: Incident) => void,
    private readonly onClose: (i: Incident, reason: CloseReason) => void,
  ) {}

  get size(): number {
    return this.open.size;
  }

  /**
   * A view's group fired again within its open incident: updates it and returns true (the common case, a flood
   * fires at every window, so it builds no Firing); false when the group has no open incident of this class.
   */
  refire(view: string, group: string, f: Omit<Firing, 'view' | 'group' | 'hosts' | 'describe' | 'endpoints'>): boolean {
    const inc = this.byMember.get(memberKey(f.classId, view, group));
    if (!inc) return false;
    const member = inc.members.find((m) => m.view === view && m.group === group);
    if (!member) return false;
    this.update(inc, member, f);
    return true;
  }

  /** A view's group fired: updates its incident, joins one that shares a host, or opens one. */
  fire(f: Firing): Incident {
    let inc = this.byMember.get(memberKey(f.classId, f.view, f.group));
    let member = inc?.members.find((m) => m.view === f.view && m.group === f.group);
    if (!inc) {
      inc = this.sharingHost(f);
      member = { view: f.view, group: f.group, hosts: f.hosts, describe: f.describe(), packetsAtOpen: f.groupPackets, packetsNow: f.groupPackets, lastUs: f.atUs };
      if (!inc) {
        inc = { id: this.nextId++, classId: f.classId, startUs: f.atUs, lastUs: f.atUs, windows: 0, peak: f.score, score: f.score, malicious: f.malicious, votes: f.votes, endpoints: f.endpoints(), members: [member] };
        this.open.set(inc.id, inc);
        this.index(inc, member);
        this.update(inc, member, f);
        this.onOpen(inc);
        return inc;
      }
      inc.members.push(member);
      this.index(inc, member);
    }
    this.update(inc, member as Member, f);
    return inc;
  }

  /** Closes the incidents none of whose members fired since `nowUs - quietUs`. */
  closeQuiet(nowUs: number): void {
    for (const inc of this.open.values()) if (inc.lastUs < nowUs - this.quietUs) this.close(inc, 'timeout');
  }

  /** A view forgot a group: it leaves its incidents, and an incident left with no member closes. */
  evicted(view: string, group: string): void {
    for (const inc of [...this.open.values()]) {
      const i = inc.members.findIndex((m) => m.view === view && m.group === group);
      if (i < 0) continue;
      if (inc.members.length === 1) { this.close(inc, 'evicted'); continue; }
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
      for (const inc of this.byHost.get(hostKey(f.classId, h)) ?? []) if (!best || inc.lastUs > best.lastUs) best = inc;
    }
    return best;
  }

  private update(inc: Incident, m: Member, f: Pick<Firing, 'groupPackets' | 'atUs' | 'score' | 'malicious' | 'votes'>): void {
    m.packetsNow = f.groupPackets;
    m.lastUs = f.atUs;
    inc.lastUs = Math.max(inc.lastUs, f.atUs);
    inc.windows++;
    inc.peak = Math.max(inc.peak, f.score);
    inc.score = f.score;
    inc.malicious = f.malicious;
    inc.votes = f.votes;
  }

  private index(inc: Incident, m: Member): void {
    this.byMember.set(memberKey(inc.classId, m.view, m.group), inc);
    for (const h of m.hosts) {
      const k = hostKey(inc.classId, h);
      let set = this.byHost.get(k);
      if (!set) this.byHost.set(k, (set = new Set()));
      set.add(inc);
    }
  }

  private unindex(inc: Incident, m: Member): void {
    this.byMember.delete(memberKey(inc.classId, m.view, m.group));
    for (const h of m.hosts) {
      const k = hostKey(inc.classId, h);
      const set = this.byHost.get(k);
      if (!set) continue;
      // Another member may stand for the same host.
      if (!inc.members.some((o) => o.hosts.includes(h))) set.delete(inc);
      if (set.size === 0) this.byHost.delete(k);
    }
  }

  private close(inc: Incident, reason: CloseReason): void {
    this.open.delete(inc.id);
    for (const m of inc.members) {
      this.byMember.delete(memberKey(inc.classId, m.view, m.group));
      for (const h of m.hosts) {
        const k = hostKey(inc.classId, h);
        const set = this.byHost.get(k);
        set?.delete(inc);
        if (set?.size === 0) this.byHost.delete(k);
      }
    }
    this.onClose(inc, reason);
  }
}
