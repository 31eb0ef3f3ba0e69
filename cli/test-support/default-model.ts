/**
 * The default model, exactly as `npm run train` makes it from lab-a (its default epochs and early stopping),
 * trained once per test run and shared by the test files that run the sensor with it. Not a shorter run: the
 * sensor tests assert what a user's model does (benign browsing raises no alert, every episode does), and a
 * model stopped at 4 epochs had not yet learnt a new client's page loads from hydra (CI caught it).
 * The test files run in separate worker processes, so a lock directory decides which one trains; the others
 * wait for its bundle. vitest.config.ts names the run (NIDS_TEST_RUN), so a new
 * run never reuses an old model.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const LAB_A = 'public/samples/lab-a/packets.csv.gz';

const WAIT_MS = 25 * 60_000;

/** The bundle's path, training it if no other test file of this run has. */
export async function defaultModel(): Promise<string> {
  const run = process.env.NIDS_TEST_RUN ?? `${process.pid}`;
  const dir = join(tmpdir(), `nids-default-model-${run}`);
  const model = join(dir, 'model.zip');
  const failed = join(dir, 'failed.txt');
  let mine = false;
  try {
    mkdirSync(dir);
    mine = true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  if (mine) {
    const r = await train(`${model}.part`);
    if (r.code !== 0) {
      writeFileSync(failed, r.err.slice(-4000));
      throw new Error(`training the default model failed: ${r.err.slice(-2000)}`);
    }
    renameSync(`${model}.part`, model);
    return model;
  }
  const end = Date.now() + WAIT_MS;
  while (Date.now() < end) {
    if (existsSync(model)) return model;
    if (existsSync(failed))
      throw new Error(
        `training the default model failed (in another test file): ${readFileSync(failed, 'utf8').slice(-2000)}`,
      );
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`waited ${WAIT_MS / 60_000} minutes for the default model in ${dir}`);
}

function train(out: string): Promise<{ code: number | null; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'cli/train.ts', '--data', LAB_A, '--label-column', 'attack', '--out', out],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let err = '';
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.on('close', (code) => resolve({ code, err }));
  });
}
