/**
 * Train/validation/test splits that respect time. Neighbouring windows are near copies, so a random split
 * leaks; and since each attack ran once or a few times, one cut of the whole capture leaves whole classes
 * out of a split. The default cuts each class's own stretch of time 70/15/15, or with runs given each run's
 * (a class can come in variants: nmap's port scans and its ARP sweep). A window whose span crosses a cut is
 * dropped (the gap), so no packet is seen on both sides.
 */

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
  const part = new Uint8Array(n).fill(GAP);
  if (strategy === 'plain') {
    cutByTime(input, allIndices(n), fractions, part);
  } else if (strategy === 'per-class') {
    for (const idx of byClassAndRun(input.labels, input.episodes)) cutByTime(input, idx, fractions, part);
  } else {
    splitByEpisode(input, fractions, part);
  }
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

/** Cuts windows `idx` at the 70% and 85% quantiles of their end times; windows spanning a cut are gaps. */
function cutByTime(
  input: SplitInput,
  idx: readonly number[],
  [a, b]: readonly [number, number],
  part: Uint8Array,
): void {
  if (idx.length === 0) return;
  const ends = idx.map((w) => input.endUs[w]).sort((x, y) => x - y);
  const q = (f: number): number => ends[Math.min(ends.length - 1, Math.floor(f * ends.length))];
  const cut1 = q(a);
  const cut2 = q(b);
  for (const w of idx) {
    const s = input.startUs[w];
    const e = input.endUs[w];
    if (e < cut1) part[w] = TRAIN;
    else if (s >= cut1 && e < cut2) part[w] = VALIDATION;
    else if (s >= cut2) part[w] = TEST;
    else part[w] = GAP;
  }
}

/** Whole episodes to one side, in time order per class (70/15/15 of the episodes); unlabelled windows cut by time. */
function splitByEpisode(input: SplitInput, fractions: readonly [number, number], part: Uint8Array): void {
  const episodes = input.episodes;
  const n = input.labels.length;
  if (!episodes) {
    cutByTime(input, allIndices(n), fractions, part);
    return;
  }
  const none = allIndices(n).filter((w) => episodes[w] < 0);
  cutByTime(input, none, fractions, part);
  const byCls = new Map<number, Map<number, number>>(); // class -> episode -> first end time
  for (let w = 0; w < n; w++) {
    if (episodes[w] < 0) continue;
    let m = byCls.get(input.labels[w]);
    if (!m) {
      m = new Map();
      byCls.set(input.labels[w], m);
    }
    const t = m.get(episodes[w]);
    if (t === undefined || input.endUs[w] < t) m.set(episodes[w], input.endUs[w]);
  }
  const sideOf = new Map<string, number>();
  for (const [cls, eps] of byCls) {
    const ordered = [...eps].sort((x, y) => x[1] - y[1]).map(([e]) => e);
    const k = ordered.length;
    // With few episodes: 1 -> train; 2 -> train, test; 3 -> train, validation, test; more by the fractions.
    ordered.forEach((e, i) => {
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
      sideOf.set(`${cls}:${e}`, side);
    });
  }
  for (let w = 0; w < n; w++) if (episodes[w] >= 0) part[w] = sideOf.get(`${input.labels[w]}:${episodes[w]}`) ?? GAP;
}
