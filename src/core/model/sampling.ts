/**
 * Which training windows an epoch sees. Neighbouring windows are near copies and floods have a hundred times
 * the windows of a brute force, so each epoch draws at most `cap` windows per class, one from each of `cap`
 * equal stretches of the class's time (spread in time, fresh draws each epoch), then shuffles them.
 */
import { shuffleInPlace, type Rng } from './prng.ts';

/** Window indices per class, each list in time order (by window end). */
export function byClassInTime(windows: ArrayLike<number>, labels: Uint8Array, endUs: Float64Array, classes: number): Int32Array[] {
  const lists: number[][] = Array.from({ length: classes }, () => []);
  for (let i = 0; i < windows.length; i++) lists[labels[windows[i]]].push(windows[i]);
  return lists.map((l) => Int32Array.from(l.sort((a, b) => endUs[a] - endUs[b] || a - b)));
}

/** At most `cap` of each class's windows, one per equal stretch of its time-ordered list, shuffled together. */
export function drawEpoch(perClass: readonly Int32Array[], cap: number, rng: Rng): Int32Array {
  const picked: number[] = [];
  for (const list of perClass) {
    if (list.length <= cap) { for (const w of list) picked.push(w); continue; }
    const stretch = list.length / cap;
    for (let j = 0; j < cap; j++) picked.push(list[Math.min(list.length - 1, Math.floor((j + rng()) * stretch))]);
  }
  return shuffleInPlace(Int32Array.from(picked), rng);
}

/** A fixed draw (evenly spaced, no randomness): validation and normaliser fitting. */
export function drawEven(perClass: readonly Int32Array[], cap: number): Int32Array {
  const picked: number[] = [];
  for (const list of perClass) {
    if (list.length <= cap) { for (const w of list) picked.push(w); continue; }
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
