/**
 * npm run fuzz -- [--minutes N | --inputs N] [--target NAME[,NAME]] [--seed S] [--workers W] [--hang-s S]
 *                  [--heap-mb M] [--rss-mb M] [--input-mb M] [--out DIR]
 * npm run fuzz -- --target NAME --replay FILE
 *
 * Fuzzes every reader (src/core/fuzz, scripts/fuzz): prints progress and each distinct failure as it is
 * found, writes failing inputs to .tmp/fuzz-failures/, and ends with one JSON line (inputs, seconds,
 * per_target, failures, crashes, hangs, peak_rss_mb, ...). Exit status 1 when anything failed.
 */
import { readFileSync } from 'node:fs';
import { ALL_TARGETS } from './fuzz/all-targets.ts';
import { HARNESS_TARGETS } from './fuzz/harness-targets.ts';
import { replay, runFuzz, type FuzzOptions } from './fuzz/runner.ts';

function usage(why: string): never {
  process.stderr.write(
    `${why}\nusage: npm run fuzz -- [--minutes N | --inputs N] [--target NAME[,NAME]] [--seed S] [--workers W] ` +
      `[--hang-s S] [--heap-mb M] [--rss-mb M] [--input-mb M] [--out DIR] | --target NAME --replay FILE\n` +
      `targets: ${ALL_TARGETS.map((t) => `\n  ${t.name.padEnd(16)} ${t.what}`).join('')}\n`,
  );
  process.exit(2);
}

const args = process.argv.slice(2);
const opts: { -readonly [K in keyof FuzzOptions]: FuzzOptions[K] } = { log: (l) => process.stderr.write(`${l}\n`) };
let replayFile: string | null = null;
const targets: string[] = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  const value = (): string => args[++i] ?? usage(`${a} needs a value`);
  const num = (): number => {
    const v = Number(value());
    if (!Number.isFinite(v) || v < 0) usage(`${a} needs a number`);
    return v;
  };
  switch (a) {
    case '--minutes':
      opts.minutes = num();
      break;
    case '--inputs':
      opts.perTarget = Math.round(num());
      break;
    case '--target':
      targets.push(...value().split(','));
      break;
    case '--seed':
      opts.seed = Math.round(num());
      break;
    case '--workers':
      opts.workers = Math.max(1, Math.round(num()));
      break;
    case '--hang-s':
      opts.hangMs = num() * 1000;
      break;
    case '--heap-mb':
      opts.heapMb = num();
      break;
    case '--rss-mb':
      opts.rssMb = num();
      break;
    case '--input-mb':
      opts.externalMb = num();
      break;
    case '--out':
      opts.failuresDir = value();
      break;
    case '--replay':
      replayFile = value();
      break;
    case '--help':
    case '-h':
      usage('Fuzzes the readers.');
      break;
    default:
      usage(`unknown argument ${a}`);
  }
}
const unknown = targets.filter((t) => ![...ALL_TARGETS, ...HARNESS_TARGETS].some((x) => x.name === t));
if (unknown.length) usage(`no target ${unknown.join(', ')}`);

if (replayFile !== null) {
  if (targets.length !== 1) usage('--replay needs one --target');
  for (const line of await replay(targets[0], new Uint8Array(readFileSync(replayFile))))
    process.stdout.write(`${line}\n`);
} else {
  if (opts.minutes === undefined && opts.perTarget === undefined) opts.minutes = 1;
  opts.targets = targets;
  const report = await runFuzz(opts);
  for (const [name, s] of Object.entries(report.per_target)) {
    process.stderr.write(
      `[fuzz] ${name.padEnd(16)} ${s.inputs.toLocaleString('en-US').padStart(10)} inputs ` +
        `(${s.tables} read, ${s.errors} refused, ${s.failures} failed), slowest ${s.slowest_ms} ms\n`,
    );
  }
  const { found, ...line } = report;
  const listed = found.map((f) => ({ target: f.target, kind: f.kind, message: f.message.slice(0, 300), file: f.file }));
  process.stdout.write(`${JSON.stringify({ ...line, found: listed })}\n`);
  process.exitCode = report.failures > 0 ? 1 : 0;
}
