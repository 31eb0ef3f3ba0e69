/**
 * Which training windows an epoch sees. Neighbouring windows are near copies and floods have a hundred times
 * the windows of a brute force, so each epoch draws at most `cap` windows per class, one from each of `cap`
 * equal stretches of the class's time (spread in time, fresh draws each epoch), then shuffles them.
 */
import { shuffleInPlace, type Rng } from './prng.ts';

/** Window indices per class, each list in time order (by window end). */
export function byClassInTime(
  windows: ArrayLike<number>,
  labels: Uint8Array,
  endUs: Float64Array,
  classes: number,
): Int32Array[] {
  const lists: number[][] = Array.from({ length: classes }, () => []);
  for (let i = 0; i < windows.length; i++) lists[labels[windows[i]]].push(windows[i]);
  return lists.map((l) => Int32Array.from(l.sort((a, b) => endUs[a] - endUs[b] || a - b)));
}

/** At most `cap` of each class's windows, one per equal stretch of its time-ordered list, shuffled together. */
export function drawEpoch(perClass: readonly Int32Array[], cap: number, rng: Rng): Int32Array {
  const picked: number[] = [];
  for (const list of perClass) {
    if (list.length <= cap) {
      for (const w of list) picked.push(w);
      continue;
    }
    const stretch = list.length / cap;
    for (let j = 0; j < cap; j++) picked.push(list[Math.min(list.length - 1, Math.floor((j + rng()) * stretch))]);
  }
  return shuffleInPlace(Int32Array.from(picked), rng);
}

/**
 * Window indices per class and, within a class, per run (a stretch of one kind of traffic: runs[w], -1 =
 * none), each list in time order. A class that came in variants (nmap's port scans, its 56-window UDP scan,
 * its ARP sweep) then gets each variant drawn alike instead of in proportion to its packets.
 */
export function byClassAndRunInTime(
  windows: ArrayLike<number>,
  labels: Uint8Array,
  endUs: Float64Array,
  runs: Int32Array,
  classes: number,
): Int32Array[][] {
  const maps: Map<number, number[]>[] = Array.from({ length: classes }, () => new Map());
  for (let i = 0; i < windows.length; i++) {
    const w = windows[i];
    const m = maps[labels[w]];
    let l = m.get(runs[w]);
    if (!l) {
      l = [];
      m.set(runs[w], l);
    }
    l.push(w);
  }
  return maps.map((m) =>
    [...m.keys()]
      .sort((a, b) => a - b)
      .map((k) => Int32Array.from((m.get(k) ?? []).sort((a, b) => endUs[a] - endUs[b] || a - b))),
  );
}

/** How many of `cap` to draw from each list: equal shares, a short list's leftover going to the others. */
export function shares(lengths: readonly number[], cap: number): number[] {
  const out = lengths.map(() => 0);
  let left = Math.min(
    cap,
    lengths.reduce((a, b) => a + b, 0),
  );
  let open = lengths.map((_, i) => i).filter((i) => lengths[i] > 0);
  while (left > 0 && open.length) {
    const each = Math.max(1, Math.floor(left / open.length));
    for (const i of open) {
      const take = Math.min(each, lengths[i] - out[i], left);
      out[i] += take;
      left -= take;
      if (left === 0) break;
    }
    open = open.filter((i) => out[i] < lengths[i]);
  }
  return out;
}

/** Like drawEpoch, with each class's `cap` shared equally among its runs (spread over each run's time). */
export function drawEpochByRuns(perClassRuns: readonly (readonly Int32Array[])[], cap: number, rng: Rng): Int32Array {
  const picked: number[] = [];
  for (const runs of perClassRuns) {
    const take = shares(
      runs.map((l) => l.length),
      cap,
    );
    runs.forEach((list, i) => {
      const k = take[i];
      if (k >= list.length) {
        for (const w of list) picked.push(w);
        return;
      }
      const stretch = list.length / k;
      for (let j = 0; j < k; j++) picked.push(list[Math.min(list.length - 1, Math.floor((j + rng()) * stretch))]);
    });
  }
  return shuffleInPlace(Int32Array.from(picked), rng);
}

/** A fixed draw (evenly spaced, no randomness): validation and normaliser fitting. */
export function drawEven(perClass: readonly Int32Array[], cap: number): Int32Array {
  const picked: number[] = [];
  for (const list of perClass) {
    if (list.length <= cap) {
      for (const w of list) picked.push(w);
      continue;
    }
    const stretch = list.length / cap;
    for (let j = 0; j < cap; j++) picked.push(list[Math.floor((j + 0.5) * stretch)]);
  }
  return Int32Array.from(picked);
}

/** Weights so each present class carries the same total loss in an epoch's draw: n / (k · n_c). */
export function classWeightsFor(perClass: readonly Int32Array[], cap: number): Float32Array {
  const counts = perClass.map((l) => Math.min(l.length, cap));
  const total = counts.reduce((a, b) => a + b, 0);
  const present = counts.filter((c) => c > 0).length;
  return Float32Array.from(counts, (c) => (c > 0 ? total / (present * c) : 0));
}
