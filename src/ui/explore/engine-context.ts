/** React access to the engine (the worker holding the open table), given once at the root. */
import { createContext, createElement, useContext, type ReactNode } from 'react';
import type { FilterResult, SeriesRequest, SeriesResult, TimeRangeUs } from '../../workers/engine-messages.ts';

/** What the UI needs of the engine; the page passes an EngineClient, tests may pass a fake. */
export interface Engine {
  filter(text: string, range?: TimeRangeUs | null): Promise<FilterResult>;
  series(request: SeriesRequest): Promise<SeriesResult>;
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
