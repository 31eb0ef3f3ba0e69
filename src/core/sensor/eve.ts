/**
 * Alert records as Suricata EVE JSON, so tools that read Suricata's alerts read ours. Suricata's schema
 * allows no keys of our own, so the model's words go where it has room: the class in alert.signature,
 * alert.category and traffic.label, score and votes in alert.metadata (arrays of strings, as Suricata writes
 * rule metadata), with the views that saw the incident and each one's group in words. An alert opens
 * with an `alert` record; when it has been quiet it closes with a `flow`
 * record (flow.alerted, start, end, age) carrying the same alert object with the duration, packets and peak.
 * schemas/eve-alert.schema.json describes exactly these records.
 */
import type { Endpoints } from './endpoints.ts';

/** Suricata's local-rule range; signature_id = base + class id. */
export const SIGNATURE_ID_BASE = 9_100_000;
export const GENERATOR_ID = 1;

export interface EveAlertObject {
  readonly action: 'allowed';
  readonly gid: number;
  readonly signature_id: number;
  readonly rev: number;
  readonly signature: string;
  readonly category: string;
  readonly severity: number;
  readonly metadata: Readonly<Record<string, readonly string[]>>;
}

export interface EveRecord {
  readonly timestamp: string;
  readonly flow_id: number;
  readonly event_type: 'alert' | 'flow';
  readonly src_ip?: string;
  readonly src_port?: number;
  readonly dest_ip?: string;
  readonly dest_port?: number;
  readonly proto?: string;
  readonly in_iface?: string;
  readonly alert: EveAlertObject;
  readonly flow?: {
    readonly start: string;
    readonly end: string;
    readonly age: number;
    readonly state: 'closed';
    readonly reason: 'timeout' | 'shutdown' | 'evicted';
    readonly alerted: true;
  };
  readonly traffic: { readonly label: readonly string[] };
}

/** Everything an alert record says, beyond where and when. */
export interface AlertFacts {
  /** Names the incident for flow_id (stable for the view and group that opened it). */
  readonly flowKey: string;
  /** The views that saw it, and each one's group in words, in the order they joined. */
  readonly views: readonly string[];
  readonly groups: readonly string[];
  readonly classId: number;
  readonly className: string;
  readonly score: number;
  readonly malicious: number;
  readonly votes: number;
}

export interface ClosingFacts extends AlertFacts {
  readonly startUs: number;
  readonly endUs: number;
  readonly packets: number;
  readonly windows: number;
  readonly peak: number;
  readonly reason: 'timeout' | 'shutdown' | 'evicted';
}

/** Suricata's timestamp: local-time text with a numeric offset; we write UTC as +0000, to the microsecond. */
export function eveTimestamp(us: number): string {
  const whole = Math.floor(us);
  const ms = Math.floor(whole / 1000);
  const iso = new Date(ms).toISOString(); // 2026-11-22T20:12:33.952Z
  const micros = String(((whole % 1_000_000) + 1_000_000) % 1_000_000).padStart(6, '0');
  return `${iso.slice(0, 19)}.${micros}+0000`;
}

/** The instant of an EVE timestamp in µs since the epoch (any numeric offset), NaN when it is not one. */
export function eveTimeUs(ts: string): number {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,6})\d*)?([+-])(\d{2}):?(\d{2})$/.exec(ts);
  if (!m) return NaN;
  const [, whole, frac = '', sign, hh, mm] = m;
  const offsetMin = (sign === '-' ? -1 : 1) * (Number(hh) * 60 + Number(mm));
  const s = Date.parse(`${whole}Z`) / 1000 - offsetMin * 60;
  return s * 1e6 + Number(frac.padEnd(6, '0'));
}

/** A positive 53-bit id for a group, stable for its key (Suricata's flow_id is an opaque integer). */
export function flowIdOf(group: string): number {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < group.length; i++) {
    const ch = group.charCodeAt(i);
    a = Math.imul(a ^ ch, 0x01000193);
    b = Math.imul(b ^ ch, 0x5bd1e995) ^ (b >>> 13);
  }
  return (a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff) + 1;
}

/** `extra`: metadata beyond the facts' (a reclassified incident's phase and previous class). */
export function alertRecord(
  at: number,
  ep: Endpoints,
  f: AlertFacts,
  iface?: string,
  extra: Record<string, string[]> = {},
): EveRecord {
  return { ...head(at, ep, f, iface, 'alert'), alert: alertObject(f, extra), traffic: { label: [f.className] } };
}

export function closingRecord(ep: Endpoints, f: ClosingFacts, iface?: string): EveRecord {
  const durationS = Math.max(0, (f.endUs - f.startUs) / 1e6);
  return {
    ...head(f.endUs, ep, f, iface, 'flow'),
    flow: {
      start: eveTimestamp(f.startUs),
      end: eveTimestamp(f.endUs),
      age: Math.round(durationS),
      state: 'closed',
      reason: f.reason,
      alerted: true,
    },
    alert: alertObject(f, {
      phase: ['closed'],
      duration_s: [durationS.toFixed(3)],
      packets: [String(f.packets)],
      windows: [String(f.windows)],
      peak_score: [f.peak.toFixed(4)],
    }),
    traffic: { label: [f.className] },
  };
}

function head(
  at: number,
  ep: Endpoints,
  f: AlertFacts,
  iface: string | undefined,
  eventType: 'alert' | 'flow',
): Omit<EveRecord, 'alert' | 'traffic'> {
  return {
    timestamp: eveTimestamp(at),
    flow_id: flowIdOf(f.flowKey),
    ...(iface ? { in_iface: iface } : {}),
    event_type: eventType,
    ...(ep.srcIp !== null ? { src_ip: ep.srcIp } : {}),
    ...(ep.srcPort !== null ? { src_port: ep.srcPort } : {}),
    ...(ep.destIp !== null ? { dest_ip: ep.destIp } : {}),
    ...(ep.destPort !== null ? { dest_port: ep.destPort } : {}),
    ...(ep.proto !== null ? { proto: ep.proto } : {}),
  };
}

function alertObject(f: AlertFacts, extra: Record<string, string[]>): EveAlertObject {
  return {
    action: 'allowed',
    gid: GENERATOR_ID,
    signature_id: SIGNATURE_ID_BASE + f.classId,
    rev: 1,
    signature: `NIDS model: ${f.className} (score ${f.score.toFixed(2)}, ${f.malicious}/${f.votes} windows)`,
    category: `Model class ${f.className}`,
    severity: 2,
    metadata: {
      model_class: [f.className],
      score: [f.score.toFixed(4)],
      votes: [`${f.malicious}/${f.votes}`],
      views: [...f.views],
      group: [...f.groups],
      ...extra,
    },
  };
}
