/**
 * A capture point's half of the sensor: every packet looked up in the flow and pair memories once, where the
 * whole link is seen (the same StreamFeaturizer, with the same bounds and the same forgetting, as the single
 * sensor's; the memories do not depend on the feature spec), then each batch cut into one ShardBatch per
 * shard, with what each packet read from them (PacketMemory); the workers compute the features. A packet goes to the shard of
 * its group in each view (shard-route.ts), once per shard however many of its views land there.
 */
import type { FeatureSpec } from '../features/feature-spec.ts';
import type { GroupKey } from '../features/group-key.ts';
import { PACKET_FIELDS, packetColumns } from '../features/packet-columns.ts';
import { type PacketMemory, StreamFeaturizer } from '../sensor/stream-featurizer.ts';
import type { PacketTable } from '../table/packet-table.ts';
import type { ShardBatch } from './shard-batch.ts';
import { routeKeyOf, shardsOf } from './shard-route.ts';
import { gather } from './pick-rows.ts';
import { takeRows } from './take-rows.ts';

export interface CutView {
  readonly key: GroupKey;
  readonly featureSpec: FeatureSpec;
}

export interface CutOptions {
  readonly shards: number;
  /** As the sensor's: the featurizer's memories keep this many entries at most. */
  readonly maxGroups: number;
  /** As the sensor's: flows and pairs with no packet for this long are forgotten. */
  readonly idleUs: number;
}

const EMPTY_TABLE: PacketTable = { rowCount: 0, timeUs: new Float64Array(0), timeNs: new Uint16Array(0), columns: [] };

export class ShardCutter {
  private readonly featurizer: StreamFeaturizer;
  private windowedUs = -Infinity;
  private batches = 0;

  constructor(
    private readonly views: readonly CutView[],
    private readonly opts: CutOptions,
  ) {
    if (!Number.isInteger(opts.shards) || opts.shards < 1)
      throw new Error(`shards must be a whole number ≥ 1 (got ${opts.shards})`);
    if (views.length === 0) throw new Error('the model has no view');
    this.featurizer = new StreamFeaturizer(views[0].featureSpec, Math.min(opts.maxGroups, 2 ** 31 - 1));
  }

  /** Batches cut so far (the next one's number). */
  get batch(): number {
    return this.batches;
  }

  /** One non-empty batch of the capture, as one ShardBatch per shard (empty ones too: they move the clock). */
  cut(table: PacketTable): ShardBatch[] {
    if (table.rowCount === 0) throw new Error('an empty batch moves nothing: the sensor skips it, so must its cut');
    const S = this.opts.shards;
    const cols = packetColumns(table);
    const n = cols.rows;
    const memory = this.featurizer.remember(cols);
    const last = cols.timeUs[n - 1];
    let maxUs = last;
    for (let r = 0; r < n; r++) if (cols.timeUs[r] > maxUs) maxUs = cols.timeUs[r];
    if (last > this.windowedUs) this.windowedUs = last;
    // As the single sensor's windowers do after each batch (StreamWindower.evictIdle).
    this.featurizer.forgetBefore(this.windowedUs - this.opts.idleUs);
    const shardOf = this.views.map((v) => shardsOf(cols, routeKeyOf(v.key), S));
    // Per shard: its rows of the batch (any view's), and each row's index among them.
    const picked: number[][] = Array.from({ length: S }, () => []);
    const at = new Int32Array(S * n).fill(-1);
    for (let r = 0; r < n; r++) {
      for (const route of shardOf) {
        const s = route[r];
        if (at[s * n + r] < 0) at[s * n + r] = picked[s].push(r) - 1;
      }
    }
    const batch = this.batches++;
    // Only the columns the workers read: a tshark layout has dozens more.
    const narrow = { ...table, columns: table.columns.filter((c) => PACKET_FIELDS.has(c.name)) };
    return picked.map((rows, s) => {
      const order = Uint32Array.from(rows);
      const views = shardOf.map((route) => {
        const mine: number[] = [];
        for (const r of rows) if (route[r] === s) mine.push(at[s * n + r]);
        return Uint32Array.from(mine);
      });
      const subTable = takeRows(narrow, rows);
      return {
        batch,
        shard: s,
        lastUs: last,
        maxUs,
        end: false,
        table: subTable,
        order,
        memory: pickMemory(memory, rows),
        views,
      };
    });
  }

  /** The run's end, one per shard: each shard's worker lets go of what it holds. */
  end(): ShardBatch[] {
    const batch = this.batches;
    return Array.from({ length: this.opts.shards }, (_, s) => ({
      batch,
      shard: s,
      lastUs: this.windowedUs,
      maxUs: this.windowedUs,
      end: true,
      table: EMPTY_TABLE,
      order: new Uint32Array(0),
      memory: pickMemory(this.featurizer.remember(packetColumns(EMPTY_TABLE)), []),
      views: this.views.map(() => new Uint32Array(0)),
    }));
  }
}

function pickMemory(m: PacketMemory, rows: readonly number[]): PacketMemory {
  const f64 = (a: Float64Array): Float64Array => gather(a, rows, new Float64Array(rows.length));
  return {
    rows: rows.length,
    hasPrev: gather(m.hasPrev, rows, new Uint8Array(rows.length)),
    prevUs: f64(m.prevUs),
    prevSeq: f64(m.prevSeq),
    prevAck: f64(m.prevAck),
    firstSrc: f64(m.firstSrc),
    pairPackets: f64(m.pairPackets),
  };
}
