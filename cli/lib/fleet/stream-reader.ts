/**
 * A subject's messages in a stream, in stream order from `startSeq`, read by the stream's own "next message
 * for this subject" request (a direct get with next_by_subj: the stored bytes as they are), one request a
 * message. No consumer is held on
 * the server, so there is none to lose: when a node dies or a stream elects a new leader, a request fails or
 * times out and is simply asked again. The next message is read while the caller works on this one; at the
 * end of what is stored it polls.
 */
import type { JetStreamManager, StoredMsg } from '@nats-io/jetstream';

export interface ReaderOptions {
  readonly startSeq?: number;
  /** Told of each failed read before it is tried again. */
  readonly onRetry?: (err: unknown) => void;
  readonly stop?: AbortSignal;
}

const POLL_MS = 50;
const RETRY_MS = 250;

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function* streamMessages(
  jsm: JetStreamManager,
  stream: string,
  subject: string,
  opts: ReaderOptions = {},
): AsyncGenerator<StoredMsg> {
  let closed = false;
  const over = (): boolean => closed || opts.stop?.aborted === true;
  /** The first message on the subject at or after `seq`, once there is one (null: stopped). */
  const read = async (seq: number): Promise<StoredMsg | null> => {
    while (!over()) {
      try {
        // A replica may answer: it holds a prefix of the stream, so it never skips a message, at worst it
        // has not got the next one yet (asked again).
        const m = await jsm.direct.getMessage(stream, { seq, next_by_subj: subject });
        if (m) return m;
        await pause(POLL_MS);
      } catch (e) {
        opts.onRetry?.(e);
        await pause(RETRY_MS);
      }
    }
    return null;
  };
  let ahead = read(opts.startSeq ?? 1);
  try {
    for (;;) {
      const m = await ahead;
      if (!m) return;
      ahead = read(m.seq + 1);
      yield m;
    }
  } finally {
    closed = true;
    await ahead;
  }
}
