/**
 * The open capture and the load in progress. Created by a factory (the pipeline is injected, so the store is
 * testable without workers) and handed to React by context; components read it through the selector hooks
 * in capture-hooks.ts.
 *
 * Rules: the table goes to the engine (`adoptTable`) and is never kept here (`version` changes instead); only a successful
 * load replaces the open capture, a failed or cancelled one leaves it as it was; one load at a time, and
 * starting one cancels the one running.
 *
 * The engine worker can die (out of memory, a bug): the capture is then gone from it, though the page still
 * knows it. `engineStopped` says why until a load succeeds; `reopenCapture` loads the same file again (the
 * File is kept: it is a handle to the file, not its bytes) or fetches the sample again.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { LoadSummary } from '../../core/ingest/load-report.ts';
import type { PacketTable } from '../../core/table/packet-table.ts';
import { IngestCancelled, IngestError, type IngestHandle, type IngestProgress } from '../../workers/ingest-types.ts';
import { ProgressThrottle } from './progress-throttle.ts';

/** The open capture as the page knows it: its summary. The table itself lives in the engine worker. */
export interface OpenCapture {
  readonly summary: LoadSummary;
  readonly version: number;
}

export type LoadState =
  | { readonly status: 'idle' }
  | { readonly status: 'loading'; readonly progress: IngestProgress | null; readonly fileName: string }
  | { readonly status: 'error'; readonly message: string; readonly where?: string; readonly fileName: string };

export interface CaptureActions {
  openFile(file: Blob, name: string): void;
  openSample(): void;
  cancelLoad(): void;
  dismissError(): void;
  /** The engine worker died; `reason` is for the user. */
  engineStopped(reason: string): void;
  /** Loads the open capture again from where it came from; nothing when none is open. */
  reopenCapture(): void;
}

export interface CaptureState extends CaptureActions {
  readonly capture: OpenCapture | null;
  readonly load: LoadState;
  /** Why the engine stopped, until a load succeeds; null while it runs. */
  readonly engineStop: string | null;
}

export type CaptureStore = StoreApi<CaptureState>;

export interface CaptureStoreDeps {
  readonly startIngest: (file: Blob, fileName: string, onProgress: (p: IngestProgress) => void) => IngestHandle;
  /** Fetches the bundled sample capture; `signal` aborts it when the load is cancelled. */
  readonly fetchSample: (signal: AbortSignal) => Promise<Blob>;
  readonly progressIntervalMs?: number;
  /** Receives each newly loaded table (the engine worker takes it over); called before the store updates. */
  readonly adoptTable?: (table: PacketTable, version: number) => void;
}

export const SAMPLE_NAME = 'lab-a/packets.csv.gz';
const IDLE: LoadState = { status: 'idle' };

/** Where a capture came from, to load it again. */
type CaptureSource =
  | { readonly kind: 'file'; readonly file: Blob; readonly name: string }
  | { readonly kind: 'sample' };

/** One load; `current` tells whether it is still the one the store waits for. */
interface Job {
  readonly abort: AbortController;
  readonly throttle: ProgressThrottle;
  handle: IngestHandle | null;
  readonly source: CaptureSource;
}

export function createCaptureStore(deps: CaptureStoreDeps): CaptureStore {
  let job: Job | null = null;
  let version = 0;
  /** The open capture's source. */
  let openSource: CaptureSource | null = null;

  return createStore<CaptureState>()((set, get) => {
    const begin = (fileName: string, source: CaptureSource): Job => {
      stop();
      const throttle = new ProgressThrottle((progress) => {
        const load = get().load;
        if (job === current && load.status === 'loading') set({ load: { ...load, progress } });
      }, deps.progressIntervalMs);
      const current: Job = { abort: new AbortController(), throttle, handle: null, source };
      job = current;
      set({ load: { status: 'loading', progress: null, fileName } });
      return current;
    };

    /** Forgets the running load (its late replies are ignored) and stops its work. */
    const stop = (): void => {
      const j = job;
      job = null;
      if (!j) return;
      j.throttle.stop();
      j.abort.abort();
      j.handle?.cancel();
    };

    const fail = (j: Job, fileName: string, e: unknown): void => {
      if (job !== j) return;
      job = null;
      j.throttle.stop();
      if (e instanceof IngestCancelled) {
        set({ load: IDLE });
        return;
      }
      const message = e instanceof Error ? e.message : String(e);
      const where = e instanceof IngestError ? e.where : undefined;
      set({ load: { status: 'error', message, where, fileName } });
    };

    const ingest = (j: Job, file: Blob, name: string): void => {
      const handle = deps.startIngest(file, name, (p) => {
        if (job === j) j.throttle.push(p);
      });
      j.handle = handle;
      handle.result.then(
        ({ table, summary }) => {
          if (job !== j) return;
          job = null;
          j.throttle.stop();
          const v = ++version;
          deps.adoptTable?.(table, v);
          openSource = j.source;
          set({ capture: { summary, version: v }, load: IDLE, engineStop: null });
        },
        (e: unknown) => fail(j, name, e),
      );
    };

    const openSample = (): void => {
      const j = begin(SAMPLE_NAME, { kind: 'sample' });
      deps.fetchSample(j.abort.signal).then(
        (blob) => {
          if (job === j) ingest(j, blob, SAMPLE_NAME);
        },
        (e: unknown) => fail(j, SAMPLE_NAME, j.abort.signal.aborted ? new IngestCancelled() : e),
      );
    };
    const openFile = (file: Blob, name: string): void => ingest(begin(name, { kind: 'file', file, name }), file, name);

    return {
      capture: null,
      load: IDLE,
      engineStop: null,
      openFile,
      openSample,
      cancelLoad: () => {
        if (!job) return;
        stop();
        set({ load: IDLE });
      },
      dismissError: () => {
        if (get().load.status === 'error') set({ load: IDLE });
      },
      engineStopped: (reason) => set({ engineStop: reason }),
      reopenCapture: () => {
        const source = openSource;
        if (!source || get().capture === null) return;
        if (source.kind === 'sample') openSample();
        else openFile(source.file, source.name);
      },
    };
  });
}
