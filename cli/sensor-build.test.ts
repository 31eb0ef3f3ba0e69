/**
 * The sensor from a production build (scripts/build-sensor.mjs, what `npm run build` runs): plain JavaScript,
 * run from a folder with no node_modules on its path, so neither tsx nor esbuild can be reached at run time.
 * It must write the very records the sensor run from source writes.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runSensor } from './lib/sensor-run.ts';
import { defaultModel } from './test-support/default-model.ts';

const SLICE = 'fixtures/capture/lab-a-slice.pcapng';

describe('the sensor built for a production install', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nids-sensor-build-'));
  const bin = join(dir, 'nids-sensor.js');
  let model = '';

  beforeAll(async () => {
    model = await defaultModel();
    const built = spawnSync(process.execPath, ['scripts/build-sensor.mjs', dir], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(built.status, built.stderr).toBe(0);
  }, 1_800_000);

  it('runs with no tsx and no esbuild, and writes what the sensor from source writes', async () => {
    expect(existsSync(join(dir, 'node_modules'))).toBe(false);
    const help = spawnSync(bin, ['--help'], { encoding: 'utf8', cwd: dir, timeout: 30_000 });
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^usage: npm run sensor -- --model MODEL\.zip/);
    const out = join(dir, 'built.jsonl');
    const r = spawnSync(bin, ['--model', model, '--pcap', join(process.cwd(), SLICE), '--out', out], {
      encoding: 'utf8',
      cwd: dir,
      timeout: 60_000,
    });
    expect(r.status, r.stderr).toBe(0);
    // The classifiers ran on their thread, from the built worker.
    expect(r.stderr).toMatch(/fast-lstm on a thread/);
    const fromSource = join(dir, 'source.jsonl');
    const code = await runSensor(['--model', model, '--pcap', SLICE, '--out', fromSource], {
      stdout: () => {},
      stderr: () => {},
    });
    expect(code).toBe(0);
    const records = readFileSync(out, 'utf8');
    expect(records.split('\n').filter(Boolean).length).toBeGreaterThan(5);
    expect(records).toBe(readFileSync(fromSource, 'utf8'));
  }, 120_000);
});
