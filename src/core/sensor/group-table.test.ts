import { describe, expect, it } from 'vitest';
import { packetColumns, type PacketColumns } from '../features/packet-columns.ts';
import { CsvBatcher } from './csv-batcher.ts';
import { evictIdle, GroupTable, groupPools, NONE } from './group-table.ts';

/** Group names of these tests, each a source host (10.0.x.y by its index): the table groups by source. */
const names: string[] = [];
const index = new Map<string, number>();
const hostOf = (name: string): string => {
  let i = index.get(name);
  if (i === undefined) {
    i = names.push(name) - 1;
    index.set(name, i);
  }
  return `10.0.${i >> 8}.${i & 255}`;
};
/** The name of a group the table reports (its source host's number, as group-key.ts writes it). */
const nameOf = (g: string): string => names[Number(g) - (10 << 24)];

/** Packets of the given groups at the given times (seconds); packet i has frame.len = 100 + i, so rings can be read back. */
function columns(groups: readonly string[], times: readonly number[]): PacketColumns {
  const b = new CsvBatcher();
  b.push(
    new TextEncoder().encode(
      `frame.time_epoch,frame.len,ip.src\n${times.map((t, i) => `${t},${100 + i},${hostOf(groups[i])}\n`).join('')}`,
    ),
  );
  b.end();
  const table = b.take().table;
  if (!table) throw new Error('no rows');
  return packetColumns(table);
}

/** Feeds `groups[i]` packet i (features: [i, -i]); returns what add returned for each. */
function feed(t: GroupTable, groups: readonly string[], times: readonly number[] = groups.map((_, i) => i)): number[] {
  const c = columns(groups, times);
  const feats = Float32Array.from(groups.flatMap((_, i) => [i, -i]));
  return groups.map((_, i) => t.add(c, i, feats, 2 * i));
}

const ring = (t: GroupTable, s: number): number[] =>
  Array.from({ length: t.steps }, (_, k) => t.page(s).feats[2 * t.oldestFirst(s, k)]);
const ringLens = (t: GroupTable, s: number): number[] =>
  Array.from({ length: t.steps }, (_, k) => t.page(s).vals.frameLen[t.oldestFirst(s, k)] - 100);

describe('GroupTable', () => {
  it("keeps a group's first packet aside and gives it a ring, oldest first, from its second", () => {
    const t = new GroupTable(groupPools(3, 2, 10), 'src');
    const got = feed(t, ['a', 'b', 'a', 'a', 'a', 'a']);
    expect(got[0]).toBe(NONE);
    expect(got[1]).toBe(NONE);
    const s = got[2];
    expect(s).toBeGreaterThanOrEqual(0);
    expect(got.slice(3)).toEqual([s, s, s]);
    expect(t.packetsOf(s)).toBe(5);
    expect(ring(t, s)).toEqual([3, 4, 5]);
    expect(ringLens(t, s)).toEqual([3, 4, 5]);
    expect(t.size).toBe(2);
    expect(t.withRing).toBe(1);
    // The first packet moved into the ring with its features and values.
    const u = new GroupTable(groupPools(3, 2, 10), 'src');
    const [, s2] = feed(u, ['x', 'x']);
    expect(ring(u, s2).slice(1)).toEqual([0, 1]);
    expect(ringLens(u, s2).slice(1)).toEqual([0, 1]);
  });

  it('evicts the least recently seen ring when full, tells whom, and starts an evicted group afresh', () => {
    const gone: string[] = [];
    const t = new GroupTable(groupPools(2, 2, 2), 'src', (g: string) => gone.push(nameOf(g)));
    feed(t, ['a', 'a', 'b', 'b', 'a', 'c', 'c']);
    expect(gone).toEqual(['b']); // a was seen after b
    expect(t.withRing).toBe(2);
    const again = feed(t, ['b', 'b']);
    expect(again[0]).toBe(NONE);
    expect(t.packetsOf(again[1])).toBe(2);
    expect(gone).toEqual(['b', 'a']);
  });

  it('holds at most maxGroups one-packet groups, dropping the oldest silently (they had no window)', () => {
    const gone: string[] = [];
    const t = new GroupTable(groupPools(4, 2, 100), 'src', (g: string) => gone.push(nameOf(g)));
    feed(
      t,
      Array.from({ length: 1000 }, (_, i) => `flood${i}`),
    );
    expect(t.size).toBe(100);
    expect(t.evicted).toBe(900);
    expect(gone).toEqual([]);
    expect(feed(t, ['flood999'])[0]).toBeGreaterThanOrEqual(0); // still remembered: its second packet gets a ring
    expect(feed(t, ['flood0'])[0]).toBe(NONE); // forgotten
  });

  it('drops groups idle since a time, in both tiers', () => {
    const gone: string[] = [];
    const pools = groupPools(2, 2, 100);
    const t = new GroupTable(pools, 'src', (g: string) => gone.push(nameOf(g)));
    feed(t, ['a', 'a', 'b', 'b', 'lone', 'a'], [10, 11, 20, 21, 25, 40]);
    expect(evictIdle(pools, 30e6)).toBe(2);
    expect(gone).toEqual(['b']);
    expect(t.size).toBe(1);
    expect(evictIdle(pools, 30e6)).toBe(0);
    expect(evictIdle(pools, 41e6)).toBe(1);
    expect(gone).toEqual(['b', 'a']);
  });

  it('keeps rings apart across pages of slots', () => {
    const t = new GroupTable(groupPools(3, 2, 5000), 'src');
    const names = Array.from({ length: 4100 }, (_, g) => `g${g}`);
    const slots = feed(t, [...names, ...names]).slice(4100);
    expect(new Set(slots).size).toBe(4100);
    const more = feed(t, ['g0', 'g2049', 'g4099', 'g0']);
    expect(ring(t, slots[0])).toEqual([4100, 0, 3]);
    expect(ring(t, slots[2049])).toEqual([2049, 6149, 1]);
    expect(more[1]).toBe(slots[2049]);
  });

  it('with windows of one packet, gives every group a ring at once', () => {
    const t = new GroupTable(groupPools(1, 2, 10), 'src');
    expect(feed(t, ['a', 'b'])).toEqual([expect.any(Number), expect.any(Number)]);
    expect(feed(t, ['a'])[0]).toBeGreaterThanOrEqual(0);
  });

  it('refuses a cap below one', () => {
    expect(() => new GroupTable(groupPools(4, 2, 0), 'src')).toThrow(/at least 1/);
  });
});
