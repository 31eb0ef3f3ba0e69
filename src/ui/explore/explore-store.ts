/**
 * What the explore views share: the display filter and the time range picked on the chart (null = the
 * whole capture). The breakdown tables follow the applied filter; clicking a row narrows it.
 */
import { create } from 'zustand';

export interface TimeRange {
  readonly fromUs: number;
  readonly toUs: number;
}

interface ExploreState {
  readonly range: TimeRange | null;
  /** A time range dragged on the chart in select mode: what the label form labels. */
  readonly selection: TimeRange | null;
  /** The display filter as typed, not yet applied. */
  readonly draft: string;
  /** The display filter the page shows results for ('' = every packet). */
  readonly applied: string;
  /** Bumped on every apply, so applying the same text again recounts. */
  readonly appliedAt: number;
  setRange(range: TimeRange | null): void;
  setSelection(selection: TimeRange | null): void;
  setDraft(text: string): void;
  /** Applies the draft. */
  apply(): void;
  /** Adds `clause` to the applied filter with && (parenthesising an existing ||) and applies it. */
  narrow(clause: string): void;
  /** A new capture: the old time range means nothing there. */
  resetRange(): void;
}

export const useExplore = create<ExploreState>()((set, get) => ({
  range: null,
  selection: null,
  draft: '',
  applied: '',
  appliedAt: 0,
  setRange: (range) => set({ range }),
  setSelection: (selection) => set({ selection }),
  setDraft: (draft) => set({ draft }),
  apply: () => set({ applied: get().draft.trim(), appliedAt: get().appliedAt + 1 }),
  narrow: (clause) => {
    const text = andFilter(get().applied, clause);
    set({ draft: text, applied: text, appliedAt: get().appliedAt + 1 });
  },
  resetRange: () => set({ range: null, selection: null }),
}));

/** `a && b`, keeping each side's meaning: a side with a top-level || (or a trailing not) is parenthesised. */
export function andFilter(current: string, clause: string): string {
  const a = current.trim();
  if (a === '') return clause;
  const wrap = (s: string): string => (/\|\||\bor\b/i.test(s) ? `(${s})` : s);
  return `${wrap(a)} && ${wrap(clause)}`;
}
