/**
 * One nats-server process: started from its config file with its output in a log file (a file, not a pipe,
 * so a chatty server never blocks on a parent that reads slowly), stopped by PID, and asked over its
 * monitoring port whether it is ready.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { NATS_MISSING } from './nats-server-bin.ts';

export interface NodeProcess {
  readonly child: ChildProcess;
  /** Resolves with the exit code (or signal name) once the process has ended; never rejects. */
  readonly exited: Promise<string>;
}

export function spawnNode(bin: string, configFile: string, logFile: string): NodeProcess {
  const log = openSync(logFile, 'a');
  try {
    const child = spawn(bin, ['-c', configFile], { stdio: ['ignore', log, log] });
    const exited = new Promise<string>((resolve) => {
      child.once('exit', (code, signal) => resolve(signal ?? `exit code ${code}`));
      child.once('error', (err) => {
        const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
        resolve(missing ? NATS_MISSING : err.message);
      });
    });
    return { child, exited };
  } finally {
    // The child holds its own copy of the descriptor.
    closeSync(log);
  }
}

const ended = (p: NodeProcess): boolean => p.child.exitCode !== null || p.child.signalCode !== null;

const within = (p: Promise<unknown>, ms: number): Promise<boolean> => {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  return Promise.race([p.then(() => true), late]).finally(() => clearTimeout(timer));
};

/**
 * Ends the process: `signal` first (SIGTERM lets it flush its store; SIGKILL is a crash), then SIGKILL if it
 * is still there after `graceMs`. Resolves once it has exited, or throws when even SIGKILL did not end it.
 */
export async function stopNode(p: NodeProcess, signal: NodeJS.Signals, graceMs = 5_000): Promise<void> {
  if (p.child.pid === undefined || ended(p)) return;
  p.child.kill(signal);
  if (await within(p.exited, graceMs)) return;
  p.child.kill('SIGKILL');
  if (!(await within(p.exited, 5_000))) throw new Error(`nats-server pid ${p.child.pid} survived SIGKILL`);
}

/** The last `lines` lines of a node's log, for an error that says why it did not come up. */
export function logTail(logFile: string, lines = 20): string {
  try {
    return readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * One readiness probe. /healthz on 2.9 answers 200 only once JetStream is up and, in a cluster, the meta
 * group has a leader and this node's streams have caught up; a refused connection is "not yet".
 */
export async function healthy(httpPort: number, timeoutMs = 1_000): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${httpPort}/healthz`, { signal: AbortSignal.timeout(timeoutMs) });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}

export { ended as nodeEnded };
