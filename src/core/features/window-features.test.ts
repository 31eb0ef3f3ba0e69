/**
 * windowFeaturesOf counts with preallocated tallies instead of Sets and Maps: held here to the plain Set/Map
 * code it replaced (kept below as the reference), bit for bit, on many random windows.
 */
import { describe, expect, it } from 'vitest';
import {
  windowFeaturesOf,
  windowValueArrays,
  WINDOW_WIDTH,
  type WindowValueArrays,
  type WindowValues,
} from './window-features.ts';

/** The Set/Map implementation windowFeaturesOf had, unchanged. */
function referenceWindowFeatures(v: WindowValues, n: number, out: Float32Array, at: number): void {
  const dstPorts = new Set<number>();
  const srcPorts = new Set<number>();
  const dstHosts = new Set<number>();
  const srcHosts = new Set<number>();
  const servicePorts = new Set<number>();
  const clientPorts = new Set<number>();
  const seen = new Map<number, number>();
  for (let k = 0; k < n; k++) {
    const dp = v.dstPort[k];
    const sp = v.srcPort[k];
    if (!Number.isNaN(dp)) seen.set(dp, (seen.get(dp) ?? 0) + 1);
    if (!Number.isNaN(sp)) seen.set(sp, (seen.get(sp) ?? 0) + 1);
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
    dstPorts.add(!Number.isNaN(dp) ? dp : -1);
    srcPorts.add(!Number.isNaN(sp) ? sp : -1);
    if (!Number.isNaN(dp) && !Number.isNaN(sp)) {
      const dWell = dp < 1024;
      const dServes =
        dWell !== sp < 1024
          ? dWell
          : (seen.get(dp) ?? 0) !== (seen.get(sp) ?? 0)
            ? (seen.get(dp) ?? 0) > (seen.get(sp) ?? 0)
            : dp <= sp;
      servicePorts.add(dServes ? dp : sp);
      clientPorts.add(dServes ? sp : dp);
    } else {
      servicePorts.add(-1);
      clientPorts.add(-1);
    }
    dstHosts.add(!Number.isNaN(dh) ? dh : -1e12);
    srcHosts.add(!Number.isNaN(sh) ? sh : -1e12);
    const pk = !Number.isNaN(dp) ? dp : -1;
    portCounts.set(pk, (portCounts.get(pk) ?? 0) + 1);
    const sz = !Number.isNaN(len) ? Math.floor(len / 16) : -1;
    sizeCounts.set(sz, (sizeCounts.get(sz) ?? 0) + 1);
    const f = v.tcpFlags[k];
    if (!Number.isNaN(f) && f & 0x02) {
      syn++;
      if (f & 0x10) synAck++;
    }
    const pl = v.payload[k];
    if (!Number.isNaN(pl) && pl > 0) withPayload++;
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
  out[i++] = n > 1 ? Math.log1p((((n - 1) * 1e6) / Math.max(span, 1)) * ((n - withPayload) / n)) / 14 : 0;
}

function entropy(counts: Map<number, number>, n: number): number {
  let h = 0;
  for (const k of counts.values()) {
    const p = k / n;
    h -= p * Math.log2(p);
  }
  return h;
}

/** A small deterministic generator (mulberry32), so a failure repeats. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One of `choices`, or NaN (missing) now and then: few choices, so windows repeat values as real ones do. */
function pick(rand: () => number, choices: readonly number[], missing = 0.15): number {
  return rand() < missing ? NaN : choices[Math.floor(rand() * choices.length)];
}

const PORTS = [0, 22, 53, 80, 443, 1023, 1024, 3000, 3001, 5000, 40000, 65535];
const HOSTS = [0, 1, 167772161, 167772162, 3232235777, -1e12, -123456789, -(2 ** 53)];
const LENGTHS = [0, 15, 16, 42, 60, 64, 1500, 9000, 54.5];
const FLAGS = [0, 0x02, 0x12, 0x10, 0x18, 0x11, 0x04, 0x3f];

function randomWindow(rand: () => number, n: number): WindowValueArrays {
  const v = windowValueArrays(n);
  let t = rand() * 1e12;
  for (let k = 0; k < n; k++) {
    v.dstPort[k] = pick(rand, PORTS);
    v.srcPort[k] = pick(rand, PORTS);
    v.dst[k] = pick(rand, HOSTS);
    v.src[k] = pick(rand, HOSTS);
    v.frameLen[k] = pick(rand, LENGTHS);
    v.tcpFlags[k] = pick(rand, FLAGS, 0.3);
    v.payload[k] = pick(rand, [0, 0, 1, 18, 1460], 0.2);
    // Mostly rising times, now and then equal or earlier (out of order), rarely missing.
    t += rand() < 0.2 ? 0 : rand() < 0.1 ? -rand() * 1e4 : Math.floor(rand() * 1e6);
    v.timeUs[k] = rand() < 0.02 ? NaN : t;
  }
  return v;
}

describe('windowFeaturesOf without Sets or Maps', () => {
  it('gives exactly what the Set/Map code gave, on many random windows', () => {
    const rand = random(12345);
    for (let trial = 0; trial < 5000; trial++) {
      const n = 1 + (trial % 12);
      const v = randomWindow(rand, n);
      const at = trial % 3;
      const got = new Float32Array(WINDOW_WIDTH + 3).fill(7);
      const want = new Float32Array(WINDOW_WIDTH + 3).fill(7);
      windowFeaturesOf(v, n, got, at);
      referenceWindowFeatures(v, n, want, at);
      expect(got).toEqual(want);
      // Bit for bit, -0 and NaN included.
      expect(new Uint32Array(got.buffer)).toEqual(new Uint32Array(want.buffer));
    }
  });

  it('gives the same on long windows, after short ones (its scratch grows)', () => {
    const rand = random(99);
    for (const n of [3, 255, 1, 40, 255, 7]) {
      const v = randomWindow(rand, n);
      const got = new Float32Array(WINDOW_WIDTH);
      const want = new Float32Array(WINDOW_WIDTH);
      windowFeaturesOf(v, n, got, 0);
      referenceWindowFeatures(v, n, want, 0);
      expect(got).toEqual(want);
    }
  });

  it('reads plain arrays too (WindowValues is array-like)', () => {
    const v: WindowValues = {
      dstPort: [80, 80, NaN],
      srcPort: [3000, 3001, 53],
      dst: [1, 1, NaN],
      src: [2, 2, 2],
      frameLen: [60, 1500, NaN],
      tcpFlags: [2, 18, NaN],
      timeUs: [0, 100, 250],
      payload: [0, 1460, NaN],
    };
    const got = new Float32Array(WINDOW_WIDTH);
    const want = new Float32Array(WINDOW_WIDTH);
    windowFeaturesOf(v, 3, got, 0);
    referenceWindowFeatures(v, 3, want, 0);
    expect(got).toEqual(want);
  });
});
