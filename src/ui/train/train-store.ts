/**
 * The model panel's state: the options form, the run in progress (backend, the view training, each view's
 * split and curves), the last result (the combined detector and each view) with its bundle bytes (so Export
 * needs no round trip), an imported bundle's views and the last evaluation on a capture. Actions talk to the
 * engine (for the data) and the train worker (for everything heavy). Each model has an id; an evaluation
 * keeps the id of the model it measured and goes when a newer model of its source (trained or imported)
 * arrives, so no figure of an earlier model stays on screen under a new one. Every finished run of the
 * session is kept as a few figures (train-runs.ts) for the runs compared.
 */
import { create } from 'zustand';
import type { AlertReport } from '../../core/model/alert-report.ts';
import type { Manifest } from '../../core/model/bundle.ts';
import type { ClassificationReport } from '../../core/model/metrics.ts';
import type { ModelKind } from '../../core/model/model-config.ts';
import type { TrainProgress } from '../../core/model/train-loop.ts';
import type { ViewsLayout } from '../../core/model/train-views.ts';
import type {
  AttackCurve,
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
import { labelsDigest, runRecordOf, type RunRecord, type RunStart } from './train-runs.ts';

export type TrainPhase = 'idle' | 'preparing' | 'training' | 'stopping' | 'done' | 'failed';

export interface TrainedModel {
  /** The run's job id: which model a result belongs to. */
  readonly id: number;
  readonly layout: ViewsLayout;
  /** The combined detector ("any view fires") on the test rows. */
  readonly report: ClassificationReport;
  readonly curve: AttackCurve;
  readonly alerts: AlertReport;
  readonly views: readonly TrainedView[];
  /** The views the run was asked for (more than `views` when stopped before the last one). */
  readonly viewsAsked: readonly string[];
  readonly bundle: Uint8Array;
}

export interface Evaluation {
  readonly source: ModelSource;
  /** The id of the model evaluated (TrainedModel.id or ImportedModel.id): a later model's results replace these. */
  readonly modelId: number;
  /** When the model was made (its manifest's createdAt), to say which model the figures are of. */
  readonly modelCreatedAt: string;
  /** The capture's fingerprint is the one the model was trained on: its training windows are in the figures. */
  readonly trainedOnThis: boolean;
  readonly fileName: string;
  readonly combined: ScoredResult;
  readonly views: readonly { readonly name: string; readonly result: ScoredResult }[];
  readonly note: string | null;
  readonly backend: BackendInfo;
  /** The bundle's vote: a group alerts when more than half of its last k windows are malicious. */
  readonly k: number;
}

export interface ImportedModel {
  /** Counts imports: which model a result belongs to. */
  readonly id: number;
  readonly info: BundleInfo;
  readonly fileName: string;
  readonly bytes: number;
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
  /** The model kind of the run in progress or last run (trees count rounds, not epochs). */
  readonly kind: ModelKind;
  readonly backend: BackendInfo | null;
  readonly view: ViewTurn | null;
  /** Before any view trained: classes the split leaves without validation or test windows, in words. */
  readonly check: readonly string[];
  /** Per view, in the order they were windowed. */
  readonly splits: readonly { readonly view: string; readonly split: SplitSummary }[];
  readonly dropped: readonly string[];
  readonly live: TrainProgress | null;
  /** Finished epochs per model trained: one per view (per-view layout) or one (shared). */
  readonly curves: readonly { readonly name: string; readonly history: readonly TrainProgress[] }[];
  readonly error: string | null;
  readonly trained: TrainedModel | null;
  readonly imported: ImportedModel | null;
  readonly importError: string | null;
  readonly importing: boolean;
  readonly evaluating: ModelSource | null;
  readonly evaluation: Evaluation | null;
  readonly evalError: string | null;
  /** The run in progress as it started (its options and test rows), for its record when it finishes. */
  readonly started: RunStart | null;
  /** Every finished run of the session, oldest first. */
  readonly runs: readonly RunRecord[];
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
  kind: DEFAULT_TRAIN_FORM.kind,
  backend: null,
  view: null,
  check: [],
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
  started: null,
  runs: [],
};

let client: TrainClient | null = null;
const trainClient = (): TrainClient => (client ??= new TrainClient());

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export const useTrain = create<TrainState & TrainActions>()((set, get) => {
  const onEvent = (e: TrainEvent): void => {
    if (e.jobId !== get().jobId) return;
    const next = applyTrainEvent(get(), e);
    // A new trained model: what was measured of the one before it is no longer on screen.
    const stale = e.type === 'train.done' && get().evaluation?.source === 'trained';
    const { started, runs } = get();
    const kept =
      e.type === 'train.done' && started?.jobId === e.jobId ? { runs: [...runs, runRecordOf(started, e)] } : {};
    set(stale ? { ...next, ...kept, evaluation: null, evalError: null } : { ...next, ...kept });
  };
  let imports = 0;

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
        kind: checked.options.config.kind,
        view: null,
        check: [],
        splits: [],
        dropped: [],
        live: null,
        curves: [],
        jobId: null,
      });
      try {
        const copy = await engine.trainingData();
        // Before the copy moves to the worker: which labels these test rows carry.
        const labels = labelsDigest(copy.labels, copy.classNames);
        const jobId = trainClient().train(copy, fileName, checked.options, form.backend, onEvent);
        set({ jobId, started: { jobId, options: checked.options, fingerprint: copy.fingerprint, labels } });
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
        if (reply.ok) {
          const imported = { id: ++imports, info: reply.info, fileName: file.name, bytes: reply.bytes };
          const stale = get().evaluation?.source === 'imported';
          set({ imported, importing: false, ...(stale ? { evaluation: null, evalError: null } : {}) });
        } else set({ importError: reply.message, importing: false });
      } catch (e) {
        set({ importError: message(e), importing: false });
      }
    },

    evaluate: async (engine, fileName, source) => {
      if (get().evaluating) return;
      const model = currentModel(get(), source);
      if (!model) return;
      set({ evaluating: source, evalError: null });
      try {
        const copy = await engine.trainingData();
        const trainedOnThis = copy.fingerprint === model.manifest.training.fingerprint;
        const r = await trainClient().evaluate(copy, fileName, source, get().form.backend);
        // A model trained or imported meanwhile: these figures are of one no longer current.
        if (currentModel(get(), source)?.id !== model.id) {
          set({ evaluating: null });
          return;
        }
        set({
          evaluating: null,
          evaluation: {
            source,
            modelId: model.id,
            modelCreatedAt: model.manifest.createdAt,
            trainedOnThis,
            fileName,
            combined: r.combined,
            views: r.views,
            note: r.note,
            backend: r.backend,
            k: model.k,
          },
        });
      } catch (e) {
        set({ evaluating: null, evalError: message(e) });
      }
    },
  };
});

/**
 * The trained or imported model now held: its id, its first view's manifest (what every view shares) and
 * its vote's k (a bundle's own vote for an import).
 */
export function currentModel(
  s: Pick<TrainState, 'trained' | 'imported'>,
  source: ModelSource,
): { readonly id: number; readonly manifest: Manifest; readonly k: number } | null {
  if (source === 'imported') {
    const m = s.imported?.info.views[0]?.manifest;
    return s.imported && m ? { id: s.imported.id, manifest: m, k: s.imported.info.vote.k } : null;
  }
  const m = s.trained?.views[0]?.manifest;
  return s.trained && m ? { id: s.trained.id, manifest: m, k: m.vote.k } : null;
}

/** "trained at 2026-01-05 20:12:58 UTC" from a manifest's createdAt: which model a figure is of. */
export function modelTime(createdAt: string): string {
  const at = createdAt.slice(0, 19).replace('T', ' ');
  return /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(at) ? `trained at ${at} UTC` : 'trained earlier';
}

export const isRunning = (s: TrainState): boolean =>
  s.phase === 'preparing' || s.phase === 'training' || s.phase === 'stopping';
