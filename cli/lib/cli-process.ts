/**
 * What every CLI entry point does around its logic, so that no stack trace reaches a user: stdout closed by
 * its reader (`| head`) is a quiet end, as it is for grep or tshark, not an unhandled EPIPE; an error nothing
 * caught is one line naming the CLI (NIDS_DEBUG=1 adds the stack, for us); a closed stderr is not an error.
 */
import { writeSync } from 'node:fs';
import { describeError, reasonOf } from './error-words.ts';
import type { CliOutcome } from './report-json.ts';

/** Lets `name`'s process end cleanly on stdout closed early; `onStdoutClosed` (default: exit 0) is called once. */
export function guardProcess(name: string, onStdoutClosed: () => void = () => process.exit(0)): void {
  let closed = false;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (closed) return;
    closed = true;
    if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') {
      onStdoutClosed();
      return;
    }
    say(`${name}: cannot write to stdout: ${reasonOf(e)}\n`);
    process.exit(1);
  });
  // Nowhere is left to say anything.
  process.stderr.on('error', () => {});
  const fatal = (e: unknown): void => {
    say(`${name}: ${describeError(e)}\n`);
    if (process.env.NIDS_DEBUG && e instanceof Error && e.stack) say(`${e.stack}\n`);
    process.exit(1);
  };
  process.on('uncaughtException', fatal);
  process.on('unhandledRejection', fatal);
}

/** stderr, written at once and never throwing (it may be closed too). */
function say(text: string): void {
  try {
    writeSync(2, text);
  } catch {
    // stderr is gone as well
  }
}

/** Runs a CLI whose logic returns its outcome: printed, its status the process's. */
export async function runCli(name: string, main: () => Promise<CliOutcome>): Promise<void> {
  guardProcess(name);
  let outcome: CliOutcome;
  try {
    outcome = await main();
  } catch (e) {
    outcome = { lines: [], errors: [`${name}: ${describeError(e)}`], exitCode: 1 };
  }
  for (const line of outcome.lines) process.stdout.write(`${line}\n`);
  for (const line of outcome.errors) process.stderr.write(`${line}\n`);
  process.exitCode = outcome.exitCode;
}
