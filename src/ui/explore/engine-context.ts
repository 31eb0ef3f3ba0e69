/** React access to the engine (the worker holding the open table), given once at the root. */
import { createContext, createElement, useContext, type ReactNode } from 'react';
import type { Agreement } from '../../core/labels/agreement.ts';
import type { LabelState } from '../../core/labels/rules.ts';
import type { RulesImport } from '../../core/labels/rules-json.ts';
import type {
  TrainingCopy,
  LabelsResult,
  BreakdownRequest,
  BreakdownResult,
  ChartRequest,
  ChartResult,
  FilterResult,
  TimeRangeUs,
} from '../../workers/engine-messages.ts';

/** What the UI needs of the engine; the page passes an EngineClient, tests may pass a fake. */
export interface Engine {
  filter(text: string, range?: TimeRangeUs | null): Promise<FilterResult>;
  chart(request: ChartRequest): Promise<ChartResult>;
  breakdown(request: BreakdownRequest): Promise<BreakdownResult>;
  fingerprint(): Promise<{ fingerprint: string; rows: number; version: number }>;
  labels(state: LabelState): Promise<LabelsResult>;
  agreement(column: string): Promise<Agreement | null>;
  importRules(text: string): Promise<RulesImport>;
  trainingData(): Promise<TrainingCopy>;
  exportCsv(onPiece: (bytes: Uint8Array) => void): Promise<void>;
}

const EngineContext = createContext<Engine | null>(null);

export function EngineProvider({ engine, children }: { engine: Engine; children: ReactNode }): ReactNode {
  return createElement(EngineContext.Provider, { value: engine }, children);
}

export function useEngine(): Engine {
  const engine = useContext(EngineContext);
  if (!engine) throw new Error('EngineProvider is missing');
  return engine;
}
