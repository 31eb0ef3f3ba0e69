/**
 * The fuzz worker: makes and runs a batch of one target's inputs and reports each failure with its input.
 * Before each input it writes the input's number and start time into shared memory, so the runner's
 * watchdog can tell a hang (a loop that never returns to this thread's event loop) and which input it was,
 * and make that input again to save it.
 */
import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { inputRng } from '../../src/core/fuzz/mutator.ts';
import { FuzzFinding } from '../../src/core/fuzz/outcome.ts';
import { targetByName } from './all-targets.ts';
import { loadSeeds } from './seeds.ts';
import type { BatchDone, BatchJob, WorkerFailure, WorkerInit } from './protocol.ts';

const init = workerData as WorkerInit;
const seeds = loadSeeds(init.root);
/** [input number, its start in ms since the epoch (0: between inputs), 1 once it is made and running]. */
const progress = new Float64Array(init.progress);
const port = parentPort;
if (!port) throw new Error('fuzz.worker.ts runs as a worker thread');

port.on('message', (job: BatchJob) => {
  void runBatch(job);
});

async function runBatch(job: BatchJob): Promise<void> {
  const target = targetByName(job.target);
  const done: BatchDone = {
    type: 'done',
    inputs: 0,
    tables: 0,
    errors: 0,
    failures: 0,
    busyMs: 0,
    slowestMs: 0,
    slowestInput: -1,
  };
  const t0 = performance.now();
  for (let i = job.from; i < job.from + job.count; i++) {
    progress[0] = i;
    progress[1] = Date.now();
    progress[2] = 0;
    const rng = inputRng(job.runSeed, target.name, i);
    let input: Uint8Array;
    try {
      input = target.make(seeds, rng);
    } catch (e) {
      fail(job, i, 'harness', e, new Uint8Array(0));
      done.failures++;
      continue;
    }
    progress[2] = 1;
    const start = performance.now();
    const external = getHeapStatistics().external_memory;
    try {
      const r = target.run(input, rng);
      const outcome = r instanceof Promise ? await r : r;
      // What it allocated and has not yet been collected: a lower bound of its peak, enough to catch a blow-up.
      const grew = (getHeapStatistics().external_memory - external) / 1048576;
      if (grew > init.externalMb) {
        fail(
          job,
          i,
          'memory',
          new Error(
            `${Math.round(grew)} MB of typed arrays for an input of ${input.length.toLocaleString('en-US')} bytes`,
          ),
          input,
        );
        done.failures++;
      } else if (outcome.kind === 'table') done.tables++;
      else done.errors++;
    } catch (e) {
      fail(job, i, e instanceof FuzzFinding ? e.kind : 'crash', e, input);
      done.failures++;
    }
    const ms = performance.now() - start;
    if (ms > done.slowestMs) {
      done.slowestMs = ms;
      done.slowestInput = i;
    }
    done.inputs++;
  }
  progress[1] = 0;
  done.busyMs = performance.now() - t0;
  port?.postMessage(done);
}

function fail(job: BatchJob, index: number, kind: WorkerFailure['kind'], e: unknown, input: Uint8Array): void {
  const err = e instanceof Error ? e : new Error(String(e));
  // The bundled worker's frames name it by its data: URL, the whole source: named by its file instead.
  const stack = (err.stack ?? '').replace(/data:text\/javascript,[^)\s]*/g, 'fuzz.worker.js');
  const f: WorkerFailure = {
    type: 'failure',
    target: job.target,
    index,
    kind,
    message: `${err.name}: ${err.message}`,
    stack,
    input,
  };
  port?.postMessage(f);
}
