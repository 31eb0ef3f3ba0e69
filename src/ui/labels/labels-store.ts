/**
 * The labelling history of the open capture: every action makes a new LabelState (label set, base, ordered
 * rules), so undo and redo are moving an index, deleting or disabling a rule is undoable like any other
 * action, and the whole history can be saved and restored after a reload (undo still works then).
 */
import { create } from 'zustand';
import { INITIAL_LABEL_STATE, type LabelState } from '../../core/labels/rules.ts';
import type { LabelsResult } from '../../workers/engine-messages.ts';

/** States kept for undo; older ones are dropped. */
export const MAX_HISTORY = 200;

export type StorageStatus =
  | { readonly kind: 'saved' }
  | { readonly kind: 'pending' }
  | { readonly kind: 'memory'; readonly reason: string };

export interface LabelsStore {
  /** The open capture's fingerprint; null until the engine has told it. */
  readonly fingerprint: string | null;
  readonly history: readonly LabelState[];
  readonly index: number;
  /** The engine's answer for the current state (counts per class, per-rule matches). */
  readonly outcome: LabelsResult | null;
  readonly storage: StorageStatus;
  /** Whether the history came back from storage when the capture was opened. */
  readonly restored: boolean;
  /** The class a number key or the Label button applies. */
  readonly selectedClass: number;
  readonly current: () => LabelState;
  /** Makes `next` the current state, dropping any redo states. */
  commit(next: LabelState): void;
  undo(): void;
  redo(): void;
  /** A capture was opened: its saved history, or a fresh one. */
  open(fingerprint: string, history: readonly LabelState[] | null, index: number): void;
  setOutcome(outcome: LabelsResult | null): void;
  setStorage(storage: StorageStatus): void;
  selectClass(id: number): void;
}

export const useLabels = create<LabelsStore>()((set, get) => ({
  fingerprint: null,
  history: [INITIAL_LABEL_STATE],
  index: 0,
  outcome: null,
  storage: { kind: 'saved' },
  restored: false,
  selectedClass: 1,
  current: () => get().history[get().index],
  commit: (next) => {
    const { history, index } = get();
    const kept = [...history.slice(0, index + 1), next];
    const trimmed = kept.length > MAX_HISTORY ? kept.slice(kept.length - MAX_HISTORY) : kept;
    set({ history: trimmed, index: trimmed.length - 1 });
  },
  undo: () => set({ index: Math.max(0, get().index - 1) }),
  redo: () => set({ index: Math.min(get().history.length - 1, get().index + 1) }),
  open: (fingerprint, history, index) =>
    set({
      fingerprint,
      history: history && history.length > 0 ? history : [INITIAL_LABEL_STATE],
      index: history && history.length > 0 ? Math.min(Math.max(0, index), history.length - 1) : 0,
      restored: history !== null && history.length > 0,
      outcome: null,
    }),
  setOutcome: (outcome) => set({ outcome }),
  setStorage: (storage) => set({ storage }),
  selectClass: (selectedClass) => set({ selectedClass }),
}));

export const canUndo = (s: LabelsStore): boolean => s.index > 0;
export const canRedo = (s: LabelsStore): boolean => s.index < s.history.length - 1;
