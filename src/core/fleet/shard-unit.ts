/**
 * A worker's state for one shard: the sensor's per-group half (ViewStage) over the groups the shard holds in
 * each view. Batches must come in order, each once; what comes out is the batch's ShardVotes. A shard that
 * moves to another worker is rebuilt there by feeding it the shard's batches again from the run's start:
 * its state is a function of them.
 */
import type { PacketColumns } from '../features/packet-columns.ts';
import { packetColumns } from '../features/packet-columns.ts';
import { endpointsOf } from '../sensor/endpoints.ts';
import { packetRows } from '../sensor/stream-featurizer.ts';
import type { SensorModel, SensorOptions } from '../sensor/sensor.ts';
import { ViewStage, type ViewRows } from '../sensor/view-stage.ts';
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

  counts(): ReturnType<ViewStage['counts']> {
    return this.stage.counts();
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

/** Whether `rows` is 0, 1, ..., n - 1. */
function isEvery(rows: Uint32Array, n: number): boolean {
  if (rows.length !== n) return false;
  for (let i = 0; i < n; i++) if (rows[i] !== i) return false;
  return true;
}

/** Rows `rows` of `width` floats each, float by float (a subarray per row would be an object per packet). */
function pickRows(feats: Float32Array, width: number, rows: Uint32Array): Float32Array {
  const out = new Float32Array(rows.length * width);
  for (let i = 0; i < rows.length; i++) {
    const from = rows[i] * width;
    for (let j = 0; j < width; j++) out[i * width + j] = feats[from + j];
  }
  return out;
}

/** `out[i] = src[rows[i]]`: a plain loop (TypedArray.from with a map function is several times slower). */
export function gather<T extends Float64Array | Uint32Array | Uint8Array>(
  src: ArrayLike<number>,
  rows: ArrayLike<number>,
  out: T,
): T {
  for (let i = 0; i < rows.length; i++) out[i] = src[rows[i]];
  return out;
}

/** The rows `rows` of `c`, in that order, as columns of their own. */
export function pickColumns(c: PacketColumns, rows: Uint32Array): PacketColumns {
  const f64 = (a: Float64Array): Float64Array => gather(a, rows, new Float64Array(rows.length));
  return {
    rows: rows.length,
    timeUs: f64(c.timeUs),
    frameLen: f64(c.frameLen),
    ipLen: f64(c.ipLen),
    ttl: f64(c.ttl),
    ipProto: f64(c.ipProto),
    tcpFlags: f64(c.tcpFlags),
    tcpLen: f64(c.tcpLen),
    tcpWin: f64(c.tcpWin),
    tcpSeq: f64(c.tcpSeq),
    tcpAck: f64(c.tcpAck),
    tcpStream: f64(c.tcpStream),
    srcPort: f64(c.srcPort),
    dstPort: f64(c.dstPort),
    icmpType: f64(c.icmpType),
    isArp: gather(c.isArp, rows, new Uint8Array(rows.length)),
    ethGroup: f64(c.ethGroup),
    src: f64(c.src),
    dst: f64(c.dst),
    srcMac: f64(c.srcMac),
    dstMac: f64(c.dstMac),
  };
}
