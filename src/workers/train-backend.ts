/**
 * Picks the tfjs backend in the train worker. Auto tries the fastest first: WebGPU, then WebGL (only on a
 * real GPU: on SwiftShader, Chromium's software GL, it is slower than wasm), then wasm with SIMD and threads
 * (threads: see startWasm), then plain JS. Each backend's code is loaded only when tried.
 */
import type { Tf } from '../core/model/build-model.ts';
import type { BackendChoice, BackendInfo } from './train-messages.ts';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

type Attempt = { ok: true; note: string } | { ok: false; why: string };

let current: { choice: BackendChoice; info: BackendInfo } | null = null;

/** Sets the backend for `choice` once; later calls with the same choice return at once. */
export async function selectBackend(tf: Tf, choice: BackendChoice): Promise<BackendInfo> {
  if (current && current.choice === choice) return current.info;
  const order: Exclude<BackendChoice, 'auto'>[] =
    choice === 'auto' ? ['webgpu', 'webgl', 'wasm', 'cpu'] : [choice, 'cpu'];
  const skipped: string[] = [];
  for (const name of order) {
    const a = await attempt(tf, name, choice === 'auto');
    if (a.ok) {
      const notes = [
        ...(choice !== 'auto' && name !== choice ? [`${choice} unavailable`] : []),
        ...skipped,
        a.note,
      ].filter(Boolean);
      const info = { name, note: notes.join('; ') };
      current = { choice, info };
      return info;
    }
    skipped.push(`${name}: ${a.why}`);
  }
  throw new Error(`no tfjs backend could start (${skipped.join('; ')})`);
}

async function attempt(tf: Tf, name: Exclude<BackendChoice, 'auto'>, auto: boolean): Promise<Attempt> {
  try {
    switch (name) {
      case 'webgpu': {
        const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
        if (!gpu || !(await gpu.requestAdapter())) return { ok: false, why: 'no WebGPU adapter' };
        await import('@tensorflow/tfjs-backend-webgpu');
        return (await tf.setBackend('webgpu')) ? { ok: true, note: '' } : { ok: false, why: 'failed to start' };
      }
      case 'webgl': {
        if (typeof OffscreenCanvas === 'undefined') return { ok: false, why: 'no OffscreenCanvas in workers' };
        const renderer = glRenderer();
        if (renderer === null) return { ok: false, why: 'no WebGL' };
        if (auto && /swiftshader|llvmpipe|software/i.test(renderer))
          return { ok: false, why: `software GL (${renderer})` };
        return (await tf.setBackend('webgl')) ? { ok: true, note: renderer } : { ok: false, why: 'failed to start' };
      }
      case 'wasm':
        return await startWasm(tf);
      case 'cpu':
        return (await tf.setBackend('cpu'))
          ? { ok: true, note: 'plain JavaScript (slow)' }
          : { ok: false, why: 'failed to start' };
    }
  } catch (e) {
    return { ok: false, why: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * Single-threaded on purpose: tfjs-backend-wasm 4.22 starts its pthread workers from the source text of its
 * own factory function (`factory.toString()`), and once Vite has bundled that CommonJS module the text
 * refers to names of the bundle's wrapper, so every pthread worker dies with "e is not defined" and the
 * backend never finishes starting. SIMD still applies.
 */
async function startWasm(tf: Tf): Promise<Attempt> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  wasm.setWasmPaths({
    'tfjs-backend-wasm.wasm': wasmPlain,
    'tfjs-backend-wasm-simd.wasm': wasmSimd,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
  });
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  if (!(await tf.setBackend('wasm'))) return { ok: false, why: 'failed to start' };
  const simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT') ? 'SIMD' : 'no SIMD';
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  return {
    ok: true,
    note: `${simd}, 1 thread (${isolated ? 'the threaded build cannot start from this bundle' : 'page not cross-origin isolated'})`,
  };
}

/** The GL renderer's name, or null without WebGL. */
function glRenderer(): string | null {
  const gl = new OffscreenCanvas(1, 1).getContext('webgl2') ?? new OffscreenCanvas(1, 1).getContext('webgl');
  if (!gl) return null;
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  return String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
}
