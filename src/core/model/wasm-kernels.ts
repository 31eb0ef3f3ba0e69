/**
 * Loading a kernel module assembled from kernels/*.wat: compiled once per module, then an instance with its
 * own memory per user (instances are not shared across threads). Null where the engine has no WebAssembly
 * or no SIMD, so callers stay on their plain-JS path.
 */

export interface KernelInstance {
  readonly memory: WebAssembly.Memory;
  readonly exports: Record<string, (...args: number[]) => void>;
}

const compiled = new Map<string, WebAssembly.Module | null>();

function compile(base64: string): WebAssembly.Module | null {
  const wasm = (globalThis as { WebAssembly?: typeof WebAssembly }).WebAssembly;
  if (!wasm) return null;
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  // An engine without SIMD rejects the module as invalid rather than failing later.
  return wasm.validate(bytes) ? new wasm.Module(bytes) : null;
}

/** A fresh instance of the module `base64` with a memory of `pages` × 64 KiB to start. */
export function kernelInstance(base64: string, pages = 1): KernelInstance | null {
  if (!compiled.has(base64)) compiled.set(base64, compile(base64));
  const mod = compiled.get(base64);
  if (!mod) return null;
  const memory = new WebAssembly.Memory({ initial: pages });
  const instance = new WebAssembly.Instance(mod, { m: { mem: memory } });
  return { memory, exports: instance.exports as KernelInstance['exports'] };
}
