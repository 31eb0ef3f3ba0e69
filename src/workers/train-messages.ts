/**
 * Messages between the page and the train worker, which holds tfjs, the model being trained and any model
 * imported from a bundle. Training is one job at a time; its messages carry the job id so a late progress
 * message of a replaced run is dropped. Tables and bundle bytes travel by transfer.
 */
import type { AlertReport } from '../core/model/alert-report.ts';
import type { WindowSpec } from '../core/features/windows.ts';
import type { SplitStrategy } from '../core/features/splits.ts';
import type { Manifest } from '../core/model/bundle.ts';
import type { ClassificationReport } from '../core/model/metrics.ts';
import type { ModelConfig } from '../core/model/model-config.ts';
import type { TrainOutcome, TrainProgress } from '../core/model/train-loop.ts';
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
  readonly window: WindowSpec;
  readonly labelRule: 'last' | 'majority';
  readonly split: SplitStrategy;
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

export type TrainRequestMsg =
  | { readonly type: 'train.start'; readonly jobId: number; readonly backend: BackendChoice; readonly options: TrainOptions; readonly data: TrainData }
  | { readonly type: 'train.stop'; readonly jobId: number }
  /** Validates a bundle; on success it becomes the imported model (the trained one stays). */
  | { readonly type: 'train.import'; readonly requestId: number; readonly backend: BackendChoice; readonly bytes: Uint8Array }
  | { readonly type: 'train.evaluate'; readonly requestId: number; readonly backend: BackendChoice; readonly source: ModelSource; readonly data: TrainData };

export type TrainReplyMsg =
  | { readonly type: 'train.backend'; readonly jobId: number; readonly backend: BackendInfo }
  /** The data is windowed and split; training starts. `dropped`: classes no packet carries. */
  | { readonly type: 'train.split'; readonly jobId: number; readonly split: SplitSummary; readonly dropped: readonly string[] }
  | { readonly type: 'train.progress'; readonly jobId: number; readonly kind: 'batch' | 'epoch'; readonly progress: TrainProgress }
  | { readonly type: 'train.done'; readonly jobId: number; readonly report: ClassificationReport; readonly curve: AttackCurve; readonly alerts: AlertReport; readonly outcome: TrainOutcome; readonly manifest: Manifest; readonly bundle: Uint8Array }
  | { readonly type: 'train.failed'; readonly jobId: number; readonly message: string }
  | { readonly type: 'train.imported'; readonly requestId: number; readonly ok: true; readonly manifest: Manifest; readonly bytes: number }
  | { readonly type: 'train.imported'; readonly requestId: number; readonly ok: false; readonly message: string }
  | { readonly type: 'train.evaluated'; readonly requestId: number; readonly backend: BackendInfo; readonly report: ClassificationReport | null; readonly curve: AttackCurve | null; readonly windows: number; readonly note: string | null }
  | { readonly type: 'train.evalFailed'; readonly requestId: number; readonly message: string };
