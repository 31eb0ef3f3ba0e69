/**
 * Model inputs for the shared layout (src/core/model/train-shared.ts): the windows of several views pooled
 * into one index space, each step's features followed by a one-hot of the window's view. Window g of the
 * pool is window g - offset[v] of view v's own prepared set.
 *
 * A SampleBuilder subclass because the training loop and predictWindows take a SampleBuilder: the pooled
 * windows go through the same batches, augmentation and normalisation as one view's. The one-hot sits after
 * every feature slot of the spec, so augmentation and masking (which address spec slots) never touch it.
 */
import { stepWidth, type FeatureSpec } from './feature-spec.ts';
import { normaliseInPlace, SampleBuilder, type Normaliser } from './samples.ts';
import type { PreparedWindows } from './prepare.ts';

export class ViewInputBuilder extends SampleBuilder {
  /** Step width with the one-hot: the spec's features, then one column per view. */
  override readonly width: number;
  /** Features of the spec per step (the width a view's own model takes once the one-hot is folded away). */
  readonly baseWidth: number;
  readonly views: number;
  /** Per view: where its windows start in the pool; offsets[views] = the pool's size. */
  readonly offsets: Int32Array;
  private readonly parts: readonly SampleBuilder[];
  private readonly size: number;

  constructor(prepared: readonly PreparedWindows[], spec: FeatureSpec) {
    if (prepared.length === 0) throw new Error('a pool of views needs at least one view');
    const first = prepared[0];
    // The base class keeps these only for its own fill, which is overridden.
    super(first.cols, new Float32Array(0), spec, first.windows);
    const sizes = new Set(prepared.map((p) => p.windows.spec.size));
    if (sizes.size !== 1) throw new Error(`the views' windows must have one size (got ${[...sizes].join(', ')})`);
    this.size = first.windows.spec.size;
    this.parts = prepared.map((p) => p.builder);
    this.views = prepared.length;
    this.baseWidth = stepWidth(spec);
    this.width = this.baseWidth + this.views;
    this.offsets = new Int32Array(this.views + 1);
    prepared.forEach((p, v) => {
      this.offsets[v + 1] = this.offsets[v] + p.windows.count;
    });
  }

  override get steps(): number {
    return this.size;
  }

  get count(): number {
    return this.offsets[this.views];
  }

  /** The view of pooled window g. */
  viewOf(g: number): number {
    let lo = 0;
    let hi = this.views - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.offsets[mid] <= g) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  override fill(picked: ArrayLike<number>, out: Float32Array, norm: Normaliser | null = null): Float32Array {
    const n = this.size;
    const B = this.baseWidth;
    const W = this.width;
    // One fill per view over its picks, not one per window: a view's fill sets up scratch per call.
    const byView: number[][] = Array.from({ length: this.views }, () => []);
    const at: number[][] = Array.from({ length: this.views }, () => []);
    for (let j = 0; j < picked.length; j++) {
      const v = this.viewOf(picked[j]);
      byView[v].push(picked[j] - this.offsets[v]);
      at[v].push(j);
    }
    for (let v = 0; v < this.views; v++) {
      const local = byView[v];
      if (local.length === 0) continue;
      const tmp = this.parts[v].fill(local, new Float32Array(local.length * n * B));
      for (let i = 0; i < local.length; i++) {
        const j = at[v][i];
        for (let k = 0; k < n; k++) {
          const o = (j * n + k) * W;
          out.set(tmp.subarray((i * n + k) * B, (i * n + k + 1) * B), o);
          out.fill(0, o + B, o + W);
          out[o + B + v] = 1;
        }
      }
    }
    if (norm) normaliseInPlace(out, norm, picked.length * n);
    return out;
  }
}

/**
 * A normaliser of the pool's width whose one-hot columns pass unchanged (mean 0, std 1): the model then sees
 * exactly 0 or 1 there, so a view's one-hot is a constant that folds into the first layer's bias.
 */
export function withViewColumns(norm: Normaliser, baseWidth: number, views: number): Normaliser {
  return {
    mean: [...norm.mean.slice(0, baseWidth), ...new Array<number>(views).fill(0)],
    std: [...norm.std.slice(0, baseWidth), ...new Array<number>(views).fill(1)],
  };
}
