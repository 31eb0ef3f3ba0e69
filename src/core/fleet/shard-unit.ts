/**
 * A worker's state for one shard: the sensor's per-group half (ViewStage) over the groups the shard holds in
 * each view. Batches must come in order, each once; what comes out is the batch's ShardVotes. A shard that
 * moves to another worker is rebuilt there by feeding it the shard's batches again from the run's start:
 * its state is a function of them.
 */
import { packetColumns } from '../features/packet-columns.ts';
import { endpointsOf } from '../sensor/endpoints.ts';
import { packetRows } from '../sensor/stream-featurizer.ts';
import type { SensorModel, SensorOptions } from '../sensor/sensor.ts';
import { ViewStage, type ViewRows } from '../sensor/view-stage.ts';
import { gather, isEvery, pickColumns, pickRows } from './pick-rows.ts';
import type { ShardBatch } from './shard-batch.ts';
import { ShardVoteWriter, type ShardVotes } from './shard-votes.ts';

export class ShardUnit {
  private readonly stage: ViewStage;
  private readonly writer: ShardVoteWriter;
  /** The batch it expects next. */
  next = 0;
  packets = 0;

  constructor(
    readonly shard: number,
    model: SensorModel,
    opts: SensorOptions,
  ) {
    this.stage = new ViewStage(model, opts);
    this.writer = new ShardVoteWriter(opts.quietUs);
  }

  get stageMs(): { readonly window: number; readonly vote: number } {
    return this.stage.stageMs;
  }

  async take(b: ShardBatch): Promise<ShardVotes> {
    if (b.shard !== this.shard) throw new Error(`shard ${this.shard} was given shard ${b.shard}'s batch ${b.batch}`);
    if (b.batch !== this.next) throw new Error(`shard ${this.shard} expected batch ${this.next}, got ${b.batch}`);
    this.next++;
    if (b.end) {
      const idle = this.stage.drain();
      return this.writer.write(b.batch, b.shard, { lru: [], firings: [], idle, nowUs: b.lastUs }, b.maxUs, true);
    }
    const cols = packetColumns(b.table);
    this.packets += cols.rows;
    // Each feature set once over the shard's rows, then each view takes its own.
    const sets = this.stage.featurizers.map((f) =>
      packetRows(f.spec, cols, b.memory, new Float32Array(cols.rows * f.width)),
    );
    const rows = b.views.map((mine, k): ViewRows => {
      const set = this.stage.featurizerOf[k];
      const endpoints = (r: number) => endpointsOf(b.table, cols, mine[r]);
      // A shard most of whose packets are one view's (the common case) hands them over as they are.
      if (isEvery(mine, cols.rows))
        return { cols, feats: sets[set], pairPackets: b.memory.pairPackets, order: b.order, endpoints };
      return {
        cols: pickColumns(cols, mine),
        feats: pickRows(sets[set], this.stage.featurizers[set].width, mine),
        pairPackets: gather(b.memory.pairPackets, mine, new Float64Array(mine.length)),
        order: gather(b.order, mine, new Uint32Array(mine.length)),
        endpoints,
      };
    });
    const w = this.stage.window(rows, b.lastUs);
    const probs = await this.stage.classify(w);
    return this.writer.write(b.batch, b.shard, this.stage.vote(w, probs), b.maxUs);
  }
}
