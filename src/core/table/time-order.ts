/**
 * The order that sorts rows by time, stably (rows with the same instant keep their file order).
 *
 * Users' files are random samples of a capture, so millions of rows arrive shuffled. A comparison sort over
 * an index array costs seconds at that size; an LSD radix sort over the time offset from the first packet
 * (48 bits: nanoseconds for spans up to three days, microseconds up to eight years) is three linear passes.
 */

/** Returns the permutation (new row i = old row order[i]), or null when the rows are already in order. */
export function timeOrder(us: Float64Array, ns: Uint16Array, n: number): Uint32Array | null {
  let sorted = true;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const t = us[i];
    if (i > 0 && (t < us[i - 1] || (t === us[i - 1] && ns[i] < ns[i - 1]))) sorted = false;
    if (t < min) min = t;
    if (t > max) max = t;
  }
  if (sorted) return null;
  const spanUs = max - min;
  const KEY_LIMIT = 2 ** 48;
  if (spanUs >= KEY_LIMIT) return comparisonOrder(us, ns, n);
  const withNs = spanUs * 1000 + 999 < KEY_LIMIT;
  const lo = new Uint32Array(n);
  const hi = new Uint16Array(n);
  for (let i = 0; i < n; i++) {
    const key = withNs ? (us[i] - min) * 1000 + ns[i] : us[i] - min;
    const low = key % 4294967296;
    lo[i] = low;
    hi[i] = (key - low) / 4294967296;
  }
  let order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let scratch = new Uint32Array(n);
  const counts = new Uint32Array(65536);
  for (let pass = 0; pass < 3; pass++) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[digit(lo, hi, order[i], pass)]++;
    if (counts.some((c) => c === n)) continue; // every key has the same digit: nothing to move
    let sum = 0;
    for (let d = 0; d < 65536; d++) { const c = counts[d]; counts[d] = sum; sum += c; }
    for (let i = 0; i < n; i++) {
      const r = order[i];
      scratch[counts[digit(lo, hi, r, pass)]++] = r;
    }
    const t = order; order = scratch; scratch = t;
  }
  return order;
}

function digit(lo: Uint32Array, hi: Uint16Array, r: number, pass: number): number {
  return pass === 0 ? lo[r] & 0xffff : pass === 1 ? lo[r] >>> 16 : hi[r];
}

function comparisonOrder(us: Float64Array, ns: Uint16Array, n: number): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order.sort((a, b) => us[a] - us[b] || ns[a] - ns[b] || a - b);
}
