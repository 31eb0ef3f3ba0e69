/**
 * The fast LSTM's WebAssembly kernels (kernels/lstm.wat, assembled at build time into lstm-kernels.ts) over a
 * memory that grows as batches need: a thin, typed face on the module's exports (loaded by wasm-kernels.ts).
 */
import { WASM_BASE64 } from './kernels/lstm-kernels.ts';
import { kernelInstance } from './wasm-kernels.ts';

export interface LstmKernels {
  /** Float32 view of the module's memory; replaced when the memory grows (see ensure). */
  f32: Float32Array;
  i32: Int32Array;
  /** Makes the memory at least `bytes` long. */
  ensure(bytes: number): void;
  /** C[m][4·gv] += A[m][k] · B[k][4·gv], byte addresses and row strides; m a multiple of 4, gv of 2. */
  gemm(c: number, ldc: number, a: number, lda: number, b: number, ldb: number, m: number, k: number, gv: number): void;
  /** Gate q of window j (u floats) = t_j's + p[idx_j]'s, into gate-major z (gate q at z + q·zBlock); idx_j at idx + j·idxStride. */
  gather(z: number, zBlock: number, t: number, p: number, idx: number, idxStride: number, m: number, u: number): void;
  /** One step of the default LSTM cell for m windows of u units, z gate-major (u a multiple of 4); h also to out + j·outStride. */
  gates(z: number, zBlock: number, c: number, h: number, out: number, outStride: number, m: number, u: number): void;
}

/** A fresh instance with its own memory (one per classifier: instances are not shared across threads). */
export function lstmKernels(): LstmKernels | null {
  const instance = kernelInstance(WASM_BASE64);
  if (!instance) return null;
  const { memory, exports: e } = instance;
  const k: LstmKernels = {
    f32: new Float32Array(memory.buffer),
    i32: new Int32Array(memory.buffer),
    ensure(bytes: number): void {
      const have = memory.buffer.byteLength;
      if (bytes <= have) return;
      memory.grow(Math.ceil((bytes - have) / 65536));
      k.f32 = new Float32Array(memory.buffer);
      k.i32 = new Int32Array(memory.buffer);
    },
    gemm: e.gemm,
    gather: e.gather,
    gates: e.gates,
  };
  return k;
}
