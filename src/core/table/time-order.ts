/**
 * The order that sorts rows by time, stably (rows with the same instant keep their file order).
 *
 * Users' files are random samples of a capture, so millions of rows arrive shuffled. A comparison sort over
 * an index array costs seconds at that size; an LSD radix sort over the time offset from the first packet
 * (48 bits: nanoseconds for spans up to three days, microseconds up to eight years) is a few linear passes.
 */

/**
 * Returns the permutation (new row i = old row order[i]), or null when the rows are already in order.
 * `first`: the order rows with the same instant keep (a capture's shards, merged by frame number), instead
 * of their order in the arrays.
 */
export function timeOrder(
  us: Float64Array,
  ns: Uint16Array,
  n: number,
  first: Uint32Array | null = null,
): Uint32Array | null {
  let sorted = first === null;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const t = us[i];
    if (i > 0 && (t < us[i - 1] || (t === us[i - 1] && ns[i] < ns[i - 1]))) sorted = false;
    if (t < min) min = t;
    if (t > max) max = t;
  }
  if (sorted) return null;
  // A capture is nearly in order (a frame timestamped a little before the one before it, here and there):
  // an insertion sort settles that in one pass and no more memory than the order; a file far from order
  // (a CSV of shuffled rows) is left to the radix sort once the moves pass a few per row.
  const nearly = nearlySortedOrder(us, ns, n, first);
  if (nearly) return nearly;
  const spanUs = max - min;
  const KEY_LIMIT = 2 ** 48;
  if (spanUs >= KEY_LIMIT) return comparisonOrder(us, ns, n, first);
  const withNs = spanUs * 1000 + 999 < KEY_LIMIT;
  // Keys travel with their row numbers through each pass, so every pass reads in order; 11-bit digits keep
  // the scatter to 2048 write streams, which the cache handles (16-bit digits would not).
  let lo = new Uint32Array(n);
  let hi = new Uint32Array(n);
  let maxKey = 0;
  for (let k = 0; k < n; k++) {
    const i = first ? first[k] : k;
    const key = withNs ? (us[i] - min) * 1000 + ns[i] : us[i] - min;
    const low = key % 4294967296;
    lo[k] = low;
    hi[k] = (key - low) / 4294967296;
    if (key > maxKey) maxKey = key;
  }
  let order = first ? first.slice(0, n) : new Uint32Array(n);
  if (!first) for (let i = 0; i < n; i++) order[i] = i;
  let order2 = new Uint32Array(n);
  let lo2 = new Uint32Array(n);
  let hi2 = new Uint32Array(n);
  const counts = new Uint32Array(RADIX);
  for (let shift = 0; shift < 48 && 2 ** shift <= maxKey; shift += DIGIT_BITS) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[digit(lo[i], hi[i], shift)]++;
    if (counts.some((c) => c === n)) continue; // every key has the same digit: nothing moves
    let sum = 0;
    for (let d = 0; d < RADIX; d++) {
      const c = counts[d];
      counts[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const j = counts[digit(lo[i], hi[i], shift)]++;
      order2[j] = order[i];
      lo2[j] = lo[i];
      hi2[j] = hi[i];
    }
    [order, order2] = [order2, order];
    [lo, lo2] = [lo2, lo];
    [hi, hi2] = [hi2, hi];
  }
  return order;
}

/** Moves an insertion sort may make, per row, before the rows count as far from order. */
const MOVES_PER_ROW = 2;

function nearlySortedOrder(
  us: Float64Array,
  ns: Uint16Array,
  n: number,
  first: Uint32Array | null,
): Uint32Array | null {
  const order = first ? first.slice(0, n) : new Uint32Array(n);
  if (!first) for (let i = 0; i < n; i++) order[i] = i;
  let budget = MOVES_PER_ROW * n;
  for (let i = 1; i < n; i++) {
    const row = order[i];
    const t = us[row];
    const tn = ns[row];
    let j = i - 1;
    // Stable: a row moves only before rows strictly later than it.
    while (j >= 0 && (us[order[j]] > t || (us[order[j]] === t && ns[order[j]] > tn))) {
      order[j + 1] = order[j];
      j--;
      if (--budget < 0) return null;
    }
    order[j + 1] = row;
  }
  return order;
}

const DIGIT_BITS = 11;
const RADIX = 1 << DIGIT_BITS;

function digit(lo: number, hi: number, shift: number): number {
  if (shift >= 32) return (hi >>> (shift - 32)) & (RADIX - 1);
  if (shift + DIGIT_BITS <= 32) return (lo >>> shift) & (RADIX - 1);
  return ((lo >>> shift) | (hi << (32 - shift))) & (RADIX - 1);
}

function comparisonOrder(us: Float64Array, ns: Uint16Array, n: number, first: Uint32Array | null): Uint32Array {
  const order = new Uint32Array(n);
  const rank = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    order[i] = i;
    rank[first ? first[i] : i] = i;
  }
  return order.sort((a, b) => us[a] - us[b] || ns[a] - ns[b] || rank[a] - rank[b]);
}
