import { describe, expect, it } from 'vitest';
import { Permutation } from './permutation.ts';

function shuffled(n: number, seed = 3): Uint32Array {
  const order = Uint32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const j = seed % (i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

describe('Permutation', () => {
  it.each([0, 1, 7, 16384, 50_001])('gives out[i] = src[order[i]] for every array type (%i rows)', (n) => {
    const order = shuffled(n);
    const p = Permutation.fromOrder(order);
    const f64 = Float64Array.from({ length: n }, (_, i) => i * 1.5);
    const u32 = Uint32Array.from({ length: n }, (_, i) => (i * 2654435761) >>> 0);
    const u16 = Uint16Array.from({ length: n }, (_, i) => i & 0xffff);
    const u8 = Uint8Array.from({ length: n }, (_, i) => i & 0xff);
    const cases: [
      Float64Array | Uint32Array | Uint16Array | Uint8Array,
      Float64Array | Uint32Array | Uint16Array | Uint8Array,
    ][] = [
      [f64, new Float64Array(n)],
      [u32, new Uint32Array(n)],
      [u16, new Uint16Array(n)],
      [u8, new Uint8Array(n)],
      [Uint32Array.from(u8), new Uint8Array(n)],
      [Uint32Array.from(u16), new Uint16Array(n)],
    ];
    for (const [src, out] of cases) {
      p.apply(src, out);
      for (let i = 0; i < n; i++)
        if (out[i] !== src[order[i]]) throw new Error(`row ${i}: ${out[i]} != ${src[order[i]]}`);
    }
    const bits = new Uint8Array((n + 7) >>> 3).map((_, k) => (k * 37) & 0xff);
    const moved = new Permutation(p.maps).applyBits(bits); // rebuilt from its maps, as another thread does
    for (let i = 0; i < n; i++) {
      const r = order[i];
      expect((moved[i >>> 3] >>> (i & 7)) & 1).toBe((bits[r >>> 3] >>> (r & 7)) & 1);
    }
  });

  it.each([0, 5, 8, 16384, 50_001])('moves all-set and all-clear bitmaps (%i rows)', (n) => {
    const p = Permutation.fromOrder(shuffled(n));
    const ones = new Uint8Array((n + 7) >>> 3).fill(0xff);
    const moved = p.applyBits(ones);
    for (let i = 0; i < n; i++) expect((moved[i >>> 3] >>> (i & 7)) & 1).toBe(1);
    expect(p.applyBits(new Uint8Array((n + 7) >>> 3)).every((b) => b === 0)).toBe(true);
    if (n > 1) {
      const one = new Uint8Array((n + 7) >>> 3);
      one[0] = 1;
      const m = p.applyBits(one);
      let count = 0;
      for (let i = 0; i < n; i++) count += (m[i >>> 3] >>> (i & 7)) & 1;
      expect(count).toBe(1);
    }
  });
});
