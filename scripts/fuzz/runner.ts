/**
 * Runs fuzz targets on worker threads, in batches, under a watchdog: a worker that stays on one input past
 * the time bound is a hang (it is terminated, which stops even a loop that never yields), a worker that runs
 * out of its heap (resourceLimits) or pushes the process past its memory bound is a memory failure, and each
 * time the input is made again from (run seed, target, number), saved, and the run goes on with a new worker.
 * Batches are counted (the test: N inputs per target) or timed (a long run: targets take turns of about a
 * second each until the time is up).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { buildSync } from 'esbuild';
import { inputRng } from '../../src/core/fuzz/mutator.ts';
import type { Seeds } from '../../src/core/fuzz/inputs.ts';
import { ALL_TARGETS, targetByName } from './all-targets.ts';
import type { BatchDone, BatchJob, FailureKind, WorkerFailure, WorkerInit } from './protocol.ts';
import { loadSeeds } from './seeds.ts';

export interface FuzzOptions {
  /** Target names (default: every target). */
  readonly targets?: readonly string[];
  readonly seed?: number;
  /** Inputs per target; or `minutes` of running, the targets taking turns. */
  readonly perTarget?: number;
  readonly minutes?: number;
  readonly workers?: number;
  /** One input running longer than this is a hang. */
  readonly hangMs?: number;
  /** A worker's heap (V8's old generation) bound. */
  readonly heapMb?: number;
  /** The whole process's resident memory bound (typed arrays live outside the heap). */
  readonly rssMb?: number;
  /** Typed arrays one input may allocate. */
  readonly externalMb?: number;
  /** Where failing inputs are written (null: nowhere). */
  readonly failuresDir?: string | null;
  readonly root?: string;
  readonly log?: (line: string) => void;
  readonly progressEveryMs?: number;
}

export interface Failure {
  readonly target: string;
  readonly index: number;
  readonly kind: FailureKind;
  readonly message: string;
  readonly stack: string;
  /** The saved input, when saved. */
  readonly file: string | null;
}

export interface TargetStats {
  inputs: number;
  tables: number;
  errors: number;
  failures: number;
  slowest_ms: number;
  slowest_input: number;
  busy_ms: number;
}

export interface FuzzReport {
  readonly seed: number;
  readonly inputs: number;
  readonly seconds: number;
  readonly workers: number;
  readonly per_target: Record<string, TargetStats>;
  readonly failures: number;
  readonly crashes: number;
  readonly hangs: number;
  readonly unclear_errors: number;
  readonly broken_results: number;
  readonly memory: number;
  readonly harness: number;
  readonly peak_rss_mb: number;
  /** Distinct failures (by target, kind and message), the first input of each. */
  readonly found: readonly Failure[];
}

/** A long run's turn per target, in worker time. */
const TURN_MS = 1000;
/** A counted run's batch. */
const COUNTED_BATCH = 250;
/**
 * A worker's young generation: the readers allocate their columns afresh for every input, and a larger
 * nursery collects them less often (about 15% less CPU than V8's default here).
 */
const YOUNG_MB = 96;
/** Inputs saved per distinct failure (the rest are counted). */
const SAVED_PER_KIND = 3;

let workerUrl: URL | null = null;

/** The worker as one plain-JavaScript module (as cli/lib/bundled-worker.ts; esbuild, never run there, left out). */
function fuzzWorkerUrl(): URL {
  if (workerUrl) return workerUrl;
  const out = buildSync({
    entryPoints: [fileURLToPath(new URL('./fuzz.worker.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    write: false,
    logLevel: 'silent',
    external: ['esbuild'],
  });
  workerUrl = new URL(`data:text/javascript,${encodeURIComponent(out.outputFiles[0].text)}`);
  return workerUrl;
}

/** What a failure is, without its numbers: one saved input per distinct bug, not per input. */
function signature(f: Pick<Failure, 'target' | 'kind' | 'message'>): string {
  return `${f.target}|${f.kind}|${f.message.replace(/\d[\d,.]*/g, 'N').slice(0, 160)}`;
}

interface Slot {
  worker: Worker | null;
  readonly progress: Float64Array;
  readonly sab: SharedArrayBuffer;
  current: { job: BatchJob; done: () => void } | null;
  /** Ends the worker on its current input, recording it as a failure of this kind. */
  kill: (kind: FailureKind, message: string) => void;
}

export async function runFuzz(opts: FuzzOptions = {}): Promise<FuzzReport> {
  const root = opts.root ?? process.cwd();
  const seed = opts.seed ?? 1;
  const targets = (opts.targets?.length ? opts.targets : ALL_TARGETS.map((t) => t.name)).map(targetByName);
  const workers = Math.max(1, opts.workers ?? 1);
  const hangMs = opts.hangMs ?? 10_000;
  const heapMb = opts.heapMb ?? 1024;
  const rssMb = opts.rssMb ?? 4096;
  const externalMb = opts.externalMb ?? 256;
  const failuresDir = opts.failuresDir === undefined ? join(root, '.tmp', 'fuzz-failures') : opts.failuresDir;
  const log = opts.log ?? (() => undefined);
  const timed = opts.minutes !== undefined;
  if (!timed && opts.perTarget === undefined) throw new Error('runFuzz needs perTarget or minutes');
  const t0 = Date.now();
  const deadline = timed ? t0 + (opts.minutes as number) * 60_000 : Infinity;

  let seeds: Seeds | null = null;
  const stats: Record<string, TargetStats> = {};
  for (const t of targets)
    stats[t.name] = { inputs: 0, tables: 0, errors: 0, failures: 0, slowest_ms: 0, slowest_input: -1, busy_ms: 0 };
  const counts: Record<FailureKind, number> = {
    crash: 0,
    'unclear-error': 0,
    'broken-result': 0,
    hang: 0,
    memory: 0,
    harness: 0,
  };
  const found: Failure[] = [];
  const saved = new Map<string, number>();
  let peakRss = process.memoryUsage.rss();

  function record(f: Omit<Failure, 'file'>, input: Uint8Array | null): void {
    counts[f.kind]++;
    stats[f.target].failures++;
    const sig = signature(f);
    const n = saved.get(sig) ?? 0;
    saved.set(sig, n + 1);
    let file: string | null = null;
    if (failuresDir && input && n < SAVED_PER_KIND) {
      mkdirSync(failuresDir, { recursive: true });
      file = join(failuresDir, `${f.target}-seed${seed}-input${f.index}-${f.kind}.bin`);
      writeFileSync(file, input);
      writeFileSync(
        file.replace(/\.bin$/, '.txt'),
        `${f.kind} in ${f.target}, input ${f.index} of seed ${seed}\n` +
          `replay: npm run fuzz -- --target ${f.target} --replay ${file}\n\n${f.message}\n\n${f.stack}\n`,
      );
    }
    if (n === 0) {
      found.push({ ...f, file });
      const first = f.message.split('\n')[0].slice(0, 300);
      log(`[fuzz] ${f.kind} in ${f.target} (input ${f.index}): ${first}${file ? ` -> ${file}` : ''}`);
    }
  }

  /** A failure the worker could not report (it hung or died): its input, made again here. */
  function recordDeath(job: BatchJob, index: number, kind: FailureKind, message: string): void {
    seeds ??= loadSeeds(root);
    let input: Uint8Array | null = null;
    try {
      input = targetByName(job.target).make(seeds, inputRng(seed, job.target, index));
    } catch {
      input = null;
    }
    record({ target: job.target, index, kind, message, stack: '' }, input);
  }

  // --- scheduling ---
  const queue: BatchJob[] = [];
  const nextIndex = new Map(targets.map((t) => [t.name, 0]));
  let turn = 0;
  function nextJob(): BatchJob | null {
    if (Date.now() >= deadline) return null;
    const again = queue.shift();
    if (again) return again;
    for (let k = 0; k < targets.length; k++) {
      const t = targets[(turn + k) % targets.length];
      const from = nextIndex.get(t.name) as number;
      let count: number;
      if (timed) {
        const s = stats[t.name];
        count = s.busy_ms > 0 ? Math.max(10, Math.min(50_000, Math.round((s.inputs / s.busy_ms) * TURN_MS))) : 20;
      } else {
        count = Math.min(COUNTED_BATCH, (opts.perTarget as number) - from);
        if (count <= 0) continue;
      }
      turn = (turn + k + 1) % targets.length;
      nextIndex.set(t.name, from + count);
      return { target: t.name, runSeed: seed, from, count };
    }
    return null;
  }

  // --- workers ---
  const url = fuzzWorkerUrl();
  function spawn(slot: Slot): void {
    // What the last worker in this slot was running is not this one's: a stale start time seen by the
    // watchdog before the new worker (slow to start on a loaded machine) begins would end it as a hang.
    slot.progress.fill(0);
    const init: WorkerInit = { root, progress: slot.sab, externalMb };
    const w = new Worker(url, {
      workerData: init,
      resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: YOUNG_MB },
      stdout: false,
      stderr: false,
    });
    slot.worker = w;
    w.on('message', (m: WorkerFailure | BatchDone) => {
      if (slot.worker !== w) return;
      if (m.type === 'failure') {
        record({ target: m.target, index: m.index, kind: m.kind, message: m.message, stack: m.stack }, m.input);
        return;
      }
      const cur = slot.current;
      if (!cur) return;
      const s = stats[cur.job.target];
      s.inputs += m.inputs;
      s.tables += m.tables;
      s.errors += m.errors;
      s.busy_ms += m.busyMs;
      if (m.slowestMs > s.slowest_ms) {
        s.slowest_ms = m.slowestMs;
        s.slowest_input = m.slowestInput;
      }
      slot.current = null;
      cur.done();
    });
    const died = (kind: FailureKind, message: string): void => {
      if (slot.worker !== w) return;
      slot.worker = null;
      void w.terminate();
      const cur = slot.current;
      if (!cur) return;
      const index = slot.progress[0];
      const { job } = cur;
      stats[job.target].inputs += index - job.from + 1;
      // Died while making its input: the harness's fault, and making it again here would fail here too.
      if (slot.progress[2] === 0)
        record(
          { target: job.target, index, kind: 'harness', message: `making the input: ${message}`, stack: '' },
          null,
        );
      else recordDeath(job, index, kind, message);
      const left = job.from + job.count - index - 1;
      if (left > 0) queue.push({ ...job, from: index + 1, count: left });
      slot.current = null;
      cur.done();
    };
    w.on('error', (e: Error & { code?: string }) =>
      died(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'crash', `${e.name}: ${e.message}`),
    );
    w.on('exit', (code) => died('crash', `the worker exited (code ${code})`));
    slot.kill = died;
  }

  const slots: Slot[] = Array.from({ length: workers }, () => {
    const sab = new SharedArrayBuffer(24);
    return { worker: null, sab, progress: new Float64Array(sab), current: null, kill: () => undefined };
  });

  const watchdog = setInterval(() => {
    const rss = process.memoryUsage.rss();
    peakRss = Math.max(peakRss, rss);
    const now = Date.now();
    const busy = slots.filter((s) => s.current && s.progress[1] > 0);
    for (const s of busy) {
      if (now - s.progress[1] > hangMs) s.kill('hang', `no result after ${hangMs} ms`);
    }
    if (rss > rssMb * 1048576) {
      // Which of the inputs running grew is not known here: each is ended and saved.
      const others = busy.length - 1;
      const also = others > 0 ? ` (with ${others} other input${others > 1 ? 's' : ''} running)` : '';
      for (const s of busy) s.kill('memory', `the process grew to ${Math.round(rss / 1048576)} MB${also}`);
    }
  }, 200);
  let lastLog = Date.now();
  const progressEvery = opts.progressEveryMs ?? 10_000;
  function progressLine(): void {
    if (Date.now() - lastLog < progressEvery) return;
    lastLog = Date.now();
    const total = Object.values(stats).reduce((a, s) => a + s.inputs, 0);
    const fails = Object.values(counts).reduce((a, b) => a + b, 0);
    const secs = (Date.now() - t0) / 1000;
    const each = targets.map((t) => `${t.name} ${stats[t.name].inputs.toLocaleString('en-US')}`).join(', ');
    const rate = Math.round(total / secs);
    log(
      `[fuzz] ${secs.toFixed(0)} s: ${total.toLocaleString('en-US')} inputs (${rate}/s), ${fails} failures | ${each}`,
    );
  }

  async function drive(slot: Slot): Promise<void> {
    for (let job = nextJob(); job; job = nextJob()) {
      if (!slot.worker) spawn(slot);
      const w = slot.worker as Worker;
      await new Promise<void>((done) => {
        slot.current = { job: job as BatchJob, done };
        w.postMessage(job);
      });
      progressLine();
    }
  }

  try {
    await Promise.all(slots.map(drive));
  } finally {
    clearInterval(watchdog);
    await Promise.all(
      slots.map(async (s) => {
        const w = s.worker;
        s.worker = null;
        if (w) await w.terminate();
      }),
    );
  }
  peakRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);
  const inputs = Object.values(stats).reduce((a, s) => a + s.inputs, 0);
  for (const s of Object.values(stats)) {
    s.slowest_ms = Math.round(s.slowest_ms * 10) / 10;
    s.busy_ms = Math.round(s.busy_ms);
  }
  return {
    seed,
    inputs,
    seconds: Math.round((Date.now() - t0) / 100) / 10,
    workers,
    per_target: stats,
    failures: Object.values(counts).reduce((a, b) => a + b, 0),
    crashes: counts.crash,
    hangs: counts.hang,
    unclear_errors: counts['unclear-error'],
    broken_results: counts['broken-result'],
    memory: counts.memory,
    harness: counts.harness,
    peak_rss_mb: Math.round(peakRss / 1048576),
    found,
  };
}

/** Runs one saved input through its target here (a few ways of cutting it into pieces); throws what it throws. */
export async function replay(target: string, input: Uint8Array, cuts = 4): Promise<string[]> {
  const t = targetByName(target);
  const out: string[] = [];
  for (let k = 0; k < cuts; k++) {
    const r = await t.run(input, inputRng(0, target, k));
    out.push(`${r.kind}: ${r.detail}`);
  }
  return out;
}
