/**
 * The fleet as users run it, over NATS, against `npm run sensor` on the same file, record for record:
 * - `npm run fleet` over lab-a (2 workers);
 * - the same on 3 nodes with worker w1 killed (SIGKILL) mid-run and then the packet stream's leader node:
 *   w1's shards move to the other worker, which rebuilds them, and nothing is lost or written twice;
 * - a capture point faster than its workers: the role commands on a cluster of our own, the capture point
 *   started with no worker and a small backlog limit says it waits, and goes on once a worker starts.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultModel, LAB_A } from '../../test-support/default-model.ts';
import { writeTinyModel } from '../../test-support/tiny-model.ts';
import { describeWith, type ToolGate } from '../../test-support/needs-tools.ts';
import { type Cluster, startCluster } from './nats-cluster.ts';
import { findNatsServer } from './nats-server-bin.ts';

// Found beyond PATH too (Debian puts it in /usr/sbin), as nats-cluster.test.ts builds its gate.
const NATS: ToolGate = findNatsServer()
  ? { missing: [], why: '' }
  : { missing: ['nats-server'], why: 'missing nats-server (scripts/setup.sh installs it)' };

const SLICE = 'fixtures/capture/lab-a-slice.pcapng';

interface Ran {
  readonly code: number | null;
  readonly stderr: string;
}

function sensor(
  args: readonly string[],
  onStderr: (text: string) => void = () => {},
): { child: ChildProcess; done: Promise<Ran> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'cli/sensor.ts', ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (t: string) => {
    stderr += t;
    onStderr(t);
  });
  const done = new Promise<Ran>((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
  return { child, done };
}

async function ran(args: readonly string[]): Promise<Ran> {
  const r = await sensor(args).done;
  expect(r.code, r.stderr.slice(-3000)).toBe(0);
  return r;
}

const lines = (path: string): string[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '');

describeWith(NATS, 'the fleet', () => {
  let dir: string;
  let model: string;
  let single: string[];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fleet-test-'));
    model = await defaultModel();
    await ran(['--model', model, '--csv', LAB_A, '--out', join(dir, 'single.jsonl')]);
    single = lines(join(dir, 'single.jsonl'));
    expect(single.filter((l) => l.includes('"event_type":"alert"')).length).toBeGreaterThan(3);
  }, 30 * 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the single sensor records over lab-a', async () => {
    const out = join(dir, 'fleet.jsonl');
    await ran(['fleet', '--model', model, '--csv', LAB_A, '--nodes', '1', '--workers', '2', '--out', out]);
    expect(lines(out)).toEqual(single);
  }, 300_000);

  it('writes them with a worker and the packet stream leader killed mid-run', async () => {
    const out = join(dir, 'faults.jsonl');
    const args = ['fleet', '--model', model, '--csv', LAB_A, '--nodes', '3', '--workers', '2', '--out', out];
    const r = await ran([...args, '--kill-worker-at', '20', '--kill-node-at', '35']);
    expect(r.stderr).toMatch(/killing worker w1/);
    expect(r.stderr).toMatch(/killing NATS node n\d, the packet stream's leader/);
    expect(r.stderr).toMatch(/shards [\d, ]+ moved from w1 to /);
    const stats = JSON.parse(r.stderr.trim().split('\n').at(-1) ?? '{}');
    expect(stats.event).toBe('fleet-stats');
    expect(stats.moved.length).toBeGreaterThan(0);
    expect(lines(out)).toEqual(single);
  }, 300_000);
});

describeWith(NATS, 'a capture point faster than its workers', () => {
  let cluster: Cluster;
  let dir: string;
  beforeAll(async () => {
    cluster = await startCluster({ nodes: 1 });
    dir = mkdtempSync(join(tmpdir(), 'fleet-behind-'));
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('waits for them, says so, and loses nothing', async () => {
    const model = await defaultModel();
    const single = join(dir, 'single.jsonl');
    await ran(['--model', model, '--pcap', SLICE, '--batch-kb', '64', '--out', single]);
    const nats = cluster.urls.join(',');
    const run = 'behind-test';
    const common = ['--nats', nats, '--run', run];
    let behind: () => void = () => {};
    const saidBehind = new Promise<void>((r) => {
      behind = r;
    });
    // 64 KiB batches, a limit of 100 KB: the capture point is a few batches ahead of no worker at all.
    const capture = sensor(
      [
        'capture',
        ...common,
        '--model',
        model,
        '--pcap',
        SLICE,
        '--batch-kb',
        '64',
        '--shards',
        '2',
        '--backlog-mb',
        '0.1',
      ],
      (t) => {
        if (t.includes('"event":"workers-behind"')) behind();
      },
    );
    await saidBehind;
    const worker = sensor(['worker', ...common, '--model', model, '--shards', '0,1']);
    const out = join(dir, 'fleet.jsonl');
    const alerts = sensor(['alerts', ...common, '--out', out]);
    const [c, w, a] = await Promise.all([capture.done, worker.done, alerts.done]);
    for (const r of [c, w, a]) expect(r.code, r.stderr.slice(-3000)).toBe(0);
    expect(c.stderr).toMatch(/"event":"workers-caught-up"/);
    const stats = JSON.parse(c.stderr.trim().split('\n').at(-1) ?? '{}');
    expect(stats.event).toBe('capture-stats');
    expect(stats.behindWaits).toBeGreaterThan(0);
    // It stops publishing once past the limit: the backlog tops it by at most the batch that crossed it.
    expect(stats.maxBacklogBytes).toBeLessThan(0.1 * 2 ** 20 + (3 * stats.bytes) / stats.batches);
    expect(lines(out)).toEqual(lines(single));
  }, 300_000);
});

describe('the fleet given a file it cannot read', () => {
  it('says which, before it starts a cluster, and writes nothing', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fleet-bad-'));
    try {
      const out = join(dir, 'eve.json');
      const missing = join(dir, 'missing.pcapng');
      const model = join(dir, 'missing.zip');
      const tiny = join(dir, 'tiny.zip');
      await writeTinyModel(tiny);
      const noInput = await sensor(['fleet', '--model', tiny, '--pcap', missing, '--out', out]).done;
      expect(noInput.code).toBe(1);
      expect(noInput.stderr).toContain(`fleet: ${missing}: no such file`);
      const noModel = await sensor(['fleet', '--model', model, '--pcap', SLICE, '--out', out]).done;
      expect(noModel.code).toBe(1);
      expect(noModel.stderr).toContain(`fleet: ${model}: no such file`);
      for (const r of [noInput, noModel]) expect(r.stderr).not.toMatch(/NATS node/);
      expect(existsSync(out)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
