/**
 * Times model.fit in headless Chromium (Debian's, as the e2e tests use) on tfjs's own UMD builds, so the
 * figure does not wait on the app's training worker. A tiny server sends everything cross-origin isolated
 * (COOP/COEP), which is what lets the wasm backend use threads; the training windows come as raw float32.
 */
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { chromiumArgs, chromiumPath } from '../../playwright.config.ts';

const TF = 'node_modules/@tensorflow';
const STATIC: Record<string, string> = {
  '/tf.min.js': `${TF}/tfjs/dist/tf.min.js`,
  '/tf-backend-wasm.min.js': `${TF}/tfjs-backend-wasm/dist/tf-backend-wasm.min.js`,
  '/tf-backend-webgpu.min.js': `${TF}/tfjs-backend-webgpu/dist/tf-backend-webgpu.min.js`,
  '/wasm/tfjs-backend-wasm.wasm': `${TF}/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm`,
  '/wasm/tfjs-backend-wasm-simd.wasm': `${TF}/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm`,
  '/wasm/tfjs-backend-wasm-threaded-simd.wasm': `${TF}/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm`,
};
const PAGE =
  '<!doctype html><meta charset="utf-8"><title>train bench</title><script src="/tf.min.js"></script>' +
  '<script src="/tf-backend-wasm.min.js"></script><script src="/tf-backend-webgpu.min.js"></script>';

export interface BrowserRun {
  readonly backend: 'wasm' | 'webgl' | 'webgpu';
  /** wasm only: 0 = no threads (tfjs's plain build). */
  readonly threads?: number;
  readonly batchSize: number;
}

export interface BrowserResult extends BrowserRun {
  readonly windowsPerS: number | null;
  readonly error?: string;
  /** What the backend reports it is really using (threads, SIMD, renderer). */
  readonly detail?: string;
  /** wasm: threads tfjs really runs (it grants at most hardwareConcurrency / 2). */
  readonly threadsGranted?: number;
}

export interface FitJob {
  /** LayersModel topology (model.toJSON(null, false)) so the page trains the very model Node built. */
  readonly topology: unknown;
  readonly x: Float32Array;
  readonly y: Int32Array;
  readonly n: number;
  readonly steps: number;
  readonly width: number;
  readonly classes: number;
  readonly learningRate: number;
  readonly epochs: number;
  /** Rough length of each timed fit; slow backends get fewer windows. */
  readonly seconds: number;
}

function serve(job: FitJob): Promise<{ server: Server; url: string }> {
  const blobs: Record<string, Buffer> = {
    '/x.bin': Buffer.from(job.x.buffer, job.x.byteOffset, job.x.byteLength),
    '/y.bin': Buffer.from(job.y.buffer, job.y.byteOffset, job.y.byteLength),
  };
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const file = STATIC[path];
    const body =
      path === '/' ? Buffer.from(PAGE) : (blobs[path] ?? (file ? readFileSync(join(process.cwd(), file)) : null));
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    const type =
      path === '/'
        ? 'text/html'
        : path.endsWith('.js')
          ? 'text/javascript'
          : path.endsWith('.wasm')
            ? 'application/wasm'
            : 'application/octet-stream';
    res
      .writeHead(200, {
        'Content-Type': type,
        'Cross-Origin-Opener-Policy': 'same-origin',
        'Cross-Origin-Embedder-Policy': 'require-corp',
        'Cross-Origin-Resource-Policy': 'same-origin',
      })
      .end(body);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      resolve({ server, url: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/` });
    }),
  );
}

/**
 * The page side, plain JS over the UMD global `tf`. Kept as text: tsx's transpiled functions can carry
 * helper calls (__name) that do not exist in the page.
 */
const FIT_IN_PAGE = `async ({ run, job }) => {
  try {
    if (run.backend === 'wasm') {
      tf.wasm.setWasmPaths('/wasm/');
      if (run.threads) tf.wasm.setThreadsCount(run.threads);
      else tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    }
    if (!(await tf.setBackend(run.backend))) return { windowsPerS: null, error: run.backend + ' backend did not start' };
    await tf.ready();
    const x = new Float32Array(await (await fetch('/x.bin')).arrayBuffer());
    const y = new Int32Array(await (await fetch('/y.bin')).arrayBuffer());
    const model = await tf.models.modelFromJSON(job.topology);
    model.compile({ optimizer: tf.train.adam(job.learningRate), loss: 'categoricalCrossentropy' });
    const xs = tf.tensor3d(x, [job.n, job.steps, job.width]);
    const ys = tf.oneHot(tf.tensor1d(y, 'int32'), job.classes).toFloat();
    // Warm-up: kernels compile (webgl shaders, wasm first calls) before the clock starts.
    const warm = Math.min(job.n, run.batchSize * 3);
    await model.fit(xs.slice(0, warm), ys.slice(0, warm), { batchSize: run.batchSize, epochs: 1, verbose: 0 });
    // A second short fit sizes the timed one to about job.seconds, so a slow backend (software WebGL) ends.
    let t0 = performance.now();
    await model.fit(xs.slice(0, warm), ys.slice(0, warm), { batchSize: run.batchSize, epochs: 1, verbose: 0 });
    const guess = warm / ((performance.now() - t0) / 1000);
    const m = Math.min(job.n, Math.max(run.batchSize * 4, Math.round((guess * job.seconds) / run.batchSize) * run.batchSize));
    const xm = m < job.n ? xs.slice(0, m) : xs;
    const ym = m < job.n ? ys.slice(0, m) : ys;
    // Per-batch times, so the figure is the median batch (other processes on a shared machine skew totals).
    const marks = [];
    t0 = performance.now();
    marks.push(t0);
    await model.fit(xm, ym, { batchSize: run.batchSize, epochs: job.epochs, shuffle: true, verbose: 0, yieldEvery: 'never',
      callbacks: { onBatchEnd: () => { marks.push(performance.now()); } } });
    const s = (performance.now() - t0) / 1000;
    const full = Math.floor(m / run.batchSize);
    const gaps = marks.slice(1, full + 1).map((t, i) => t - marks[i]).sort((a, b) => a - b);
    const median = gaps[Math.floor(gaps.length / 2)] / 1000;
    let detail = 'backend ' + tf.getBackend();
    if (run.backend === 'wasm') {
      const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
      const mt = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
      detail += ', simd ' + simd + ', multithread support ' + mt + ', threads ' + tf.wasm.getThreadsCount() + ', crossOriginIsolated ' + globalThis.crossOriginIsolated + ', cores ' + navigator.hardwareConcurrency;
    }
    if (run.backend === 'webgl') {
      const gl = tf.backend().gpgpu && tf.backend().gpgpu.gl;
      const ext = gl && gl.getExtension('WEBGL_debug_renderer_info');
      detail += ', renderer ' + (ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : 'unknown');
    }
    return { windowsPerS: run.batchSize / median, threadsGranted: run.backend === 'wasm' ? tf.wasm.getThreadsCount() : undefined, detail: detail + ', ' + m + ' windows, overall ' + Math.round((m * job.epochs) / s) + '/s' };
  } catch (e) {
    return { windowsPerS: null, error: e && e.message ? e.message : String(e) };
  }
}`;

export async function browserFits(
  job: FitJob,
  runs: readonly BrowserRun[],
  log: (s: string) => void,
): Promise<BrowserResult[]> {
  const { server, url } = await serve(job);
  let browser: Browser | null = null;
  const out: BrowserResult[] = [];
  try {
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [...chromiumArgs, '--enable-unsafe-webgpu'],
    });
    const { x: _x, y: _y, ...meta } = job;
    for (const run of runs) {
      // A fresh page each time: a tfjs backend's settings (threads) are fixed once it has started.
      const page = await browser.newPage();
      await page.goto(url);
      const r = (await page.evaluate(`(${FIT_IN_PAGE})(${JSON.stringify({ run, job: meta })})`)) as {
        windowsPerS: number | null;
        error?: string;
        detail?: string;
        threadsGranted?: number;
      };
      await page.close();
      const res: BrowserResult = { ...run, ...r };
      log(
        `  browser ${label(res)}: ${res.windowsPerS ? `${Math.round(res.windowsPerS)} windows/s` : `unavailable (${res.error})`}${res.detail ? ` [${res.detail}]` : ''}`,
      );
      out.push(res);
    }
  } finally {
    await browser?.close();
    server.close();
  }
  return out;
}

export function label(r: BrowserRun & { threadsGranted?: number }): string {
  if (r.backend !== 'wasm') return `${r.backend}, batch ${r.batchSize}`;
  const threads = !r.threads
    ? 'plain build'
    : r.threadsGranted !== undefined && r.threadsGranted !== r.threads
      ? `threaded build, ${r.threads} threads asked, ${r.threadsGranted} granted`
      : `threaded build, ${r.threads} threads`;
  return `wasm ${threads}, batch ${r.batchSize}`;
}
