import { useCallback, useRef, type ReactNode } from 'react';
import { AppHeader } from './components/app-header.tsx';
import { DropOverlay } from './components/drop-overlay.tsx';
import { EmptyState } from './components/empty-state.tsx';
import { ErrorBanner } from './components/error-banner.tsx';
import { FileInput } from './components/file-input.tsx';
import { LoadProgress } from './components/load-progress.tsx';
import { useHasCapture, useLoadStatus } from './stores/capture-hooks.ts';
import { BreakdownPanel } from './explore/breakdown-panel.tsx';
import { ChartPanel } from './explore/chart-panel.tsx';
import { FilterBar } from './explore/filter-bar.tsx';
import { LabelsPanel } from './labels/labels-panel.tsx';
import { SummaryView } from './summary/summary-view.tsx';
import { TrainPanel } from './train/train-panel.tsx';

export function App(): ReactNode {
  const inputRef = useRef<HTMLInputElement>(null);
  const pick = useCallback(() => inputRef.current?.click(), []);
  const hasCapture = useHasCapture();
  const status = useLoadStatus();
  return (
    <div className="app">
      <FileInput inputRef={inputRef} />
      <AppHeader onPick={pick} />
      <main className="app-main">
        <ErrorBanner />
        <LoadProgress />
        {hasCapture && <FilterBar />}
        {hasCapture && <ChartPanel />}
        {hasCapture && <LabelsPanel />}
        {hasCapture && <TrainPanel />}
        {hasCapture && <BreakdownPanel />}
        {hasCapture ? <SummaryView /> : status !== 'loading' && <EmptyState onPick={pick} />}
      </main>
      <DropOverlay />
    </div>
  );
}
