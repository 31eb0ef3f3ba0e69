/**
 * A shard's batch survives the trip (from a Node Buffer at any offset, as a NATS message arrives), the cut
 * gives every view its own groups' rows on exactly one shard, and bad bytes are refused saying where.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PACKET_FIELDS, packetColumns } from '../features/packet-columns.ts';
import { endpointsOf } from '../sensor/endpoints.ts';
import { type FeatureSpec, featureSpec } from '../features/feature-spec.ts';
import { CsvBatcher } from '../sensor/csv-batcher.ts';
import type { PacketTable } from '../table/packet-table.ts';
import { decodeShardBatch, encodeShardBatch, ShardBatchError } from './shard-batch.ts';
import { ShardCutter } from './shard-cut.ts';
import { groupHash } from './shard-route.ts';

const CSV = readFileSync('fixtures/capture/lab-a-slice.csv');
const SPEC: FeatureSpec = featureSpec();
const VIEWS = (['pair', 'src', 'dst'] as const).map((key) => ({ key, featureSpec: SPEC }));

function table(): PacketTable {
  const b = new CsvBatcher();
  b.push(CSV);
  b.end();
  const t = b.take().table;
  if (!t) throw new Error('the slice gave no table');
  return t;
}

/** `bytes` as a NATS client hands a message over: a Buffer into a bigger pool, at an odd offset. */
function asMessage(bytes: Uint8Array): Uint8Array {
  const pool = Buffer.alloc(bytes.length + 13);
  pool.set(bytes, 5);
  return pool.subarray(5, 5 + bytes.length);
}

describe('shard batches', () => {
  const t = table();
  const S = 3;
  const cut = new ShardCutter(VIEWS, { shards: S, maxGroups: 32_000, idleUs: 60e6 }).cut(t);

  it('gives each view each packet on exactly one shard, the shard of its group', () => {
    const cols = packetColumns(t);
    expect(cut.map((b) => b.shard)).toEqual([0, 1, 2]);
    VIEWS.forEach((v, k) => {
      const seen = new Array<number>(t.rowCount).fill(0);
      for (const b of cut) {
        for (const r of b.views[k]) {
          const row = b.order[r];
          seen[row]++;
          expect(groupHash(cols, row, v.key) % S).toBe(b.shard);
        }
      }
      expect(seen.every((n) => n === 1)).toBe(true);
    });
    for (const b of cut) expect(b.lastUs).toBe(t.timeUs[t.rowCount - 1]);
  });

  it('comes back as it went, read from a message buffer', () => {
    for (const b of cut) {
      const back = decodeShardBatch(asMessage(encodeShardBatch(b)));
      expect(back.batch).toBe(b.batch);
      expect(back.shard).toBe(b.shard);
      expect(back.lastUs).toBe(b.lastUs);
      expect(back.maxUs).toBe(b.maxUs);
      expect(back.table.rowCount).toBe(b.table.rowCount);
      expect(back.table.timeUs).toEqual(b.table.timeUs.subarray(0, b.table.rowCount));
      expect(back.order).toEqual(b.order);
      expect(back.views).toEqual(b.views);
      expect(back.memory).toEqual(b.memory);
    }
  });

  it('says what is wrong with bad bytes, and where', () => {
    const good = encodeShardBatch(cut[0]);
    const bad = (bytes: Uint8Array, what: RegExp): void => {
      let err: unknown;
      try {
        decodeShardBatch(bytes);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ShardBatchError);
      expect((err as Error).message).toMatch(what);
      expect((err as Error).message).toMatch(/at byte \d+/);
    };
    bad(good.subarray(0, 6), /truncated/);
    bad(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]), /not a shard batch/);
    bad(good.subarray(0, good.length - 9), /needed|runs past/);
    const header = good.slice();
    header[12] = 0x7b; // '{' inside the JSON: no longer JSON
    bad(header, /header/);
    // A packet batch's own error keeps its place in the message.
    const table = good.slice();
    // The packet batch starts after the header, on an 8-byte boundary.
    const at = (10 + new DataView(good.buffer).getUint32(6, true) + 7) & ~7;
    table[at] = 0;
    bad(table, /packet batch/);
  });

  it('ends each shard with a batch that carries no packets but the clock', () => {
    const cutter = new ShardCutter(VIEWS, { shards: 2, maxGroups: 100, idleUs: 1e6 });
    cutter.cut(t);
    const ends = cutter.end().map((b) => decodeShardBatch(encodeShardBatch(b)));
    expect(ends.map((b) => [b.batch, b.shard, b.end, b.table.rowCount])).toEqual([
      [1, 0, true, 0],
      [1, 1, true, 0],
    ]);
    expect(ends[0].lastUs).toBe(t.timeUs[t.rowCount - 1]);
  });
});

describe('the columns a shard is sent', () => {
  it('are all packetColumns and the alert addresses read', () => {
    const full = table();
    const narrow = { ...full, columns: full.columns.filter((c) => PACKET_FIELDS.has(c.name)) };
    expect(narrow.columns.length).toBeLessThan(full.columns.length);
    expect(packetColumns(narrow)).toEqual(packetColumns(full));
    const a = packetColumns(full);
    for (let r = 0; r < full.rowCount; r += 97) expect(endpointsOf(narrow, a, r)).toEqual(endpointsOf(full, a, r));
  });
});
