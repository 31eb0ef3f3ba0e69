/**
 * Shards on the committed slice of lab-a, as the sensor's CsvBatcher reads it: every group of every view on
 * one shard for S in 1, 2, 3, 8, the same shards however the stream is batched, a split near even, and the
 * per-packet features a pair shard computes equal to one featurizer's over the whole capture.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { featureSpec } from '../features/feature-spec.ts';
import { GROUP_GAP_FEATURE } from '../features/featurizer.ts';
import { flowKey, groupKeyOf, pairKey, type GroupKey } from '../features/group-key.ts';
import { packetColumns, type PacketColumns } from '../features/packet-columns.ts';
import { CsvBatcher } from '../sensor/csv-batcher.ts';
import { StreamFeaturizer } from '../sensor/stream-featurizer.ts';
import { FEATURES_KEY, hashNumbers, routeKeyOf, shardsOf } from './shard-route.ts';

const CSV = readFileSync('fixtures/capture/lab-a-slice.csv');
const VIEWS: readonly GroupKey[] = ['pair', 'src', 'dst', 'flow', 'none'];
const SHARDS = [1, 2, 3, 8];

/** The slice's packet columns, one per batch taken every `batchBytes` of input. */
function batchColumns(batchBytes: number): PacketColumns[] {
  const b = new CsvBatcher();
  const out: PacketColumns[] = [];
  const take = (): void => {
    const t = b.take().table;
    if (t) out.push(packetColumns(t));
  };
  for (let at = 0; at < CSV.length; at += 16_384) {
    b.push(CSV.subarray(at, at + 16_384));
    if (b.pendingBytes >= batchBytes) take();
  }
  b.end();
  take();
  return out;
}

/** The rows `rows` of `c`, in order, as columns of their own (what one shard is given). */
function pick(c: PacketColumns, rows: readonly number[]): PacketColumns {
  const f = (a: Float64Array): Float64Array => Float64Array.from(rows, (r) => a[r]);
  return {
    rows: rows.length,
    timeUs: f(c.timeUs),
    frameLen: f(c.frameLen),
    ipLen: f(c.ipLen),
    ttl: f(c.ttl),
    ipProto: f(c.ipProto),
    tcpFlags: f(c.tcpFlags),
    tcpLen: f(c.tcpLen),
    tcpWin: f(c.tcpWin),
    tcpSeq: f(c.tcpSeq),
    tcpAck: f(c.tcpAck),
    tcpStream: f(c.tcpStream),
    srcPort: f(c.srcPort),
    dstPort: f(c.dstPort),
    icmpType: f(c.icmpType),
    isArp: Uint8Array.from(rows, (r) => c.isArp[r]),
    ethGroup: f(c.ethGroup),
    src: f(c.src),
    dst: f(c.dst),
    srcMac: f(c.srcMac),
    dstMac: f(c.dstMac),
  };
}

describe('shard routes', () => {
  const [whole] = batchColumns(Number.POSITIVE_INFINITY);

  it('puts every group of every view on exactly one shard', () => {
    expect(whole.rows).toBe(3570);
    for (const view of VIEWS)
      for (const S of SHARDS) {
        const shards = shardsOf(whole, routeKeyOf(view), S);
        const where = new Map<string, Set<number>>();
        for (let r = 0; r < whole.rows; r++) {
          const g = groupKeyOf(whole, r, view);
          const set = where.get(g) ?? new Set<number>();
          set.add(shards[r]);
          where.set(g, set);
        }
        for (const [g, set] of where) expect(set.size, `${view} group ${g}, ${S} shards`).toBe(1);
        expect(Math.max(...shards)).toBeLessThan(S);
      }
  });

  it('gives the same shards on another run, however the stream is batched', () => {
    const parts = batchColumns(65_536);
    expect(parts.length).toBeGreaterThan(5);
    for (const view of VIEWS) {
      const once = shardsOf(whole, view, 8);
      const again = Uint32Array.from(parts.flatMap((c) => [...shardsOf(c, view, 8)]));
      expect(again, view).toEqual(once);
    }
    // The hash itself is pinned: a fleet's machines must agree with each other and with older versions.
    expect([hashNumbers(new Float64Array(0), 0), hashNumbers(Float64Array.of(1, Number.NaN), 2)]).toEqual(PINNED);
  });

  it('splits the slice near evenly (packets per shard, max / mean)', () => {
    const lines: string[] = [];
    for (const view of VIEWS) {
      const cells: string[] = [];
      for (const S of SHARDS) {
        const shards = shardsOf(whole, routeKeyOf(view), S);
        const load = new Array<number>(S).fill(0);
        for (const s of shards) load[s]++;
        const ratio = Math.max(...load) / (whole.rows / S);
        cells.push(`S=${S} ${ratio.toFixed(2)}`);
        if (view === 'none' || S === 1) continue;
        // No shard holds more than its share plus the largest group it is routed by (groups are not split).
        const sizes = new Map<string, number>();
        for (let r = 0; r < whole.rows; r++) {
          const g = groupKeyOf(whole, r, routeKeyOf(view));
          sizes.set(g, (sizes.get(g) ?? 0) + 1);
        }
        expect(Math.max(...load), `${view}, ${S} shards`).toBeLessThanOrEqual(
          whole.rows / S + Math.max(...sizes.values()),
        );
      }
      const biggest = new Map<string, number>();
      for (let r = 0; r < whole.rows; r++) {
        const g = groupKeyOf(whole, r, routeKeyOf(view));
        biggest.set(g, (biggest.get(g) ?? 0) + 1);
      }
      const top = Math.max(...biggest.values()) / whole.rows;
      // The best any split can do: the largest group alone on a shard.
      const best = SHARDS.map((S) => Math.max(1, top * S).toFixed(2)).join(', ');
      lines.push(
        `${view} (by ${routeKeyOf(view)}, ${biggest.size} groups, largest ${(100 * top).toFixed(0)}%): ` +
          `${cells.join(', ')} (best possible ${best})`,
      );
    }
    console.log(`shard balance on lab-a's slice (max/mean packets per shard)\n  ${lines.join('\n  ')}`);
  });

  it('spreads many groups evenly: a random-source flood of 65,536 sources over 8 shards', () => {
    const n = 65_536;
    const src = Float64Array.from({ length: n }, (_, i) => 0x0a000000 + i * 7919);
    const c = { ...pick(whole, []), rows: n, src, dst: new Float64Array(n).fill(0xc0a80101) };
    for (const key of ['src', 'pair'] as const) {
      const load = new Array<number>(8).fill(0);
      for (const s of shardsOf(c, key, 8)) load[s]++;
      const ratio = Math.max(...load) / (n / 8);
      console.log(`${key} view, 65,536 sources on 8 shards: max/mean ${ratio.toFixed(3)}`);
      expect(ratio).toBeLessThan(1.05);
    }
  });

  it('keeps every flow inside one pair, so pair shards see whole flows', () => {
    const pairOf = new Map<string, string>();
    for (let r = 0; r < whole.rows; r++) {
      const f = flowKey(whole, r);
      const p = pairKey(whole, r);
      expect(pairOf.get(f) ?? p, f).toBe(p);
      pairOf.set(f, p);
    }
    expect(routeKeyOf('flow')).toBe(FEATURES_KEY);
  });

  it('computes on each pair shard the per-packet features one featurizer computes over all', () => {
    const spec = featureSpec();
    const one = new StreamFeaturizer(spec, 1 << 20);
    const all = one.run(whole).slice(0, whole.rows * one.width);
    const counts = one.pairPackets.slice(0, whole.rows);
    const shards = shardsOf(whole, FEATURES_KEY, 3);
    let differ = 0;
    for (let s = 0; s < 3; s++) {
      const rows = [...shards.keys()].filter((r) => shards[r] === s);
      const f = new StreamFeaturizer(spec, 1 << 20);
      const part = f.run(pick(whole, rows));
      rows.forEach((r, i) => {
        for (let k = 0; k < f.width; k++)
          if (k !== GROUP_GAP_FEATURE)
            expect(part[i * f.width + k], `row ${r} feature ${k}`).toBe(all[r * f.width + k]);
        // The gate's pair counts agree except where an ARP frame counts under its MACs' IP pair (see the file).
        if (f.pairPackets[i] !== counts[r]) differ++;
      });
    }
    console.log(`pair counts that differ on pair shards: ${differ} of ${whole.rows}`);
    expect(differ).toBeLessThanOrEqual(whole.isArp.reduce((n, a) => n + a, 0));
  });
});

const PINNED = [3954623016, 2956600459];
