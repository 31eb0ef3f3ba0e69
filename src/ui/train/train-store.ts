/**
 * The model panel's state: the options form, the run in progress (backend, the view training, each view's
 * split and curves), the last result (the combined detector and each view) with its bundle bytes (so Export
 * needs no round trip), an imported bundle's views and the last evaluation on a capture. Actions talk to the
 * engine (for the data) and the train worker (for everything heavy).
 */
import { create } from 'zustand';
import { DEFAULT_VOTE_RULE } from '../../core/detect/vote.ts';
import type { AlertReport } from '../../core/model/alert-report.ts';
import type { ClassificationReport } from '../../core/model/metrics.ts';
import type { TrainProgress } from '../../core/model/train-loop.ts';
import type { ViewsLayout } from '../../core/model/train-views.ts';
import type {
  BackendInfo,
  BundleInfo,
  ModelSource,
  ScoredResult,
  SplitSummary,
  TrainedView,
} from '../../workers/train-messages.ts';
import { TrainClient, type TrainEvent } from '../../workers/train-client.ts';
import type { Engine } from '../explore/engine-context.ts';
import { applyTrainEvent } from './train-events.ts';
import { checkTrainForm, DEFAULT_TRAIN_FORM, type TrainForm } from './train-options.ts';

export type TrainPhase = 'idle' | 'preparing' | 'training' | 'stopping' | 'done' | 'failed';

export interface TrainedModel {
  readonly layout: ViewsLayout;
  /** The combined detector ("any view fires") on the test rows. */
  readonly report: ClassificationReport;
  readonly alerts: AlertReport;
  readonly views: readonly TrainedView[];
  /** The views the run was asked for (more than `views` when stopped before the last one). */
  readonly viewsAsked: readonly string[];
  readonly bundle: Uint8Array;
}

export interface Evaluation {
  readonly source: ModelSource;
  readonly fileName: string;
  readonly combined: ScoredResult;
  readonly views: readonly { readonly name: string; readonly result: ScoredResult }[];
  readonly note: string | null;
  readonly backend: BackendInfo;
  /** The bundle's vote: a group alerts when more than half of its last k windows are malicious. */
  readonly k: number;
}

/** The view whose turn it is in the run. */
export interface ViewTurn {
  readonly index: number;
  readonly count: number;
  readonly name: string;
}

export interface TrainState {
  readonly form: TrainForm;
  readonly problems: readonly string[];
  readonly phase: TrainPhase;
  readonly jobId: number | null;
  /** The layout of the run in progress or last run. */
  readonly layout: ViewsLayout;
  readonly backend: BackendInfo | null;
  readonly view: ViewTurn | null;
  /** Per view, in the order they were windowed. */
  readonly splits: readonly { readonly view: string; readonly split: SplitSummary }[];
  readonly dropped: readonly string[];
  readonly live: TrainProgress | null;
  /** Finished epochs per model trained: one per view (per-view layout) or one (shared). */
  readonly curves: readonly { readonly name: string; readonly history: readonly TrainProgress[] }[];
  readonly error: string | null;
  readonly trained: TrainedModel | null;
  readonly imported: { readonly info: BundleInfo; readonly fileName: string; readonly bytes: number } | null;
  readonly importError: string | null;
  readonly importing: boolean;
  readonly evaluating: ModelSource | null;
  readonly evaluation: Evaluation | null;
  readonly evalError: string | null;
}

export interface TrainActions {
  setForm(patch: Partial<TrainForm>): void;
  train(engine: Engine, fileName: string): Promise<void>;
  stop(): void;
  importFile(file: File): Promise<void>;
  evaluate(engine: Engine, fileName: string, source: ModelSource): Promise<void>;
}

const initial: TrainState = {
  form: DEFAULT_TRAIN_FORM,
  problems: [],
  phase: 'idle',
  jobId: null,
  layout: 'per-view',
  backend: null,
  view: null,
  splits: [],
  dropped: [],
  live: null,
  curves: [],
  error: null,
  trained: null,
  imported: null,
  importError: null,
  importing: false,
  evaluating: null,
  evaluation: null,
  evalError: null,
};

let client: TrainClient | null = null;
const trainClient = (): TrainClient => (client ??= new TrainClient());

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export const useTrain = create<TrainState & TrainActions>()((set, get) => {
  const onEvent = (e: TrainEvent): void => {
    if (e.jobId !== get().jobId) return;
    set(applyTrainEvent(get(), e));
  };

  return {
    ...initial,
    setForm: (patch) => set({ form: { ...get().form, ...patch }, problems: [] }),

    train: async (engine, fileName) => {
      const { form, phase } = get();
      if (phase === 'preparing' || phase === 'training' || phase === 'stopping') return;
      const checked = checkTrainForm(form);
      if (!checked.ok) {
        set({ problems: checked.problems });
        return;
      }
      set({
        phase: 'preparing',
        problems: [],
        error: null,
        layout: checked.options.layout,
        view: null,
        splits: [],
        dropped: [],
        live: null,
        curves: [],
        jobId: null,
      });
      try {
        const copy = await engine.trainingData();
        const jobId = trainClient().train(copy, fileName, checked.options, form.backend, onEvent);
        set({ jobId });
      } catch (e) {
        set({ phase: 'failed', error: message(e) });
      }
    },

    stop: () => {
      const { jobId, phase } = get();
      if (jobId === null || (phase !== 'training' && phase !== 'preparing')) return;
      trainClient().stop(jobId);
      set({ phase: 'stopping' });
    },

    importFile: async (file) => {
      set({ importing: true, importError: null });
      try {
        const bytes = new Uint8Array(await file.arrayBuffer());
        const reply = await trainClient().importBundle(bytes, get().form.backend);
        // A refused file changes nothing else: the trained model and the last good import stay.
        if (reply.ok)
          set({ imported: { info: reply.info, fileName: file.name, bytes: reply.bytes }, importing: false });
        else set({ importError: reply.message, importing: false });
      } catch (e) {
        set({ importError: message(e), importing: false });
      }
    },

    evaluate: async (engine, fileName, source) => {
      if (get().evaluating) return;
      set({ evaluating: source, evalError: null });
      try {
        const copy = await engine.trainingData();
        const r = await trainClient().evaluate(copy, fileName, source, get().form.backend);
        const { imported, trained } = get();
        const k =
          (source === 'imported' ? imported?.info.vote.k : trained?.views[0]?.manifest.vote.k) ?? DEFAULT_VOTE_RULE.k;
        set({
          evaluating: null,
          evaluation: { source, fileName, combined: r.combined, views: r.views, note: r.note, backend: r.backend, k },
        });
      } catch (e) {
        set({ evaluating: null, evalError: message(e) });
      }
    },
  };
});

export const isRunning = (s: TrainState): boolean =>
  s.phase === 'preparing' || s.phase === 'training' || s.phase === 'stopping';
