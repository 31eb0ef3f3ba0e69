/**
 * An error as one line for a CLI's stderr: a file system error as a few plain words naming the file (not
 * "ENOENT: no such file or directory, open '...'"), a load error with where it happened, never a stack.
 */

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'over the disk quota',
  EROFS: 'read-only file system',
  EFBIG: 'file too large',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
  ENAMETOOLONG: 'name too long',
  ELOOP: 'too many symbolic links',
  EIO: 'input/output error',
  EBUSY: 'busy',
  ETXTBSY: 'busy',
  EINVAL: 'not a file that can be read or written',
};

export function errnoOf(e: unknown): NodeJS.ErrnoException | null {
  const err = e as NodeJS.ErrnoException | null;
  return err && typeof err === 'object' && typeof err.code === 'string' && typeof err.syscall === 'string' ? err : null;
}

/** A file system error's reason in words ("no such file"), without its path; else the error's message. */
export function reasonOf(e: unknown): string {
  const err = errnoOf(e);
  if (err?.code && REASONS[err.code]) return REASONS[err.code];
  // Node's own text, less its "CODE: " prefix and ", syscall 'path'" tail.
  const message = e instanceof Error ? e.message : String(e);
  return message.replace(/^E[A-Z]+: /, '').replace(/, \w+ '[^']*'(?: -> '[^']*')?$/, '');
}

/** An error as one line: "PATH: reason" for a file system error, a load error with where it was. */
export function describeError(e: unknown): string {
  const err = errnoOf(e);
  if (err) return err.path ? `${err.path}: ${reasonOf(err)}` : reasonOf(err);
  const where = e instanceof Error && 'where' in e && typeof e.where === 'string' ? e.where : '';
  if (e instanceof Error) return where ? `${e.message} (${where})` : e.message;
  return String(e);
}
