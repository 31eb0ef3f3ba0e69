/**
 * The model panel's state: the options form, the run in progress (backend, split, progress, epochs), the
 * last result with its bundle bytes (so Export needs no round trip), an imported bundle's manifest and the
 * last evaluation. Actions talk to the engine (for the data) and the train worker (for everything heavy).
 */
import { create } from 'zustand';
import type { Manifest } from '../../core/model/bundle.ts';
import type { AlertReport } from '../../core/model/alert-report.ts';
import type { ClassificationReport } from '../../core/model/metrics.ts';
import type { TrainOutcome, TrainProgress } from '../../core/model/train-loop.ts';
import type { AttackCurve, BackendInfo, ModelSource, SplitSummary } from '../../workers/train-messages.ts';
import { TrainClient, type TrainEvent } from '../../workers/train-client.ts';
import type { Engine } from '../explore/engine-context.ts';
import { checkTrainForm, DEFAULT_TRAIN_FORM, type TrainForm } from './train-options.ts';

export type TrainPhase = 'idle' | 'preparing' | 'training' | 'stopping' | 'done' | 'failed';

export interface TrainedModel {
  readonly report: ClassificationReport;
  readonly curve: AttackCurve;
  readonly alerts: AlertReport;
  readonly outcome: TrainOutcome;
  readonly manifest: Manifest;
  readonly bundle: Uint8Array;
}

export interface Evaluation {
  readonly source: ModelSource;
  readonly fileName: string;
  readonly report: ClassificationReport | null;
  readonly curve: AttackCurve | null;
  readonly windows: number;
  readonly note: string | null;
  readonly backend: BackendInfo;
}

export interface TrainState {
  readonly form: TrainForm;
  readonly problems: readonly string[];
  readonly phase: TrainPhase;
  readonly jobId: number | null;
  readonly backend: BackendInfo | null;
  readonly split: SplitSummary | null;
  readonly dropped: readonly string[];
  readonly live: TrainProgress | null;
  readonly history: readonly TrainProgress[];
  readonly error: string | null;
  readonly trained: TrainedModel | null;
  readonly imported: { readonly manifest: Manifest; readonly fileName: string; readonly bytes: number } | null;
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
  form: DEFAULT_TRAIN_FORM, problems: [], phase: 'idle', jobId: null, backend: null, split: null, dropped: [], live: null,
  history: [], error: null, trained: null, imported: null, importError: null, importing: false, evaluating: null, evaluation: null, evalError: null,
};

let client: TrainClient | null = null;
const trainClient = (): TrainClient => (client ??= new TrainClient());

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export const useTrain = create<TrainState & TrainActions>()((set, get) => {
  const onEvent = (e: TrainEvent): void => {
    if (e.jobId !== get().jobId) return;
    switch (e.type) {
      case 'train.backend': set({ backend: e.backend }); break;
      case 'train.split': set({ split: e.split, dropped: e.dropped, phase: get().phase === 'stopping' ? 'stopping' : 'training' }); break;
      case 'train.progress':
        set(e.kind === 'epoch' ? { live: e.progress, history: [...get().history, e.progress] } : { live: e.progress });
        break;
      case 'train.done':
        set({ phase: 'done', trained: { report: e.report, curve: e.curve, alerts: e.alerts, outcome: e.outcome, manifest: e.manifest, bundle: e.bundle } });
        break;
      case 'train.failed': set({ phase: 'failed', error: e.message }); break;
    }
  };

  return {
    ...initial,
    setForm: (patch) => set({ form: { ...get().form, ...patch }, problems: [] }),

    train: async (engine, fileName) => {
      const { form, phase } = get();
      if (phase === 'preparing' || phase === 'training' || phase === 'stopping') return;
      const checked = checkTrainForm(form);
      if (!checked.ok) { set({ problems: checked.problems }); return; }
      set({ phase: 'preparing', problems: [], error: null, split: null, dropped: [], live: null, history: [], jobId: null });
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
        if (reply.ok) set({ imported: { manifest: reply.manifest, fileName: file.name, bytes: reply.bytes }, importing: false });
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
        set({ evaluating: null, evaluation: { source, fileName, report: r.report, curve: r.curve, windows: r.windows, note: r.note, backend: r.backend } });
      } catch (e) {
        set({ evaluating: null, evalError: message(e) });
      }
    },
  };
});

export const isRunning = (s: TrainState): boolean => s.phase === 'preparing' || s.phase === 'training' || s.phase === 'stopping';
