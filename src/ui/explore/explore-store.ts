/** What the explore views share: the time range picked on the chart (null = the whole capture). */
import { create } from 'zustand';

export interface TimeRange {
  readonly fromUs: number;
  readonly toUs: number;
}

interface ExploreState {
  readonly range: TimeRange | null;
  setRange(range: TimeRange | null): void;
}

export const useExplore = create<ExploreState>()((set) => ({
  range: null,
  setRange: (range) => set({ range }),
}));
