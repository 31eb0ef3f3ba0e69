/**
 * Features of a whole window, appended to each of its steps: how many different ports, services and hosts it
 * touches (scans and sweeps against floods), how varied its ports and sizes are, how fast its packets come, its SYN share
 * (floods), and how many of its packets carry payload and how fast the empty ones come (floods of any protocol). Computed from the window's own packets, so a group's identity never enters.
 *
 * One function reads the window's plain values (WindowValues); training gathers them from table columns
 * (windowFeatures), the sensor from its per-group rings, so both compute the very same numbers.
 */
import { payloadOf, type PacketColumns } from './packet-columns.ts';

export const WINDOW_WIDTH = 14;

/** What window features read of each packet, oldest first (NaN = missing). */
export interface WindowValues {
  readonly dstPort: ArrayLike<number>;
  readonly srcPort: ArrayLike<number>;
  readonly dst: ArrayLike<number>;
  readonly src: ArrayLike<number>;
  readonly frameLen: ArrayLike<number>;
  readonly tcpFlags: ArrayLike<number>;
  readonly timeUs: ArrayLike<number>;
  /** Layer-4 payload bytes (payloadOf). */
  readonly payload: ArrayLike<number>;
}

export type WindowValueArrays = { [K in keyof WindowValues]: Float64Array };

export function windowValueArrays(n: number): WindowValueArrays {
  return {
    dstPort: new Float64Array(n), srcPort: new Float64Array(n), dst: new Float64Array(n), src: new Float64Array(n),
    frameLen: new Float64Array(n), tcpFlags: new Float64Array(n), timeUs: new Float64Array(n), payload: new Float64Array(n),
  };
}

/** Copies slot `from` of `src` into slot `to` of `dst` (the sensor's rings into a window, oldest first). */
export function copyWindowValues(src: WindowValueArrays, from: number, dst: WindowValueArrays, to: number): void {
  // Spelled out: this runs for every packet of every window the sensor classifies.
  dst.dstPort[to] = src.dstPort[from];
  dst.srcPort[to] = src.srcPort[from];
  dst.dst[to] = src.dst[from];
  dst.src[to] = src.src[from];
  dst.frameLen[to] = src.frameLen[from];
  dst.tcpFlags[to] = src.tcpFlags[from];
  dst.timeUs[to] = src.timeUs[from];
  dst.payload[to] = src.payload[from];
}

/** Copies row r of `c` into slot k of `v`. */
export function gatherWindowValues(c: PacketColumns, r: number, v: WindowValueArrays, k: number): void {
  v.dstPort[k] = c.dstPort[r];
  v.srcPort[k] = c.srcPort[r];
  v.dst[k] = c.dst[r];
  v.src[k] = c.src[r];
  v.frameLen[k] = c.frameLen[r];
  v.tcpFlags[k] = c.tcpFlags[r];
  v.timeUs[k] = c.timeUs[r];
  v.payload[k] = payloadOf(c, r);
}

/** Writes WINDOW_WIDTH values for the rows order[start .. start + n) of `c` at out[at..]. */
export function windowFeatures(c: PacketColumns, order: ArrayLike<number>, start: number, n: number, out: Float32Array, at: number, scratch: WindowValueArrays = windowValueArrays(n)): void {
  for (let k = 0; k < n; k++) gatherWindowValues(c, order[start + k], scratch, k);
  windowFeaturesOf(scratch, n, out, at);
}

/** Writes WINDOW_WIDTH values for the first n packets of `v` at out[at..]. */
export function windowFeaturesOf(v: WindowValues, n: number, out: Float32Array, at: number): void {
  const dstPorts = new Set<number>();
  const srcPorts = new Set<number>();
  const dstHosts = new Set<number>();
  const srcHosts = new Set<number>();
  // The service side of a packet's two ports: the well-known one when only one is (< 1024), else the one this
  // window repeats more (ties: the lower). A flood hits one service from many client ports, whatever the
  // port (53 or 5000); a scan many services (from one port, or many for a connect scan).
  const servicePorts = new Set<number>();
  const clientPorts = new Set<number>();
  const seen = new Map<number, number>();
  for (let k = 0; k < n; k++) {
    const dp = v.dstPort[k];
    const sp = v.srcPort[k];
    if (dp === dp) seen.set(dp, (seen.get(dp) ?? 0) + 1);
    if (sp === sp) seen.set(sp, (seen.get(sp) ?? 0) + 1);
  }
  const portCounts = new Map<number, number>();
  const sizeCounts = new Map<number, number>();
  let syn = 0;
  let synAck = 0;
  let withPayload = 0;
  let t0 = Infinity;
  let t1 = -Infinity;
  for (let k = 0; k < n; k++) {
    const dp = v.dstPort[k];
    const sp = v.srcPort[k];
    const dh = v.dst[k];
    const sh = v.src[k];
    const len = v.frameLen[k];
    dstPorts.add(dp === dp ? dp : -1);
    srcPorts.add(sp === sp ? sp : -1);
    if (dp === dp && sp === sp) {
      const dWell = dp < 1024;
      const dServes = dWell !== sp < 1024 ? dWell : (seen.get(dp) ?? 0) !== (seen.get(sp) ?? 0) ? (seen.get(dp) ?? 0) > (seen.get(sp) ?? 0) : dp <= sp;
      servicePorts.add(dServes ? dp : sp);
      clientPorts.add(dServes ? sp : dp);
    } else {
      servicePorts.add(-1);
      clientPorts.add(-1);
    }
    dstHosts.add(dh === dh ? dh : -1e12);
    srcHosts.add(sh === sh ? sh : -1e12);
    const pk = dp === dp ? dp : -1;
    portCounts.set(pk, (portCounts.get(pk) ?? 0) + 1);
    const sz = len === len ? Math.floor(len / 16) : -1;
    sizeCounts.set(sz, (sizeCounts.get(sz) ?? 0) + 1);
    const f = v.tcpFlags[k];
    if (f === f && f & 0x02) { syn++; if (f & 0x10) synAck++; }
    const pl = v.payload[k];
    if (pl === pl && pl > 0) withPayload++;
    const t = v.timeUs[k];
    if (t < t0) t0 = t;
    if (t > t1) t1 = t;
  }
  const norm = n > 1 ? Math.log2(n) : 1;
  const span = t1 - t0;
  let i = at;
  out[i++] = dstPorts.size / n;
  out[i++] = srcPorts.size / n;
  out[i++] = dstHosts.size / n;
  out[i++] = srcHosts.size / n;
  out[i++] = entropy(portCounts, n) / norm;
  out[i++] = entropy(sizeCounts, n) / norm;
  out[i++] = n > 1 ? Math.log1p(((n - 1) * 1e6) / Math.max(span, 1)) / 14 : 0;
  out[i++] = syn / n;
  out[i++] = syn > 0 ? synAck / syn : 0;
  out[i++] = Math.log1p(Math.max(span, 0)) / 20;
  out[i++] = servicePorts.size / n;
  out[i++] = clientPorts.size / n;
  out[i++] = withPayload / n;
  // Packets without payload per second: a flood's, whatever its protocol (rate-like: time-scaled in augment.ts).
  out[i++] = n > 1 ? Math.log1p((((n - 1) * 1e6) / Math.max(span, 1)) * ((n - withPayload) / n)) / 14 : 0;
}

function entropy(counts: Map<number, number>, n: number): number {
  let h = 0;
  for (const k of counts.values()) { const p = k / n; h -= p * Math.log2(p); }
  return h;
}
