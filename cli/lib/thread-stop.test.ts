/**
 * A worker thread that stops unasked (here: made to exit by the NIDS_TEST_THREAD_EXIT hook, as a crash or an
 * out-of-memory kill would) is an error that reaches whoever waits on it: the classifier thread's batches in
 * hand and after are rejected, the parse thread's reader is told and not left waiting, a capture load fails.
 * Nothing is left pending (each test would time out).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { featureSpec, stepWidth } from '../../src/core/features/feature-spec.ts';
import { writeTinyModel } from '../test-support/tiny-model.ts';
import { classifierPool } from './classifier-pool.ts';
import { classifierThread } from './classifier-thread.ts';
import { loadCsvFile } from './load-csv-file.ts';
import type { ParseEvent } from './parse-steps.ts';
import { parseThread } from './parse-thread.ts';
import { stopReason } from './thread-stop.ts';

const CLASSIFIER_STOPPED = 'the classifier thread stopped (exit code 3); no further windows can be classified';
const WIDTH = stepWidth(featureSpec());

describe('worker threads that stop', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nids-thread-stop-'));
  const model = join(dir, 'model.zip');
  beforeAll(() => writeTinyModel(model), 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // Threads copy the environment when they start: set before each is made, cleared after.
  const exitOnFirstRequest = (kind: string, code: number): void => {
    process.env.NIDS_TEST_THREAD_EXIT = `${kind}:${code}`;
  };
  afterEach(() => {
    delete process.env.NIDS_TEST_THREAD_EXIT;
  });

  const windows = (n: number): Float32Array => new Float32Array(n * 5 * WIDTH);

  it('classifier thread: the batch in hand and every later one are rejected, saying why', async () => {
    exitOnFirstRequest('classifier', 3);
    const t = await classifierThread(model, 1, 2);
    await expect(t.classifiers[0].predict(windows(4), 4)).rejects.toThrow(CLASSIFIER_STOPPED);
    await expect(t.classifiers[0].predict(windows(4), 4)).rejects.toThrow(CLASSIFIER_STOPPED);
    await t.close();
  });

  it('classifier pool: batches in flight on a thread that stops are rejected, not left pending', async () => {
    exitOnFirstRequest('classifier', 3);
    const pool = await classifierPool(model, 1, 2, 2);
    const inFlight = await Promise.allSettled([0, 1, 2, 3].map(() => pool.classifiers[0].predict(windows(2), 2)));
    const why = inFlight.map((r) => r.status === 'rejected' && (r.reason as Error).message);
    expect(why).toEqual(new Array(4).fill(CLASSIFIER_STOPPED));
    await pool.close();
  });

  it('classifier thread: works as before when nothing stops it, and close() is not a failure', async () => {
    const t = await classifierThread(model, 1, 2);
    expect((await t.classifiers[0].predict(windows(3), 3)).length).toBe(6);
    await t.close();
  });

  it('parse thread: the reader is told, and finishing does not wait for it', async () => {
    exitOnFirstRequest('parse', 4);
    const events: ParseEvent[] = [];
    const parser = await parseThread({ format: 'csv', timeZone: 'UTC', batchBytes: 1024 }, (e) => events.push(e));
    parser.push(new Uint8Array(readFileSync('fixtures/capture/lab-a-slice.csv').subarray(0, 64 * 1024)));
    await parser.room();
    await parser.finish(true);
    await parser.close();
    expect(events.filter((e) => e.kind === 'failed').map((e) => e.kind === 'failed' && e.failure.message)).toEqual([
      'the parse thread stopped (exit code 4); no further input can be parsed',
    ]);
  });

  it('capture threads: the load fails with a message, the threads are ended', async () => {
    exitOnFirstRequest('capture', 5);
    await expect(loadCsvFile('fixtures/capture/lab-a-slice.pcapng', 1, { threads: 2 })).rejects.toThrow(
      /a capture thread failed: it stopped \(exit code 5\)/,
    );
  });

  it('says out of memory as such', () => {
    const oom = Object.assign(new Error('Worker terminated due to reaching memory limit: JS heap out of memory'), {
      code: 'ERR_WORKER_OUT_OF_MEMORY',
    });
    expect(stopReason(oom)).toBe('out of memory');
    expect(stopReason(7)).toBe('exit code 7');
    expect(stopReason(new Error('boom'))).toBe('boom');
  });
});
