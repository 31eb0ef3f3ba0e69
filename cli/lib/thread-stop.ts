/**
 * A worker thread that stops unasked (an uncaught error, out of memory, process.exit, a kill) in words, for
 * the error that fails whatever waited on it: the CLIs must end with a message, not wait forever.
 */

/** Why the thread stopped: "out of memory", "exit code 3", or the error it died of. */
export function stopReason(why: Error | number): string {
  if (typeof why === 'number') return `exit code ${why}`;
  if ((why as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY') return 'out of memory';
  return why.message;
}

/**
 * A test hook: with NIDS_TEST_THREAD_EXIT=KIND:CODE (KIND: classifier, parse or capture) the first request a
 * thread of that kind gets makes it exit with CODE, as a thread that crashed would. The tests check with it
 * that a CLI says so and ends; nothing else sets it.
 */
export function exitIfTestAsks(kind: 'classifier' | 'parse' | 'capture'): void {
  const asked = process.env.NIDS_TEST_THREAD_EXIT;
  if (!asked) return;
  const [name, code] = asked.split(':');
  if (name === kind) process.exit(Number(code) || 1);
}
