/**
 * The sensor's parse stage, the same code on the parse thread and on the main thread (--single-thread), so
 * both cut the very same batches: a batch when the whole lines (or capture bytes) waiting reach the batch
 * size, when a paused stream is flushed, and at the end of the input. What it gives is plain data (events),
 * so it can cross threads: a table by transfer, a failure as its message and byte offset.
 */
import { CaptureFormatError } from '../../src/core/ingest/pcap/captured-frame.ts';
import { CaptureBatcher } from '../../src/core/sensor/capture-batcher.ts';
import type { CsvBatch, CsvBatcher } from '../../src/core/sensor/csv-batcher.ts';

export type Batcher = CsvBatcher | CaptureBatcher;

/** Where the input said it is damaged (a cut capture), for stderr. */
export interface InputNote {
  readonly detail: string;
  /** Where in a capture the note applies; none for what applies to a whole CSV (its encoding, separator). */
  readonly offset: number | null;
}

/** A step that threw: feeding the input, cutting a batch, or ending the input. */
export interface StepFailure {
  readonly stage: 'push' | 'take' | 'end';
  readonly message: string;
  /** A capture format error's byte offset (the message names it). */
  readonly offset: number | null;
}

export type ParseEvent =
  | { readonly kind: 'batch'; readonly batch: CsvBatch }
  | { readonly kind: 'end'; readonly notes: readonly InputNote[] }
  | { readonly kind: 'failed'; readonly failure: StepFailure };

/** The end-of-input notes listed on stderr at most. */
const LISTED_NOTES = 5;

export class ParseSteps {
  /** Time spent parsing, on whichever thread runs these steps. */
  parseMs = 0;
  /** After a piece failed the reader stops: the pieces already sent behind it are not fed. */
  private pushFailed = false;

  constructor(
    private readonly batcher: Batcher,
    private readonly batchBytes: number,
  ) {}

  /** Whole lines (or capture bytes) waiting for the next batch. */
  get pendingBytes(): number {
    return this.batcher.pendingBytes;
  }

  /** Feeds a piece of input; gives a batch once a batch's worth waits. */
  push(piece: Uint8Array): ParseEvent[] {
    if (this.pushFailed) return [];
    const pushed = this.step('push', () => this.batcher.push(piece));
    if ('failed' in pushed) {
      this.pushFailed = true;
      return [pushed.failed];
    }
    return this.batcher.pendingBytes >= this.batchBytes ? this.take() : [];
  }

  /** A batch of whatever waits (a slow stream paused). */
  flush(): ParseEvent[] {
    return this.take();
  }

  /**
   * The input is done: `end` when it ended (a cut last record is a note, the lines before it a batch),
   * not after a stop, where the bytes past the last line break are a cut, not a truncated packet.
   */
  finish(end: boolean): ParseEvent[] {
    const out: ParseEvent[] = [];
    if (end) {
      const ended = this.step('end', () => endNotes(this.batcher));
      if ('failed' in ended) out.push(ended.failed);
      else if (ended.value.length > 0) {
        const notes = ended.value.slice(0, LISTED_NOTES).map((n) => ({ detail: n.detail, offset: n.offset }));
        out.push({ kind: 'end', notes });
      }
    }
    return [...out, ...this.take()];
  }

  private take(): ParseEvent[] {
    const taken = this.step('take', () => this.batcher.take());
    if ('failed' in taken) return [taken.failed];
    const b = taken.value;
    return b.table || b.malformed > 0 || b.problems.length > 0 ? [{ kind: 'batch', batch: b }] : [];
  }

  /** Runs `f`, timed; what it threw as a failure event. */
  private step<T>(stage: StepFailure['stage'], f: () => T): { readonly value: T } | { readonly failed: ParseEvent } {
    const t = performance.now();
    try {
      return { value: f() };
    } catch (e) {
      const offset = e instanceof CaptureFormatError ? e.offset : null;
      const message = e instanceof Error ? e.message : String(e);
      return { failed: { kind: 'failed', failure: { stage, message, offset } } };
    } finally {
      this.parseMs += performance.now() - t;
    }
  }
}

/** Ends the batcher's input: a capture's notes on where it is damaged, a CSV's on how it was written. */
function endNotes(b: Batcher): readonly InputNote[] {
  if (b instanceof CaptureBatcher) return b.end().notes;
  b.end();
  return b.howWritten().map((detail) => ({ detail, offset: null }));
}
