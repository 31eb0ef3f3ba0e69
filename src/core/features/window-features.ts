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
    dstPort: new Float64Array(n),
    srcPort: new Float64Array(n),
    dst: new Float64Array(n),
    src: new Float64Array(n),
    frameLen: new Float64Array(n),
    tcpFlags: new Float64Array(n),
    timeUs: new Float64Array(n),
    payload: new Float64Array(n),
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
export function windowFeatures(
  c: PacketColumns,
  order: ArrayLike<number>,
  start: number,
  n: number,
  out: Float32Array,
  at: number,
  scratch: WindowValueArrays = windowValueArrays(n),
): void {
  for (let k = 0; k < n; k++) gatherWindowValues(c, order[start + k], scratch, k);
  windowFeaturesOf(scratch, n, out, at);
}

/**
 * Distinct values of a window in the order first seen, with how often each occurs: what a Set's size or a
 * Map of counts gave, without one per window (this runs for every window the sensor classifies, and the Sets
 * and Maps were most of its time and garbage). Windows are short (usually 5 to 10 packets, at most 255), so
 * a linear scan beats hashing (measured: an open-addressed table was no faster at 10). Values are equal as a
 * Set's keys are, for the numbers put here (never NaN): ===.
 */
class Tally {
  values = new Float64Array(0);
  counts = new Int32Array(0);
  size = 0;

  /** Empties the tally, with room for `n` values. */
  reset(n: number): void {
    if (this.values.length < n) {
      this.values = new Float64Array(n);
      this.counts = new Int32Array(n);
    }
    this.size = 0;
  }

  /** Counts one more `v`; returns its index (in order first seen). */
  add(v: number): number {
    const values = this.values;
    const size = this.size;
    for (let j = 0; j < size; j++) {
      if (values[j] === v) {
        this.counts[j]++;
        return j;
      }
    }
    values[size] = v;
    this.counts[size] = 1;
    this.size = size + 1;
    return size;
  }

  /**
   * Shannon entropy (bits) of the counts over n, given entropyScaleOf(n).terms: summed in the order the values
   * were first seen, as the Map it replaced iterated, so the float sum is the same to the bit.
   */
  entropy(terms: Float64Array): number {
    const counts = this.counts;
    let h = 0;
    for (let j = 0; j < this.size; j++) h -= terms[counts[j]];
    return h;
  }
}

/**
 * The terms of an entropy over n packets, p · log2(p) for p = k / n at k (the very numbers the sum took,
 * without a log per value of every window), and what it is divided by: log2(n), or 1 for one packet.
 * Kept for the last n: it rarely changes (a view's windows all have one size).
 */
const entropyScale = { n: -1, terms: new Float64Array(0), norm: 1 };

function entropyScaleOf(n: number): typeof entropyScale {
  const e = entropyScale;
  if (n !== e.n) {
    if (e.terms.length < n + 1) e.terms = new Float64Array(n + 1);
    for (let k = 1; k <= n; k++) {
      const p = k / n;
      e.terms[k] = p * Math.log2(p);
    }
    e.norm = n > 1 ? Math.log2(n) : 1;
    e.n = n;
  }
  return e;
}

/** One set of tallies for every call: windowFeaturesOf runs to completion, never inside itself. */
const dstPorts = new Tally(); // the destination ports' counts double as their entropy's
const srcPorts = new Tally();
const dstHosts = new Tally();
const srcHosts = new Tally();
const servicePorts = new Tally();
const clientPorts = new Tally();
const sizes = new Tally();
/** Every present port of the window, either side: tallied only when a packet's two ports are on one side of 1024. */
const ports = new Tally();
/** Per packet: its dstPort's and srcPort's index in `ports` (-1: missing). */
let dstAt = new Int32Array(0);
let srcAt = new Int32Array(0);

/** Empty tallies with room for a window of n packets. */
function resetTallies(n: number): void {
  // Spelled out: a list of the tallies would be an allocation per window.
  dstPorts.reset(n);
  srcPorts.reset(n);
  dstHosts.reset(n);
  srcHosts.reset(n);
  servicePorts.reset(n);
  clientPorts.reset(n);
  sizes.reset(n);
  ports.reset(2 * n);
  if (dstAt.length < n) {
    dstAt = new Int32Array(n);
    srcAt = new Int32Array(n);
  }
}

/** How often each present port occurs in the window, either side (into `ports`, dstAt, srcAt). */
function tallyPorts(dstPort: ArrayLike<number>, srcPort: ArrayLike<number>, n: number): void {
  for (let k = 0; k < n; k++) {
    const dp = dstPort[k];
    const sp = srcPort[k];
    dstAt[k] = !Number.isNaN(dp) ? ports.add(dp) : -1;
    srcAt[k] = !Number.isNaN(sp) ? ports.add(sp) : -1;
  }
}

/**
 * Whether packet k's destination port dp (of its two present ports dp and sp) is its service side: the
 * well-known one when only one is (< 1024), else the one this window repeats more (ties: the lower). A flood
 * hits one service from many client ports, whatever the port (53 or 5000); a scan many services (from one
 * port, or many for a connect scan).
 */
function dstServes(v: WindowValues, n: number, k: number, dp: number, sp: number): boolean {
  const dWell = dp < 1024;
  if (dWell !== sp < 1024) return dWell;
  // The window's port counts, at its first packet that needs them (none may): never empty once tallied.
  if (ports.size === 0) tallyPorts(v.dstPort, v.srcPort, n);
  const dSeen = ports.counts[dstAt[k]];
  const sSeen = ports.counts[srcAt[k]];
  return dSeen !== sSeen ? dSeen > sSeen : dp <= sp;
}

/** Writes WINDOW_WIDTH values for the first n packets of `v` at out[at..]. */
export function windowFeaturesOf(v: WindowValues, n: number, out: Float32Array, at: number): void {
  resetTallies(n);
  const dstPort = v.dstPort;
  const srcPort = v.srcPort;
  const dst = v.dst;
  const src = v.src;
  const frameLen = v.frameLen;
  const tcpFlags = v.tcpFlags;
  const payload = v.payload;
  const timeUs = v.timeUs;
  let syn = 0;
  let synAck = 0;
  let withPayload = 0;
  let t0 = Infinity;
  let t1 = -Infinity;
  for (let k = 0; k < n; k++) {
    const dp = dstPort[k];
    const sp = srcPort[k];
    const dh = dst[k];
    const sh = src[k];
    const len = frameLen[k];
    dstPorts.add(!Number.isNaN(dp) ? dp : -1);
    srcPorts.add(!Number.isNaN(sp) ? sp : -1);
    if (!Number.isNaN(dp) && !Number.isNaN(sp)) {
      const dServes = dstServes(v, n, k, dp, sp);
      servicePorts.add(dServes ? dp : sp);
      clientPorts.add(dServes ? sp : dp);
    } else {
      servicePorts.add(-1);
      clientPorts.add(-1);
    }
    dstHosts.add(!Number.isNaN(dh) ? dh : -1e12);
    srcHosts.add(!Number.isNaN(sh) ? sh : -1e12);
    sizes.add(!Number.isNaN(len) ? Math.floor(len / 16) : -1);
    const f = tcpFlags[k];
    if (!Number.isNaN(f) && f & 0x02) {
      syn++;
      if (f & 0x10) synAck++;
    }
    const pl = payload[k];
    if (!Number.isNaN(pl) && pl > 0) withPayload++;
    const t = timeUs[k];
    if (t < t0) t0 = t;
    if (t > t1) t1 = t;
  }
  const { terms, norm } = entropyScaleOf(n);
  const span = t1 - t0;
  let i = at;
  out[i++] = dstPorts.size / n;
  out[i++] = srcPorts.size / n;
  out[i++] = dstHosts.size / n;
  out[i++] = srcHosts.size / n;
  out[i++] = dstPorts.entropy(terms) / norm;
  out[i++] = sizes.entropy(terms) / norm;
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
