/** React access to the capture store: a context for the instance and selector hooks defined once here. */
import { createContext, createElement, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { CaptureActions, CaptureState, CaptureStore, LoadState, OpenCapture } from './capture-store.ts';

const CaptureStoreContext = createContext<CaptureStore | null>(null);

export function CaptureStoreProvider({ store, children }: { store: CaptureStore; children: ReactNode }): ReactNode {
  return createElement(CaptureStoreContext.Provider, { value: store }, children);
}

function useCaptureStoreApi(): CaptureStore {
  const store = useContext(CaptureStoreContext);
  if (!store) throw new Error('CaptureStoreProvider is missing');
  return store;
}

function useCaptureStore<T>(selector: (s: CaptureState) => T): T {
  return useStore(useCaptureStoreApi(), selector);
}

const selectCapture = (s: CaptureState): OpenCapture | null => s.capture;
const selectLoad = (s: CaptureState): LoadState => s.load;
const selectStatus = (s: CaptureState): LoadState['status'] => s.load.status;
const selectHasCapture = (s: CaptureState): boolean => s.capture !== null;
const selectEngineStop = (s: CaptureState): string | null => s.engineStop;

export const useCapture = (): OpenCapture | null => useCaptureStore(selectCapture);
/** Changes up to ten times a second while loading: only the progress panel should read it. */
export const useLoad = (): LoadState => useCaptureStore(selectLoad);
export const useLoadStatus = (): LoadState['status'] => useCaptureStore(selectStatus);
export const useHasCapture = (): boolean => useCaptureStore(selectHasCapture);
/** Why the engine worker stopped (the open capture cannot be queried until it is reopened); null while it runs. */
export const useEngineStop = (): string | null => useCaptureStore(selectEngineStop);

/** The actions never change, so reading them does not subscribe to anything. */
export function useCaptureActions(): CaptureActions {
  return useCaptureStoreApi().getState();
}
