/**
 * The fast LSTM's WebAssembly kernels (kernels/lstm.wat, assembled at build time into lstm-kernels.ts) over a
 * memory that grows as batches need: a thin, typed face on the module's exports. Null where the engine has
 * no WebAssembly or no SIMD, so callers stay on their plain-JS path.
 */
import { WASM_BASE64 } from './kernels/lstm-kernels.ts';

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

type Exported = (...args: number[]) => void;

let compiled: WebAssembly.Module | null | undefined;

function compile(): WebAssembly.Module | null {
  const wasm = (globalThis as { WebAssembly?: typeof WebAssembly }).WebAssembly;
  if (!wasm) return null;
  const text = atob(WASM_BASE64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  // An engine without SIMD rejects the module as invalid rather than failing later.
  return wasm.validate(bytes) ? new wasm.Module(bytes) : null;
}

/** A fresh instance with its own memory (one per classifier: instances are not shared across threads). */
export function lstmKernels(): LstmKernels | null {
  if (compiled === undefined) compiled = compile();
  if (!compiled) return null;
  const memory = new WebAssembly.Memory({ initial: 1 });
  const e = new WebAssembly.Instance(compiled, { m: { mem: memory } }).exports as Record<string, Exported>;
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
