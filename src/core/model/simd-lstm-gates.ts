/**
 * The second WebAssembly SIMD kernel of the fast LSTM (see simd-gemv.ts for the first): the gate arithmetic of
 * tfjs's default LSTM cell (hard_sigmoid gates, tanh cell) over four windows, four units per instruction.
 * Done in JavaScript it took as long as the matrix products, because every unit needs three clamps and two tanh.
 *
 * tanh here is a rational approximation in float32 (the one Eigen uses for float: odd degree 13 over even
 * degree 6, after clamping to ±7.905), within a few float32 ulps of tanh; the classifier stays within 1e-5 of
 * tfjs (fast-lstm.test.ts).
 *
 * gates4(z, c, h, out, outStride, U), byte addresses except U (units, a multiple of 4): for window k < 4,
 * z_k = z + k·16U holds the pre-activations [i | f | g | o] (U each), c_k = c + k·4U the cell state and
 * h_k = h + k·4U the output; the new h is also written at out + k·outStride.
 */

const leb = (v: number): number[] => {
  const out: number[] = [];
  do { let b = v & 0x7f; v >>>= 7; if (v) b |= 0x80; out.push(b); } while (v);
  return out;
};
const sleb = (v: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    if ((v === 0 && !(b & 0x40)) || (v === -1 && b & 0x40)) { out.push(b); return out; }
    out.push(b | 0x80);
  }
};

// Parameters 0..5: z, c, h, out, outStride, U. Locals (i32) 6: Ub (bytes of U floats), 7: k, 8: jb.
// Locals (v128) 9: x, 10: x2, 11: q, 12: gi, 13: gf, 14: go, 15: cc.
const Z = 0, C = 1, H = 2, OUT = 3, OUT_STRIDE = 4, U = 5, UB = 6, K = 7, JB = 8;
const X = 9, X2 = 10, Q = 11, GI = 12, GF = 13, GO = 14, CC = 15;

const get = (i: number): number[] => [0x20, i];
const set = (i: number): number[] => [0x21, i];
const i32 = (v: number): number[] => [0x41, ...sleb(v)];
const add32 = [0x6a];
const simd = (op: number): number[] => [0xfd, ...leb(op)];
const load = [...simd(0x00), 0x04, 0x00];
const store = [...simd(0x0b), 0x04, 0x00];
const fadd = simd(0xe4), fmul = simd(0xe6), fdiv = simd(0xe7), fmin = simd(0xe8), fmax = simd(0xe9);

function splat4(f: number): number[] {
  const b = new Uint8Array(16);
  const v = new DataView(b.buffer);
  for (let i = 0; i < 4; i++) v.setFloat32(4 * i, f, true);
  return [...simd(0x0c), ...b];
}

/** Address base + jb + part·Ub on the stack (part 0..3: which quarter of z). */
const at = (base: number, part = 0): number[] => {
  const a = [...get(base), ...get(JB), ...add32];
  for (let p = 0; p < part; p++) a.push(...get(UB), ...add32);
  return a;
};

/** hard_sigmoid(v128 on the stack) = clamp(0.2x + 0.5, 0, 1), as tfjs computes it. */
const hardSigmoid = [...splat4(0.2), ...fmul, ...splat4(0.5), ...fadd, ...splat4(0), ...fmax, ...splat4(1), ...fmin];

// Eigen's generic_fast_tanh_float coefficients.
const ALPHA = [4.89352455891786e-3, 6.37261928875436e-4, 1.48572235717979e-5, 5.12229709037114e-8, -8.60467152213735e-11, 2.00018790482477e-13, -2.76076847742355e-16];
const BETA = [4.89352518554385e-3, 2.26843463243900e-3, 1.18534705686654e-4, 1.19825839466702e-6];
const CLAMP = 7.90531110763549805;

/** tanh of the v128 on the stack, left on the stack (uses locals x, x2, q). */
const tanh = (): number[] => {
  const out = [...splat4(-CLAMP), ...fmax, ...splat4(CLAMP), ...fmin, ...set(X), ...get(X), ...get(X), ...fmul, ...set(X2)];
  // q = ((b6·x2 + b4)·x2 + b2)·x2 + b0
  out.push(...splat4(BETA[3]));
  for (let i = 2; i >= 0; i--) out.push(...get(X2), ...fmul, ...splat4(BETA[i]), ...fadd);
  out.push(...set(Q));
  // p = (((a13·x2 + a11)·x2 + ...)·x2 + a1)·x
  out.push(...splat4(ALPHA[6]));
  for (let i = 5; i >= 0; i--) out.push(...get(X2), ...fmul, ...splat4(ALPHA[i]), ...fadd);
  out.push(...get(X), ...fmul, ...get(Q), ...fdiv);
  return out;
};

export const GATES4_BODY: readonly number[] = [
  0x02, 0x03, 0x7f, 0x07, 0x7b, // locals: 3 × i32, 7 × v128
  ...get(U), ...i32(2), 0x74, ...set(UB), //           Ub = U << 2
  ...i32(4), ...set(K),
  0x03, 0x40, //                                      loop (per window)
  ...i32(0), ...set(JB),
  0x03, 0x40, //                                        loop (per four units)
  ...at(Z, 0), ...load, ...hardSigmoid, ...set(GI),
  ...at(Z, 1), ...load, ...hardSigmoid, ...set(GF),
  ...at(Z, 3), ...load, ...hardSigmoid, ...set(GO),
  // cc = gf·c + gi·tanh(g)
  ...get(GF), ...at(C), ...load, ...fmul,
  ...at(Z, 2), ...load, ...tanh(), ...get(GI), ...fmul, ...fadd, ...set(CC),
  ...at(C), ...get(CC), ...store,
  // h = go·tanh(cc), to h and to out
  ...get(GO), ...get(CC), ...tanh(), ...fmul, ...set(X),
  ...at(H), ...get(X), ...store,
  ...at(OUT), ...get(X), ...store,
  ...get(JB), ...i32(16), ...add32, ...set(JB),
  ...get(JB), ...get(UB), 0x49, 0x0d, 0x00, //           jb < Ub: again
  0x0b,
  ...get(Z), ...get(UB), ...i32(2), 0x74, ...add32, ...set(Z), // z += 4·Ub
  ...get(C), ...get(UB), ...add32, ...set(C),
  ...get(H), ...get(UB), ...add32, ...set(H),
  ...get(OUT), ...get(OUT_STRIDE), ...add32, ...set(OUT),
  ...get(K), ...i32(1), 0x6b, 0x22, K, 0x0d, 0x00, //     --k: again
  0x0b,
  0x0b,
];
