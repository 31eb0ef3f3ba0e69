/**
 * The sensor's parse stage as the reading loop sees it, on a thread of its own (parse-thread.ts) or on the
 * main thread (--single-thread, here): pieces of input in, events (batches, end notes, failures) out
 * through `emit`, in input order, whichever thread parses.
 */
import { ParseSteps, type Batcher, type ParseEvent } from './parse-steps.ts';

export interface SensorParser {
  /** Where it parses, for the stats line. */
  readonly thread: 'main' | 'parse';
  /** Feeds the next piece of input (the caller no longer uses it: it may be moved to another thread). */
  push(piece: Uint8Array): void;
  /** Cuts a batch of what waits now (a slow stream paused). */
  flush(): void;
  /** The input is done (`end`: it ended, not stopped); resolves once every event, the last batch's too, is emitted. */
  finish(end: boolean): Promise<void>;
  /** Resolves when the parser can take more input (on a thread: while little of it waits unparsed). */
  room(): Promise<void>;
  /** Whole lines (or capture bytes) waiting for a batch, as last known. */
  readonly pendingBytes: number;
  /** Time spent parsing so far (on its thread). */
  readonly parseMs: number;
  close(): Promise<void>;
}

/** The batcher's own view of a piece (a Buffer is a Uint8Array the dissector may not expect). */
export function bytesOf(piece: Uint8Array): Uint8Array {
  return new Uint8Array(piece.buffer, piece.byteOffset, piece.byteLength);
}

/** Parses on this thread: each event is emitted before the call that caused it returns. */
export function parserHere(batcher: Batcher, batchBytes: number, emit: (e: ParseEvent) => void): SensorParser {
  const steps = new ParseSteps(batcher, batchBytes);
  const send = (events: readonly ParseEvent[]): void => {
    for (const e of events) emit(e);
  };
  return {
    thread: 'main',
    push: (piece) => send(steps.push(bytesOf(piece))),
    flush: () => send(steps.flush()),
    finish: async (end) => send(steps.finish(end)),
    room: async () => {},
    get pendingBytes() {
      return steps.pendingBytes;
    },
    get parseMs() {
      return steps.parseMs;
    },
    close: async () => {},
  };
}
