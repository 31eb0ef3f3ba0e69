import { useCallback, useRef, type ReactNode } from 'react';
import { AppHeader } from './components/app-header.tsx';
import { DropOverlay } from './components/drop-overlay.tsx';
import { EmptyState } from './components/empty-state.tsx';
import { EngineBanner } from './components/engine-banner.tsx';
import { ErrorBanner } from './components/error-banner.tsx';
import { FileInput } from './components/file-input.tsx';
import { LoadProgress } from './components/load-progress.tsx';
import { PanelBoundary } from './components/panel-boundary.tsx';
import { useCapture, useLoadStatus } from './stores/capture-hooks.ts';
import { BreakdownPanel } from './explore/breakdown-panel.tsx';
import { ChartPanel } from './explore/chart-panel.tsx';
import { FilterBar } from './explore/filter-bar.tsx';
import { LabelsPanel } from './labels/labels-panel.tsx';
import { SummaryView } from './summary/summary-view.tsx';
import { TrainPanel } from './train/train-panel.tsx';

export function App(): ReactNode {
  const inputRef = useRef<HTMLInputElement>(null);
  const pick = useCallback(() => inputRef.current?.click(), []);
  const version = useCapture()?.version ?? 0;
  const hasCapture = version > 0;
  const status = useLoadStatus();
  // Each panel fails alone (named as its section is); a new capture gives a failed panel another go.
  const panel = (name: string, content: ReactNode): ReactNode =>
    hasCapture && (
      <PanelBoundary name={name} resetKey={version}>
        {content}
      </PanelBoundary>
    );
  return (
    <div className="app">
      <FileInput inputRef={inputRef} />
      <AppHeader onPick={pick} />
      <main className="app-main">
        <EngineBanner />
        <ErrorBanner />
        <LoadProgress />
        {panel('Display filter', <FilterBar />)}
        {panel('Time series', <ChartPanel />)}
        {panel('Labels', <LabelsPanel />)}
        {panel('Model', <TrainPanel />)}
        {panel('Breakdowns', <BreakdownPanel />)}
        {panel('Capture summary', <SummaryView />)}
        {!hasCapture && status !== 'loading' && <EmptyState onPick={pick} />}
      </main>
      <DropOverlay />
    </div>
  );
}
