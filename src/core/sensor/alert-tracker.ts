/**
 * One open alert per group and class: the first firing vote opens it (an `alert` record), later firing votes
 * only update it, and once it has not fired for `quietUs` it closes (a closing record with duration, packets
 * and peak score). Shutdown and eviction close what is open, so no alert is left without its end.
 */
import type { Endpoints } from './endpoints.ts';

export interface OpenAlert {
  readonly group: string;
  readonly classId: number;
  readonly startUs: number;
  lastUs: number;
  /** The group's packet count when it opened, and at its latest firing window. */
  readonly packetsAtOpen: number;
  packetsNow: number;
  windows: number;
  peak: number;
  score: number;
  malicious: number;
  votes: number;
  endpoints: Endpoints;
}

export type CloseReason = 'timeout' | 'shutdown' | 'evicted';

export class AlertTracker {
  private readonly open = new Map<string, OpenAlert>();

  constructor(private readonly quietUs: number, private readonly onClose: (a: OpenAlert, reason: CloseReason) => void) {}

  get size(): number {
    return this.open.size;
  }

  get(group: string, classId: number): OpenAlert | undefined {
    return this.open.get(keyOf(group, classId));
  }

  add(a: OpenAlert): void {
    this.open.set(keyOf(a.group, a.classId), a);
  }

  /** Closes the alerts that have not fired since `nowUs - quietUs`. */
  closeQuiet(nowUs: number): void {
    for (const [k, a] of this.open) if (a.lastUs < nowUs - this.quietUs) this.close(k, a, 'timeout');
  }

  closeGroup(group: string, reason: CloseReason): void {
    for (const [k, a] of this.open) if (a.group === group) this.close(k, a, reason);
  }

  closeAll(reason: CloseReason): void {
    for (const [k, a] of this.open) this.close(k, a, reason);
  }

  private close(k: string, a: OpenAlert, reason: CloseReason): void {
    this.open.delete(k);
    this.onClose(a, reason);
  }
}

const keyOf = (group: string, classId: number): string => `${classId}\u0000${group}`;
