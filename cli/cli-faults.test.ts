/**
 * Every CLI, spawned as a user runs it, given what users get wrong: a missing value, a number that is not
 * one, an unknown option, a missing file, a folder, a binary file, a cut gzip, an empty file, a CSV as the
 * model, an output path that cannot be written, stdout closed by its reader (`| head`), a worker thread that
 * stops. Each must end (no hang) with one message that says what is wrong and where, the documented exit
 * status, and no stack trace.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTinyModel } from './test-support/tiny-model.ts';

const SLICE_CSV = 'fixtures/capture/lab-a-slice.csv';
const SLICE_PCAP = 'fixtures/capture/lab-a-slice.pcapng';
const LAB_A = 'public/samples/lab-a/packets.csv.gz';
const LAB_A_PACKETS = 238_398;

const dir = mkdtempSync(join(tmpdir(), 'nids-cli-faults-'));
const MODEL = join(dir, 'model.zip');
const EMPTY = join(dir, 'empty.csv');
const BINARY = join(dir, 'program.bin');
const CUT_GZ = join(dir, 'cut.csv.gz');
const FOLDER = join(dir, 'folder');
const NO_DIR = '/no/such/dir';
writeFileSync(EMPTY, '');
writeFileSync(BINARY, readFileSync(process.execPath).subarray(0, 8192));
writeFileSync(CUT_GZ, readFileSync(LAB_A).subarray(0, 3000));
mkdirSync(FOLDER);

interface Ran {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

interface RunOptions {
  readonly env?: Record<string, string>;
  /** Its reader goes at once, as `| head -c 0` would. */
  readonly closeStdout?: boolean;
}

/** Runs `cli/NAME.ts ARGS` as `npm run NAME` does. */
function run(name: string, args: readonly string[], opts: RunOptions = {}): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `cli/${name}.ts`, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...opts.env },
    });
    let stdout = '';
    let stderr = '';
    if (opts.closeStdout) child.stdout.destroy();
    else
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
      });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    // A hang is a failure too: killed, it has no exit status to match.
    const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

interface Case {
  readonly cli: string;
  readonly what: string;
  readonly args: readonly string[];
  readonly code: number;
  /** What stderr must say (null: no complaint). */
  readonly says: RegExp | null;
  readonly env?: Record<string, string>;
  readonly closeStdout?: boolean;
  readonly after?: (r: Ran) => void;
}

const thread = (kind: string, code: number): Record<string, string> => ({ NIDS_TEST_THREAD_EXIT: `${kind}:${code}` });
const statsOf = (stderr: string): { packets: number } => {
  const line = stderr
    .split('\n')
    .filter((l) => l.startsWith('{"event":"stats"'))
    .pop();
  return JSON.parse(line ?? '{}') as { packets: number };
};

const out = (name: string): string => join(dir, name);
const NEEDS = ['--label-column', 'a', '--out', join(dir, 'm.zip')];
// Alerts from the first batches (an untrained model, a vote of one window), so that stdout is written early.
const EARLY_ALERTS = [
  '--vote-k',
  '1',
  '--vote-threshold',
  '0',
  '--vote-min-score',
  '0',
  '--stride',
  '1',
  '--quiet-s',
  '0.5',
  '--batch-kb',
  '64',
];

const CASES: Case[] = [
  {
    cli: 'query',
    what: 'an option without its value',
    args: ['--filter', 'tcp', '--data'],
    code: 2,
    says: /^query: --data needs a value$/m,
  },
  {
    cli: 'query',
    what: 'an unknown option',
    args: ['--data', SLICE_CSV, '--filter', 'tcp', '--bogus=1'],
    code: 2,
    says: /^query: unknown option --bogus$/m,
  },
  {
    cli: 'query',
    what: 'a folder as the data',
    args: ['--data', FOLDER, '--filter', 'tcp'],
    code: 1,
    says: /^query: .*folder: is a directory/m,
  },
  {
    cli: 'query',
    what: 'a program as the data',
    args: ['--data', BINARY, '--filter', 'tcp'],
    code: 1,
    says: /^query: .*program\.bin: .*program/m,
  },
  {
    cli: 'query',
    what: 'a cut gzip',
    args: ['--data', CUT_GZ, '--filter', 'tcp'],
    code: 1,
    says: /^query: .*cut\.csv\.gz: .*unexpected end of file/m,
  },
  {
    cli: 'query',
    what: 'stdout closed early',
    args: ['--data', SLICE_CSV, '--filter', 'tcp'],
    code: 0,
    says: null,
    closeStdout: true,
  },
  {
    cli: 'query',
    what: 'a capture thread that stops',
    args: ['--data', SLICE_PCAP, '--filter', 'tcp'],
    code: 1,
    env: thread('capture', 5),
    says: /^query: .*lab-a-slice\.pcapng: a capture thread failed: it stopped \(exit code 5\)$/m,
  },
  {
    cli: 'convert',
    what: 'an output folder that does not exist',
    code: 1,
    args: ['--data', SLICE_PCAP, `--out=${NO_DIR}/x.csv`],
    says: /^convert: cannot write \/no\/such\/dir\/x\.csv: no such directory$/m,
  },
  {
    cli: 'convert',
    what: 'a full disk',
    args: ['--data', SLICE_PCAP, '--out', '/dev/full'],
    code: 1,
    says: /^convert: cannot write \/dev\/full: no space left on the device$/m,
  },
  {
    cli: 'convert',
    what: 'an empty capture',
    args: ['--data', EMPTY, '--out', out('from-empty.csv')],
    code: 1,
    says: /^convert: .*empty\.csv: The file is empty/m,
    after: () => expect(existsSync(out('from-empty.csv')), 'no CSV pretending to be one').toBe(false),
  },
  {
    cli: 'convert',
    what: 'a missing capture',
    args: ['--data', out('nope.pcap'), '--out', out('x.csv')],
    code: 1,
    says: /^convert: .*nope\.pcap: no such file$/m,
  },
  {
    cli: 'convert',
    what: 'stdout closed early',
    args: ['--data', SLICE_PCAP, '--out', '-'],
    code: 0,
    says: null,
    closeStdout: true,
  },
  {
    cli: 'sensor',
    what: 'a CSV as the model',
    args: ['--model', SLICE_CSV, '--csv', SLICE_CSV],
    code: 1,
    says: /^sensor: .*lab-a-slice\.csv: not a model bundle/m,
  },
  {
    cli: 'sensor',
    what: 'a word for a number',
    args: ['--model', MODEL, '--csv', SLICE_CSV, '--vote-k=abc'],
    code: 2,
    says: /^sensor: --vote-k must be a whole number >= 1 \(got "abc"\)$/m,
  },
  {
    cli: 'sensor',
    what: 'an option without its value',
    code: 2,
    args: ['--model', MODEL, '--csv', SLICE_CSV, '--batch-kb'],
    says: /^sensor: --batch-kb needs a value$/m,
  },
  {
    cli: 'sensor',
    what: 'an output folder that does not exist',
    code: 1,
    args: ['--model', MODEL, '--csv', SLICE_CSV, '--out', `${NO_DIR}/a.jsonl`],
    says: /^sensor: cannot write \/no\/such\/dir\/a\.jsonl: no such directory$/m,
  },
  {
    cli: 'sensor',
    what: 'a full disk',
    args: ['--model', MODEL, '--csv', SLICE_CSV, ...EARLY_ALERTS, '--out', '/dev/full'],
    code: 1,
    says: /^sensor: cannot write \/dev\/full: no space left on the device$/m,
  },
  {
    cli: 'sensor',
    what: 'a missing input',
    args: ['--model', MODEL, '--csv', out('nope.csv')],
    code: 1,
    says: /^sensor: .*nope\.csv: no such file$/m,
  },
  {
    cli: 'sensor',
    what: 'stdout closed early',
    args: ['--model', MODEL, '--csv', LAB_A, ...EARLY_ALERTS],
    code: 0,
    says: null,
    closeStdout: true,
    after: (r) => expect(statsOf(r.stderr).packets, 'stopped reading when its reader went').toBeLessThan(LAB_A_PACKETS),
  },
  {
    cli: 'sensor',
    what: 'a classifier thread that stops',
    args: ['--model', MODEL, '--csv', LAB_A],
    code: 1,
    env: thread('classifier', 3),
    says: /^sensor: the classifier thread stopped \(exit code 3\); no further windows can be classified$/m,
    after: (r) => expect(statsOf(r.stderr).packets).toBeLessThan(LAB_A_PACKETS),
  },
  {
    cli: 'sensor',
    what: 'a parse thread that stops',
    args: ['--model', MODEL, '--csv', SLICE_CSV],
    code: 1,
    env: thread('parse', 4),
    says: /^sensor: the parse thread stopped \(exit code 4\); no further input can be parsed$/m,
  },
  {
    cli: 'evaluate',
    what: 'a CSV as the model',
    args: [`--model=${SLICE_CSV}`, '--data', SLICE_CSV],
    code: 1,
    says: /^evaluate: .*lab-a-slice\.csv: not a model bundle/m,
  },
  {
    cli: 'evaluate',
    what: 'an empty data file',
    args: ['--model', MODEL, '--data', EMPTY],
    code: 1,
    says: /^evaluate: .*empty\.csv: The file is empty/m,
  },
  {
    cli: 'evaluate',
    what: 'a CSV as the episodes',
    code: 1,
    args: ['--model', MODEL, '--data', SLICE_CSV, `--episodes=${SLICE_CSV}`],
    says: /^evaluate: .*lab-a-slice\.csv: .*JSON/m,
  },
  {
    cli: 'evaluate',
    what: 'stdout closed early',
    args: ['--model', MODEL, '--data', SLICE_CSV],
    code: 0,
    says: null,
    closeStdout: true,
  },
  // --views=dst was an unknown option, and --key=src trained three views: both are read as given now.
  {
    cli: 'train',
    what: '--views=LIST',
    args: ['--views=dst', '--data', out('nope.csv'), ...NEEDS],
    code: 1,
    says: /^train: .*nope\.csv: no such file$/m,
  },
  {
    cli: 'train',
    what: '--key=KEY with --views',
    code: 2,
    args: ['--key=src', '--views', 'pair', '--data', SLICE_CSV, ...NEEDS],
    says: /^train: give either --views or --key$/m,
  },
  {
    cli: 'train',
    what: 'an output folder that does not exist, before any training',
    code: 1,
    args: ['--data', SLICE_CSV, '--label-column', 'a', '--out', `${NO_DIR}/m.zip`],
    says: /^train: cannot write \/no\/such\/dir\/m\.zip: no such directory$/m,
  },
  {
    cli: 'train',
    what: 'a word for a number',
    args: ['--data', SLICE_CSV, ...NEEDS, '--epochs=many'],
    code: 2,
    says: /^train: --epochs must be a number \(got "many"\)$/m,
  },
];

describe('the CLIs on bad arguments, files and pipes', () => {
  beforeAll(() => writeTinyModel(MODEL), 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.concurrent.each(CASES.map((c) => [`${c.cli}: ${c.what}`, c] as const))(
    '%s',
    async (_, c) => {
      const r = await run(c.cli, c.args, { env: c.env, closeStdout: c.closeStdout });
      expect(r.stderr, 'no stack trace').not.toMatch(/^\s+at |node:internal|triggerUncaughtException/m);
      expect(r.code, r.stderr).toBe(c.code);
      // One message, or none (progress lines, usage text and the sensor's start line are not messages).
      const said = r.stderr.split('\n').filter((l) => l.startsWith(`${c.cli}: `) && !l.startsWith('sensor: model '));
      expect(said, r.stderr).toHaveLength(c.says ? 1 : 0);
      if (c.says) expect(said[0]).toMatch(c.says);
      c.after?.(r);
    },
    60_000,
  );
});
