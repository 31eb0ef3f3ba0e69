/** The messages between the fuzz runner and its workers. */

export interface WorkerInit {
  /** The repository root (the seeds are read from it). */
  readonly root: string;
  /** Float64 [input number, its start in ms since the epoch, 1 once made], written by the worker per input. */
  readonly progress: SharedArrayBuffer;
  /**
   * Typed arrays one input may allocate (MB): a reader that takes hundreds of MB for a 30 KB file fails the
   * memory bound without reaching the process's. Measured as the isolate's external memory before and after.
   */
  readonly externalMb: number;
}

/** Inputs from..from+count-1 of one target. */
export interface BatchJob {
  readonly target: string;
  readonly runSeed: number;
  readonly from: number;
  readonly count: number;
}

/**
 * crash: an exception the reader did not mean; unclear-error: its own error with an engine's message;
 * broken-result: a table or report that breaks its own rules; hang: past the time bound; memory: the worker
 * ran out of heap or the process past its memory bound; harness: making the input failed (a harness bug).
 */
export type FailureKind = 'crash' | 'unclear-error' | 'broken-result' | 'hang' | 'memory' | 'harness';

export interface WorkerFailure {
  readonly type: 'failure';
  readonly target: string;
  readonly index: number;
  readonly kind: FailureKind;
  readonly message: string;
  readonly stack: string;
  readonly input: Uint8Array;
}

export interface BatchDone {
  readonly type: 'done';
  inputs: number;
  tables: number;
  errors: number;
  failures: number;
  /** Time the batch took in the worker, making inputs included. */
  busyMs: number;
  slowestMs: number;
  slowestInput: number;
}
