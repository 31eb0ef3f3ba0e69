/**
 * One time line for the whole split: stretches of time, each with its part (TRAIN, VALIDATION, TEST or
 * GAP). A split paints it stretch by stretch, the longest first, so a short stretch (an attack run) keeps its
 * own cuts over whatever longer one (the benign traffic all along) lies under it. Every window then takes the
 * part of the time it spans, whatever its class: the victim's replies to a flood fall in the flood's
 * validation time with the flood's packets, so a window that holds both is whole on one side, not dropped.
 */

export class TimeParts {
  /** Start of each segment, ascending; segment i covers [at[i], at[i + 1]). */
  private at: number[];
  private part: number[];

  /** A time line with nothing painted: every time is `none`. */
  constructor(none: number) {
    this.at = [Number.NEGATIVE_INFINITY];
    this.part = [none];
  }

  /** Paints [from, to) with `part`; a later paint wins where they overlap. */
  paint(from: number, to: number, part: number): void {
    if (!(from < to)) return;
    const after = this.partAt(to);
    const i = this.segmentOf(from);
    let j = this.segmentOf(to);
    // Segments starting in (from, to) go; from `to` on, what was there before stays.
    const at: number[] = [];
    const parts: number[] = [];
    if (this.at[i] < from) {
      at.push(this.at[i]);
      parts.push(this.part[i]);
    }
    at.push(from);
    parts.push(part);
    if (this.at[j] === to) j--;
    else {
      at.push(to);
      parts.push(after);
    }
    this.at.splice(i, j - i + 1, ...at);
    this.part.splice(i, j - i + 1, ...parts);
  }

  /** The part of the time `t`. */
  partAt(t: number): number {
    return this.part[this.segmentOf(t)];
  }

  /**
   * The part of a window spanning [start, end]: the one part the whole span lies in, or `mixed` when the
   * span crosses a change of part (a cut).
   */
  partOfSpan(start: number, end: number, mixed: number): number {
    const i = this.segmentOf(start);
    const j = this.segmentOf(end);
    const p = this.part[i];
    for (let k = i + 1; k <= j; k++) if (this.part[k] !== p) return mixed;
    return p;
  }

  /** Index of the segment holding `t` (the last segment starting at or before it). */
  private segmentOf(t: number): number {
    let lo = 0;
    let hi = this.at.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.at[mid] <= t) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

/** The smallest time after `t`, so a stretch painted up to it holds a window ending at `t`. */
export function justAfter(t: number): number {
  const next = t + Math.max(Math.abs(t) * Number.EPSILON, Number.MIN_VALUE);
  return next > t ? next : t + 1;
}
