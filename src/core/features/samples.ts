/**
 * Model inputs for chosen windows: [windows, size, packet features + window features] as one Float32Array,
 * normalised with statistics fitted on the training windows only (they travel with the model). Built in
 * batches, so evaluating every window of a big capture never holds them all.
 */
import { stepWidth, type FeatureSpec } from './feature-spec.ts';
import type { PacketColumns } from './packet-columns.ts';
import { windowFeatures, windowValueArrays, WINDOW_WIDTH } from './window-features.ts';
import type { WindowSet } from './windows.ts';

/** Per feature of a step: subtract mean, divide by std (std floored at MIN_STD, so rare or constant features stay in range). */
export interface Normaliser {
  readonly mean: readonly number[];
  readonly std: readonly number[];
}

export class SampleBuilder {
  readonly width: number;

  constructor(
    private readonly cols: PacketColumns,
    /** Per-packet features of every row (rows × spec.packet.length), from Featurizer. */
    private readonly perPacket: Float32Array,
    readonly spec: FeatureSpec,
    private readonly windows: WindowSet,
  ) {
    this.width = stepWidth(spec);
    if (spec.perWindow.length !== WINDOW_WIDTH)
      throw new Error(`feature spec has ${spec.perWindow.length} window features, this code computes ${WINDOW_WIDTH}`);
  }

  get steps(): number {
    return this.windows.spec.size;
  }

  /** Fills `out` (picked.length × size × width) with the windows `picked`, normalised when `norm` is given. */
  fill(picked: ArrayLike<number>, out: Float32Array, norm: Normaliser | null = null): Float32Array {
    const { order, starts } = this.windows;
    const n = this.windows.spec.size;
    const P = this.spec.packet.length;
    const W = this.width;
    const winBuf = new Float32Array(WINDOW_WIDTH);
    const scratch = windowValueArrays(n);
    for (let j = 0; j < picked.length; j++) {
      const s = starts[picked[j]];
      windowFeatures(this.cols, order, s, n, winBuf, 0, scratch);
      for (let k = 0; k < n; k++) {
        const r = order[s + k];
        const at = (j * n + k) * W;
        out.set(this.perPacket.subarray(r * P, r * P + P), at);
        out.set(winBuf, at + P);
      }
    }
    if (norm) normaliseInPlace(out, norm, picked.length * n);
    return out;
  }
}

/**
 * The smallest std a feature is divided by. Features are already scaled to about unit range, so a feature
 * (nearly) constant in training (every TTL 64 on lab-a; ICMP in 0.2% of packets) must not turn a small
 * difference elsewhere (a TTL of 128, an ICMP flood) into ±8 standard deviations that swamp every other input.
 */
export const MIN_STD = 0.1;

/** Mean and std per feature over the steps of `picked` windows (the training split). */
export function fitNormaliser(
  builder: SampleBuilder,
  picked: ArrayLike<number>,
  batch = 4096,
  minStd = MIN_STD,
): Normaliser {
  const W = builder.width;
  const sum = new Float64Array(W);
  const sq = new Float64Array(W);
  let steps = 0;
  const buf = new Float32Array(batch * builder.steps * W);
  for (let b = 0; b < picked.length; b += batch) {
    const part = Array.prototype.slice.call(picked, b, b + batch) as number[];
    builder.fill(part, buf);
    const m = part.length * builder.steps;
    for (let i = 0; i < m; i++)
      for (let f = 0; f < W; f++) {
        const v = buf[i * W + f];
        sum[f] += v;
        sq[f] += v * v;
      }
    steps += m;
  }
  const mean = Array.from(sum, (s) => (steps ? s / steps : 0));
  const std = Array.from(sq, (s, f) =>
    Math.max(Math.sqrt(Math.max(0, (steps ? s / steps : 0) - mean[f] ** 2)), minStd),
  );
  return { mean, std };
}

/** z-scores, clipped to ±8 so one odd packet cannot saturate a unit. */
export function normaliseInPlace(x: Float32Array, norm: Normaliser, steps: number): void {
  normaliseColumns(x, steps, norm.mean.length, norm, 0);
}

/**
 * normaliseInPlace for `count` rows of `width` values that are the normaliser's columns [from, from + width):
 * the sensor normalises a window's packet rows and its tail apart, value for value as here.
 */
export function normaliseColumns(x: Float32Array, count: number, width: number, norm: Normaliser, from: number): void {
  for (let i = 0; i < count; i++) {
    for (let f = 0; f < width; f++) {
      const v = (x[i * width + f] - norm.mean[from + f]) / norm.std[from + f];
      x[i * width + f] = v > 8 ? 8 : Math.max(v, -8);
    }
  }
}
