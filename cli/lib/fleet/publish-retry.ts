/**
 * A JetStream publish that survives a node going away. While a stream elects a new leader, or the client
 * reconnects to another node, a publish times out or finds no responders; publishing again is safe because
 * the message id makes the stream drop the copy when the first try was stored after all.
 */
import type { JetStreamClient, PubAck } from '@nats-io/jetstream';

export interface RetryOptions {
  /** Tries in all, the first included. */
  readonly tries?: number;
  /** Pause before the second try; it doubles up to 1 s. */
  readonly firstPauseMs?: number;
  /** Gives up once this much time has passed, whatever the count. */
  readonly budgetMs?: number;
  /** Told of each failed try that will be tried again (for counts in logs and tests). */
  readonly onRetry?: (err: unknown) => void;
}

export async function publishWithRetry(
  js: JetStreamClient,
  subject: string,
  data: Uint8Array,
  msgID: string,
  opts: RetryOptions = {},
): Promise<PubAck> {
  const tries = opts.tries ?? 30;
  const deadline = Date.now() + (opts.budgetMs ?? 30_000);
  let pause = opts.firstPauseMs ?? 50;
  let last: unknown;
  for (let t = 0; t < tries && Date.now() < deadline; t++) {
    try {
      return await js.publish(subject, data, { msgID });
    } catch (err) {
      last = err;
      if (t + 1 < tries) opts.onRetry?.(err);
      await new Promise((r) => setTimeout(r, pause));
      pause = Math.min(pause * 2, 1_000);
    }
  }
  const why = last instanceof Error ? last.message : String(last);
  throw new Error(
    `publish of ${msgID} to ${subject} failed after ${tries} tries or ${opts.budgetMs ?? 30_000} ms: ${why}`,
  );
}
