/**
 * Train/validation/test splits that respect time. Neighbouring windows are near copies, so a random split
 * leaks; and since each attack ran once or a few times, one cut of the whole capture leaves whole classes
 * out of a split. The default cuts each class's own stretch of time 70/15/15, or with runs given each run's
 * (a class can come in variants: nmap's port scans and its ARP sweep). A window whose span crosses a cut is
 * dropped (the gap), so no packet is seen on both sides.
 *
 * The cuts are cuts of time, not of one class's windows: every window in a class's stretch takes that
 * stretch's part, whatever its own class (time-parts.ts). Cutting each class's windows on their own let the
 * benign replies to a flood (the victim's SYN-ACKs, the attacker's kernel RSTs) fall in training time while
 * the flood's own packets beside them were in validation or test, so every window holding both was dropped
 * and the flood had no validation or test windows in any view.
 */
import { justAfter, TimeParts } from './time-parts.ts';

export type SplitStrategy = 'per-class' | 'plain' | 'by-episode';

export const TRAIN = 0;
export const VALIDATION = 1;
export const TEST = 2;
/** Dropped: the window straddles a cut. */
export const GAP = 3;

export interface SplitInput {
  /** Per window: time of its first and last packet (µs), and its class. */
  readonly startUs: Float64Array;
  readonly endUs: Float64Array;
  readonly labels: Uint8Array;
  /**
   * Per window, a run of its class (-1: none, e.g. benign). by-episode keeps each run whole on one side;
   * per-class cuts each run's own stretch 70/15/15 (so every variant is in every part); plain ignores it.
   */
  readonly episodes?: Int32Array;
}

export interface Split {
  /** Per window: TRAIN, VALIDATION, TEST or GAP. */
  readonly part: Uint8Array;
  /** counts[part][class] windows. */
  readonly counts: readonly (readonly number[])[];
  /** Plain words for the user: classes missing from a part. */
  readonly warnings: readonly string[];
}

export function splitWindows(
  input: SplitInput,
  strategy: SplitStrategy,
  classNames: readonly string[],
  fractions: readonly [number, number] = [0.7, 0.85],
): Split {
  const n = input.labels.length;
  const stretches =
    strategy === 'plain'
      ? [cutStretch(input, allIndices(n), fractions)]
      : strategy === 'per-class'
        ? byClassAndRun(input.labels, input.episodes).map((idx) => cutStretch(input, idx, fractions))
        : byEpisode(input, fractions);
  const line = new TimeParts(GAP);
  // The longest first: a shorter stretch keeps its own cuts over the longer ones under it.
  stretches.sort((x, y) => y.to - y.from - (x.to - x.from));
  for (const s of stretches) for (const [from, to, p] of s.paints) line.paint(from, to, p);
  const part = new Uint8Array(n);
  for (let w = 0; w < n; w++) part[w] = line.partOfSpan(input.startUs[w], input.endUs[w], GAP);
  const counts = [0, 1, 2].map((p) => {
    const c = new Array<number>(classNames.length).fill(0);
    for (let w = 0; w < n; w++) if (part[w] === p) c[input.labels[w]]++;
    return c;
  });
  const present = new Set(Array.from(input.labels));
  const warnings: string[] = [];
  const names = ['training', 'validation', 'test'];
  for (const cls of present) {
    const missing = [0, 1, 2].filter((p) => counts[p][cls] === 0).map((p) => names[p]);
    if (missing.length) warnings.push(`${classNames[cls] ?? cls} has no windows in the ${missing.join(' and ')} split`);
  }
  return { part, counts, warnings };
}

/** A stretch of time of some windows and how it is painted: [from, to, part] pieces. */
interface Stretch {
  readonly from: number;
  readonly to: number;
  readonly paints: readonly (readonly [number, number, number])[];
}

function allIndices(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** Windows by class, and within a class by run when runs are given (windows with no run: by class). */
function byClassAndRun(labels: Uint8Array, runs: Int32Array | undefined): number[][] {
  const out = new Map<string, number[]>();
  labels.forEach((c, w) => {
    const key = runs && runs[w] >= 0 ? `${c}:${runs[w]}` : `${c}`;
    let l = out.get(key);
    if (!l) {
      l = [];
      out.set(key, l);
    }
    l.push(w);
  });
  return [...out.values()];
}

/** The time windows `idx` span: from their first start to just after their last end. */
function spanOf(input: SplitInput, idx: readonly number[]): { from: number; to: number } {
  let from = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const w of idx) {
    from = Math.min(from, input.startUs[w]);
    last = Math.max(last, input.endUs[w]);
  }
  return { from, to: justAfter(last) };
}

/**
 * The stretch of windows `idx` cut at the 70% and 85% quantiles of their end times: a window ending before
 * the first cut trains, one between the cuts validates, one starting after the second tests; one whose span
 * crosses a cut is a gap.
 */
function cutStretch(input: SplitInput, idx: readonly number[], [a, b]: readonly [number, number]): Stretch {
  if (idx.length === 0) return { from: 0, to: 0, paints: [] };
  const ends = idx.map((w) => input.endUs[w]).sort((x, y) => x - y);
  const q = (f: number): number => ends[Math.min(ends.length - 1, Math.floor(f * ends.length))];
  const cut1 = q(a);
  const cut2 = q(b);
  const { from, to } = spanOf(input, idx);
  return {
    from,
    to,
    paints: [
      [from, cut1, TRAIN],
      [cut1, cut2, VALIDATION],
      [cut2, to, TEST],
    ],
  };
}

/** Whole episodes to one side, in time order per class (70/15/15 of the episodes); unlabelled windows cut by time. */
function byEpisode(input: SplitInput, fractions: readonly [number, number]): Stretch[] {
  const episodes = input.episodes;
  const n = input.labels.length;
  if (!episodes) return [cutStretch(input, allIndices(n), fractions)];
  const out = [
    cutStretch(
      input,
      allIndices(n).filter((w) => episodes[w] < 0),
      fractions,
    ),
  ];
  const byCls = new Map<number, Map<number, number[]>>(); // class -> episode -> windows
  for (let w = 0; w < n; w++) {
    if (episodes[w] < 0) continue;
    let m = byCls.get(input.labels[w]);
    if (!m) {
      m = new Map();
      byCls.set(input.labels[w], m);
    }
    const l = m.get(episodes[w]);
    if (l) l.push(w);
    else m.set(episodes[w], [w]);
  }
  for (const eps of byCls.values()) {
    const firstEnd = (ws: readonly number[]): number => ws.reduce((t, w) => Math.min(t, input.endUs[w]), Infinity);
    const ordered = [...eps.values()].map((ws) => ({ ws, t: firstEnd(ws) })).sort((x, y) => x.t - y.t);
    const k = ordered.length;
    // With few episodes: 1 -> train; 2 -> train, test; 3 -> train, validation, test; more by the fractions.
    ordered.forEach(({ ws }, i) => {
      const side =
        k === 1
          ? TRAIN
          : k === 2
            ? i === 0
              ? TRAIN
              : TEST
            : k === 3
              ? i
              : i < Math.max(1, Math.round(fractions[0] * k))
                ? TRAIN
                : i < Math.max(2, Math.round(fractions[1] * k))
                  ? VALIDATION
                  : TEST;
      const { from, to } = spanOf(input, ws);
      out.push({ from, to, paints: [[from, to, side]] });
    });
  }
  return out;
}
