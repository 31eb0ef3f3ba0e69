/**
 * Messages between the page and the train worker, which holds tfjs, the bundle of views last trained and
 * any bundle imported. Training is one job at a time; its messages carry the job id so a late progress
 * message of a replaced run is dropped. Tables and bundle bytes travel by transfer.
 */
import type { AlertReport } from '../core/model/alert-report.ts';
import type { GroupKey } from '../core/features/group-key.ts';
import type { SplitStrategy } from '../core/features/splits.ts';
import type { Manifest } from '../core/model/bundle.ts';
import type { ClassificationReport } from '../core/model/metrics.ts';
import type { ModelConfig } from '../core/model/model-config.ts';
import type { TrainOutcome, TrainProgress } from '../core/model/train-loop.ts';
import type { ViewSpec, ViewsLayout } from '../core/model/train-views.ts';
import type { PacketTable } from '../core/table/packet-table.ts';

export type BackendChoice = 'auto' | 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'];

/** The backend tfjs runs on, and plain words on how it was chosen (what failed, threads or not). */
export interface BackendInfo {
  readonly name: string;
  readonly note: string;
}

/** Everything about a run except the data: what the options form produces. */
export interface TrainOptions {
  readonly config: ModelConfig;
  /** At least one; each gets its windows and votes (a model of its own in the per-view layout). */
  readonly views: readonly ViewSpec[];
  readonly layout: ViewsLayout;
  /** Packets per window and training stride, the same for every view. */
  readonly size: number;
  readonly stride: number;
  readonly labelRule: 'last' | 'majority';
  readonly split: SplitStrategy;
  /** Train also on the app's benign corpus (public/corpus/benign), as `npm run train` does by default. */
  readonly benignCorpus: boolean;
}

/** What the engine's training copy becomes on its way to the worker. */
export interface TrainData {
  readonly table: PacketTable;
  /** Engine class id per row. */
  readonly labels: Uint8Array;
  /** By engine class id; '' where unused. */
  readonly classNames: readonly string[];
  readonly fingerprint: string;
  readonly fileName: string;
}

export interface SplitSummary {
  readonly classes: readonly string[];
  /** counts[part][class]: training, validation, test. */
  readonly counts: readonly (readonly number[])[];
  readonly warnings: readonly string[];
}

export interface AttackCurve {
  readonly precision: readonly number[];
  readonly recall: readonly number[];
  readonly threshold: readonly number[];
}

export type ModelSource = 'trained' | 'imported';

/** One view of a finished run, measured on its own test windows. */
export interface TrainedView {
  readonly name: string;
  readonly key: GroupKey;
  readonly report: ClassificationReport;
  readonly curve: AttackCurve;
  readonly alerts: AlertReport;
  readonly outcome: TrainOutcome;
  readonly manifest: Manifest;
}

/** What a bundle holds, as the page lists it (the weights stay in the worker). */
export interface BundleInfo {
  /** 1: one model (one view); 2: a bundle of views. */
  readonly formatVersion: number;
  /** Absent for format 1. */
  readonly layout: string | null;
  readonly classes: readonly string[];
  readonly vote: { readonly k: number; readonly threshold: number };
  readonly views: readonly { readonly name: string; readonly key: GroupKey; readonly manifest: Manifest }[];
}

/** Figures of one detector (the combined one or a view's) on some windows. */
export interface ScoredResult {
  /** Null without labels to score against. */
  readonly report: ClassificationReport | null;
  readonly alerts: AlertReport;
  /** Windows scored (for the combined detector: every view's together). */
  readonly windows: number;
}

export type TrainRequestMsg =
  | {
      readonly type: 'train.start';
      readonly jobId: number;
      readonly backend: BackendChoice;
      readonly options: TrainOptions;
      readonly data: TrainData;
    }
  | { readonly type: 'train.stop'; readonly jobId: number }
  /**
   * Validates a bundle; on success it becomes the imported model (the trained one stays), or with `source`
   * 'trained' the trained one again (a fresh worker given back what a dead one held).
   */
  | {
      readonly type: 'train.import';
      readonly requestId: number;
      readonly backend: BackendChoice;
      readonly bytes: Uint8Array;
      readonly source?: ModelSource;
    }
  | {
      readonly type: 'train.evaluate';
      readonly requestId: number;
      readonly backend: BackendChoice;
      readonly source: ModelSource;
      readonly data: TrainData;
    };

export type TrainReplyMsg =
  | { readonly type: 'train.backend'; readonly jobId: number; readonly backend: BackendInfo }
  /** A view's turn starts (per-view layout: its training; shared layout: its windows, before the one run). */
  | {
      readonly type: 'train.view';
      readonly jobId: number;
      readonly index: number;
      readonly count: number;
      readonly view: ViewSpec;
    }
  /** Before any view trains: labelled classes the split leaves unmeasured, in words with what to do. */
  | { readonly type: 'train.check'; readonly jobId: number; readonly notes: readonly string[] }
  /** A view's data is windowed and split. `dropped`: classes no packet carries. */
  | {
      readonly type: 'train.split';
      readonly jobId: number;
      readonly view: string;
      readonly split: SplitSummary;
      readonly dropped: readonly string[];
    }
  | {
      readonly type: 'train.progress';
      readonly jobId: number;
      readonly kind: 'batch' | 'epoch';
      readonly progress: TrainProgress;
    }
  /**
   * `report`/`alerts`: the combined detector ("any view fires") on the test rows; then each view's own.
   * `views` is shorter than `viewsAsked` when Stop came before the last view started.
   */
  | {
      readonly type: 'train.done';
      readonly jobId: number;
      readonly layout: ViewsLayout;
      readonly report: ClassificationReport;
      /** The combined detector's attack-vs-benign precision/recall curve, over the same packets as `report`. */
      readonly curve: AttackCurve;
      readonly alerts: AlertReport;
      readonly views: readonly TrainedView[];
      readonly viewsAsked: readonly string[];
      readonly bundle: Uint8Array;
      /** Seconds of trainViews in the worker (windows, split, training, test figures), for the runs compared. */
      readonly trainS: number;
      /** The exported bundle's fast path over every view (classifierSpeed); null when it cannot be timed. */
      readonly windowsPerS: number | null;
    }
  | { readonly type: 'train.failed'; readonly jobId: number; readonly message: string }
  | {
      readonly type: 'train.imported';
      readonly requestId: number;
      readonly ok: true;
      readonly info: BundleInfo;
      readonly bytes: number;
    }
  | { readonly type: 'train.imported'; readonly requestId: number; readonly ok: false; readonly message: string }
  | {
      readonly type: 'train.evaluated';
      readonly requestId: number;
      readonly backend: BackendInfo;
      readonly combined: ScoredResult;
      readonly views: readonly { readonly name: string; readonly result: ScoredResult }[];
      readonly note: string | null;
    }
  | { readonly type: 'train.evalFailed'; readonly requestId: number; readonly message: string };
