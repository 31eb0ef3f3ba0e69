import { GATES4_BODY } from './simd-lstm-gates.ts';

/**
 * WebAssembly SIMD kernels (hand-assembled, a few hundred bytes, so no toolchain or binary file ships) for the
 * loops that dominate LSTM inference: z += xᵀ·W (here) and the cell's gates (simd-lstm-gates.ts); with W row-major [nIn][4·nOut4] in the module's memory.
 * Each input value is splatted across four lanes and multiplied into four outputs per instruction; the
 * weights are read once, in order. Null where the engine lacks WebAssembly SIMD (the caller stays on JS).
 */

// gemv(z, w, x, nIn, nOut4), byte addresses, 16-byte aligned z and w:
//   for i < nIn: s = splat(x[i]); for j < nOut4: z[j] += s * w[i·nOut4 + j]   (v128 lanes)
const BODY = [
  0x02, 0x02, 0x7f, 0x01, 0x7b, // locals: zp, j (i32); s (v128)
  0x02, 0x40, //                   block
  0x20, 0x03, 0x45, 0x0d, 0x00, //   nIn == 0: done
  0x03, 0x40, //                     loop (per input)
  0x20, 0x02, 0x2a, 0x02, 0x00, 0xfd, 0x13, 0x21, 0x07, //    s = splat(f32 x[i])
  0x20, 0x02, 0x41, 0x04, 0x6a, 0x21, 0x02, //                x += 4
  0x20, 0x00, 0x21, 0x05, //                                  zp = z
  0x20, 0x04, 0x21, 0x06, //                                  j = nOut4
  0x03, 0x40, //                                              loop (per four outputs)
  0x20, 0x05, //                                                zp
  0x20, 0x05, 0xfd, 0x00, 0x04, 0x00, //                        v128.load zp
  0x20, 0x07, 0x20, 0x01, 0xfd, 0x00, 0x04, 0x00, //            s, v128.load w
  0xfd, 0xe6, 0x01, 0xfd, 0xe4, 0x01, //                        f32x4.mul, f32x4.add
  0xfd, 0x0b, 0x04, 0x00, //                                    v128.store zp
  0x20, 0x05, 0x41, 0x10, 0x6a, 0x21, 0x05, //                  zp += 16
  0x20, 0x01, 0x41, 0x10, 0x6a, 0x21, 0x01, //                  w += 16
  0x20, 0x06, 0x41, 0x01, 0x6b, 0x22, 0x06, 0x0d, 0x00, //      --j: again
  0x0b, //                                                    end
  0x20, 0x03, 0x41, 0x01, 0x6b, 0x22, 0x03, 0x0d, 0x00, //    --nIn: again
  0x0b, 0x0b, 0x0b, //               end loop, block, function
];


// gemv4(z, w, x, xs, nIn, nOut4): the same for four windows at once, sharing each weight load: window k's
// outputs at z + k·(16·nOut4) bytes and inputs at x + k·xs.
const zk = (k: number): number[] => {
  // address zp + k·zs, left on the stack
  if (k === 0) return [0x20, 0x06];
  if (k === 1) return [0x20, 0x06, 0x20, 0x08, 0x6a];
  if (k === 2) return [0x20, 0x06, 0x20, 0x08, 0x41, 0x01, 0x74, 0x6a];
  return [0x20, 0x06, 0x20, 0x08, 0x41, 0x03, 0x6c, 0x6a];
};
const xk = (k: number): number[] => {
  if (k === 0) return [0x20, 0x02];
  if (k === 1) return [0x20, 0x02, 0x20, 0x03, 0x6a];
  if (k === 2) return [0x20, 0x02, 0x20, 0x03, 0x41, 0x01, 0x74, 0x6a];
  return [0x20, 0x02, 0x20, 0x03, 0x41, 0x03, 0x6c, 0x6a];
};
const BODY4 = [
  0x02, 0x03, 0x7f, 0x05, 0x7b, // locals: zp (6), j (7), zs (8) i32; s0..s3 (9..12), wv (13) v128
  0x02, 0x40,
  0x20, 0x04, 0x45, 0x0d, 0x00, //                           nIn == 0: done
  0x20, 0x05, 0x41, 0x04, 0x74, 0x21, 0x08, //               zs = nOut4 << 4
  0x03, 0x40,
  ...[0, 1, 2, 3].flatMap((k) => [...xk(k), 0x2a, 0x02, 0x00, 0xfd, 0x13, 0x21, 0x09 + k]), // s_k = splat(x_k[i])
  0x20, 0x02, 0x41, 0x04, 0x6a, 0x21, 0x02, //               x += 4
  0x20, 0x00, 0x21, 0x06, 0x20, 0x05, 0x21, 0x07, //         zp = z; j = nOut4
  0x03, 0x40,
  0x20, 0x01, 0xfd, 0x00, 0x04, 0x00, 0x21, 0x0d, //           wv = load w
  ...[0, 1, 2, 3].flatMap((k) => [...zk(k), ...zk(k), 0xfd, 0x00, 0x04, 0x00, 0x20, 0x09 + k, 0x20, 0x0d, 0xfd, 0xe6, 0x01, 0xfd, 0xe4, 0x01, 0xfd, 0x0b, 0x04, 0x00]),
  0x20, 0x06, 0x41, 0x10, 0x6a, 0x21, 0x06, //                 zp += 16
  0x20, 0x01, 0x41, 0x10, 0x6a, 0x21, 0x01, //                 w += 16
  0x20, 0x07, 0x41, 0x01, 0x6b, 0x22, 0x07, 0x0d, 0x00, //     --j: again
  0x0b,
  0x20, 0x04, 0x41, 0x01, 0x6b, 0x22, 0x04, 0x0d, 0x00, //   --nIn: again
  0x0b, 0x0b, 0x0b,
];

const section = (id: number, bytes: number[]): number[] => [id, ...leb(bytes.length), ...bytes];

function leb(v: number): number[] {
  const out: number[] = [];
  do { let b = v & 0x7f; v >>>= 7; if (v) b |= 0x80; out.push(b); } while (v);
  return out;
}

function moduleBytes(): Uint8Array<ArrayBuffer> {
  const name = (s: string): number[] => [s.length, ...Array.from(s, (c) => c.charCodeAt(0))];
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [0x02, 0x60, 0x05, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x00, 0x60, 0x06, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x00]), // (i32 × 5) -> (), (i32 × 6) -> ()
    ...section(2, [0x01, ...name('m'), ...name('mem'), 0x02, 0x00, 0x01]), // imports memory m.mem (min 1 page)
    ...section(3, [0x03, 0x00, 0x01, 0x01]),
    ...section(7, [0x03, ...name('gemv'), 0x00, 0x00, ...name('gemv4'), 0x00, 0x01, ...name('gates4'), 0x00, 0x02]),
    ...section(10, [0x03, ...leb(BODY.length), ...BODY, ...leb(BODY4.length), ...BODY4, ...leb(GATES4_BODY.length), ...GATES4_BODY]),
  ]);
}

export interface SimdGemv {
  readonly f32: Float32Array;
  /** z[0 .. 4·nOut4) += Σ_i x[i] · w[i][·], addresses in floats (z and w multiples of 4). */
  readonly gemv: (z: number, w: number, x: number, nIn: number, nOut4: number) => void;
  /** gemv for four windows: z_k at z + k·4·nOut4, x_k at x + k·xs (floats). */
  readonly gemv4: (z: number, w: number, x: number, xs: number, nIn: number, nOut4: number) => void;
  /** The default LSTM cell's gates for four windows (simd-lstm-gates.ts), offsets in floats; units a multiple of 4. */
  readonly gates4: (z: number, c: number, h: number, out: number, outStride: number, units: number) => void;
}

/** A module instance over `floats` floats of its own memory, or null without WebAssembly SIMD. */
export function simdGemv(floats: number): SimdGemv | null {
  const wasm = (globalThis as { WebAssembly?: typeof WebAssembly }).WebAssembly;
  if (!wasm) return null;
  const bytes = moduleBytes();
  if (!wasm.validate(bytes)) return null;
  const memory = new wasm.Memory({ initial: Math.max(1, Math.ceil((floats * 4) / 65536)) });
  const instance = new wasm.Instance(new wasm.Module(bytes), { m: { mem: memory } });
  const g = instance.exports.gemv as (z: number, w: number, x: number, nIn: number, nOut4: number) => void;
  const g4 = instance.exports.gemv4 as (z: number, w: number, x: number, xs: number, nIn: number, nOut4: number) => void;
  const gates = instance.exports.gates4 as (z: number, c: number, h: number, out: number, outStride: number, units: number) => void;
  return {
    f32: new Float32Array(memory.buffer),
    gemv: (z, w, x, nIn, nOut4) => g(z * 4, w * 4, x * 4, nIn, nOut4),
    gemv4: (z, w, x, xs, nIn, nOut4) => g4(z * 4, w * 4, x * 4, xs * 4, nIn, nOut4),
    gates4: (z, c, h, out, outStride, units) => gates(z * 4, c * 4, h * 4, out * 4, outStride * 4, units),
  };
}
