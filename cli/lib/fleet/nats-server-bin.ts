/**
 * Where the nats-server binary is. Debian installs it in /usr/sbin, which a non-root user's PATH often
 * lacks, so PATH alone would call an installed server missing.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export const NATS_MISSING = 'nats-server is not installed: apt-get install nats-server';

const DEBIAN_PATH = '/usr/sbin/nats-server';

const runnable = (file: string): boolean => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** NATS_SERVER_BIN if set, else the first nats-server on PATH, else Debian's; undefined when none runs. */
export function findNatsServer(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.NATS_SERVER_BIN) return runnable(env.NATS_SERVER_BIN) ? env.NATS_SERVER_BIN : undefined;
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  const onPath = dirs.map((d) => join(d, 'nats-server')).find(runnable);
  return onPath ?? (runnable(DEBIAN_PATH) ? DEBIAN_PATH : undefined);
}
