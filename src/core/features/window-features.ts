/**
 * Features of a whole window, appended to each of its steps: how many different ports and hosts it touches
 * (scans and sweeps), how varied its ports and sizes are, how fast its packets come, and its SYN share
 * (floods). Computed from the window's own rows, so a group's identity never enters.
 */
import type { PacketColumns } from './packet-columns.ts';

export const WINDOW_WIDTH = 10;

/** Writes WINDOW_WIDTH values for the rows order[start .. start + n) at out[at..]. */
export function windowFeatures(c: PacketColumns, order: ArrayLike<number>, start: number, n: number, out: Float32Array, at: number): void {
  const dstPorts = new Set<number>();
  const srcPorts = new Set<number>();
  const dstHosts = new Set<number>();
  const srcHosts = new Set<number>();
  const portCounts = new Map<number, number>();
  const sizeCounts = new Map<number, number>();
  let syn = 0;
  let synAck = 0;
  let t0 = Infinity;
  let t1 = -Infinity;
  for (let k = 0; k < n; k++) {
    const r = order[start + k];
    const dp = c.dstPort[r];
    dstPorts.add(dp === dp ? dp : -1);
    srcPorts.add(c.srcPort[r] === c.srcPort[r] ? c.srcPort[r] : -1);
    dstHosts.add(c.dst[r] === c.dst[r] ? c.dst[r] : -1e12);
    srcHosts.add(c.src[r] === c.src[r] ? c.src[r] : -1e12);
    const pk = dp === dp ? dp : -1;
    portCounts.set(pk, (portCounts.get(pk) ?? 0) + 1);
    const sz = c.frameLen[r] === c.frameLen[r] ? Math.floor(c.frameLen[r] / 16) : -1;
    sizeCounts.set(sz, (sizeCounts.get(sz) ?? 0) + 1);
    const f = c.tcpFlags[r];
    if (f === f && f & 0x02) { syn++; if (f & 0x10) synAck++; }
    const t = c.timeUs[r];
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
}

function entropy(counts: Map<number, number>, n: number): number {
  let h = 0;
  for (const k of counts.values()) { const p = k / n; h -= p * Math.log2(p); }
  return h;
}
