/**
 * Files the CLIs write (convert's CSV, train's bundle). A file is written under a temporary name beside it and
 * renamed over it once complete, so that a run that fails half way leaves no half-written file that looks
 * whole; a failure is a WriteError, "cannot write PATH: reason", for the CLI to print as it is. A path that
 * is not a regular file (/dev/stdout, a FIFO) is written in place: it cannot be renamed over.
 */
import { accessSync, constants, createWriteStream, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { writeFileSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import { errnoOf, reasonOf } from './error-words.ts';

export class WriteError extends Error {
  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    super(`cannot write ${path}: ${writeReason(cause)}`);
    this.name = 'WriteError';
  }
}

/** A missing file is created; what is missing when it cannot be is its folder. */
function writeReason(e: unknown): string {
  return errnoOf(e)?.code === 'ENOENT' ? 'no such directory' : reasonOf(e);
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

/**
 * Why `path` cannot be written ("cannot write PATH: reason"), or null: checked before the work, so that a
 * long training run does not fail at its end for a mistyped folder.
 */
export function outFileProblem(path: string): string | null {
  const problem = (reason: string): string => `cannot write ${path}: ${reason}`;
  const st = statOrNull(path);
  if (st?.isDirectory()) return problem('is a directory');
  const dir = dirname(resolve(path));
  if (!st) {
    try {
      if (!statSync(dir).isDirectory()) return problem(`${dirname(path)} is not a directory`);
    } catch (e) {
      return problem(errnoOf(e)?.code === 'ENOENT' ? 'no such directory' : reasonOf(e));
    }
  }
  try {
    accessSync(st ? path : dir, constants.W_OK);
  } catch (e) {
    return problem(reasonOf(e));
  }
  return null;
}

/** Where `path` is written until it is complete; null: in place. */
function tempFor(path: string): string | null {
  const st = statOrNull(path);
  if (st && !st.isFile()) return null;
  return join(dirname(path), `.${basename(path)}.${process.pid}.part`);
}

/** Writes `bytes` to `path` whole, or throws a WriteError and leaves no file behind. */
export function writeFileWhole(path: string, bytes: Uint8Array): void {
  const temp = tempFor(path);
  try {
    writeFileSync(temp ?? path, bytes);
    if (temp) renameSync(temp, path);
  } catch (e) {
    if (temp) rmSync(temp, { force: true });
    throw new WriteError(path, e);
  }
}

export interface OutStream {
  /** Writes `bytes`; resolves when there is room for more; rejects with a WriteError once a write failed. */
  write(bytes: Uint8Array): Promise<void>;
  /** keep: ends the file and puts it in place; else (or when a write failed) leaves nothing. */
  close(keep: boolean): Promise<void>;
}

/** Opens `path` for writing in pieces (under its temporary name); throws a WriteError when it cannot. */
export function openOutStream(path: string): OutStream {
  const temp = tempFor(path);
  const target = temp ?? path;
  let fd: number;
  try {
    fd = openSync(target, 'w');
  } catch (e) {
    throw new WriteError(path, e);
  }
  const stream = createWriteStream(target, { fd });
  let failure: WriteError | null = null;
  stream.on('error', (e) => {
    failure ??= new WriteError(path, e);
  });
  const settled = (): Promise<void> => finished(stream).catch(() => {});
  return {
    async write(bytes) {
      if (failure) throw failure;
      const drained = (): Promise<void> =>
        new Promise((r) => {
          stream.once('drain', () => r());
        });
      if (!stream.write(bytes)) await Promise.race([drained(), settled()]);
      if (failure) throw failure;
    },
    async close(keep) {
      if (keep && !failure) stream.end();
      else stream.destroy();
      await settled();
      if (!keep || failure) {
        if (temp) rmSync(temp, { force: true });
        if (failure) throw failure;
        return;
      }
      if (!temp) return;
      try {
        renameSync(temp, path);
      } catch (e) {
        rmSync(temp, { force: true });
        throw new WriteError(path, e);
      }
    },
  };
}
