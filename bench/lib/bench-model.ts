/**
 * The sensor benches' bundle: trained on lab-a (3 epochs) at DEFAULT_MODEL when it is missing or no longer
 * readable (a changed feature spec makes old ones stale). A bundle named with --model is never retrained.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { readBundle } from '../../src/core/model/bundle-views.ts';

export const LAB_A = 'public/samples/lab-a/packets.csv.gz';
export const DEFAULT_MODEL = '.tmp/bench-sensor-model.zip';

/** Why `model` cannot be used (null: it can). */
function modelProblem(model: string): string | null {
  if (!existsSync(model)) return 'missing';
  try {
    // Either format: a bundle of views is read (and each view's manifest checked) like a single-view one.
    readBundle(new Uint8Array(readFileSync(model)));
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

export function ensureBenchModel(model: string, log: (s: string) => void): void {
  const problem = modelProblem(model);
  if (!problem) return;
  if (model !== DEFAULT_MODEL) throw new Error(`${model}: ${problem}`);
  log(`training ${model} on lab-a (3 epochs; ${problem})...`);
  mkdirSync(dirname(model), { recursive: true });
  const r = spawnSync(
    'npx',
    ['tsx', 'cli/train.ts', '--data', LAB_A, '--label-column', 'attack', '--out', model, '--epochs', '3'],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (r.status !== 0 || !existsSync(model)) throw new Error(`training the bench model failed (exit ${r.status})`);
}
