import { useCallback, useRef, useState, type ReactNode } from 'react';
import { AppHeader } from './components/app-header.tsx';
import { DropOverlay } from './components/drop-overlay.tsx';
import { EmptyState } from './components/empty-state.tsx';
import { EngineBanner } from './components/engine-banner.tsx';
import { ErrorBanner } from './components/error-banner.tsx';
import { FileInput } from './components/file-input.tsx';
import { LoadProgress } from './components/load-progress.tsx';
import { PanelBoundary } from './components/panel-boundary.tsx';
import { ShortcutSheet } from './components/shortcut-sheet.tsx';
import { StepNav } from './components/step-nav.tsx';
import { useCapture, useLoadStatus } from './stores/capture-hooks.ts';
import { BreakdownPanel } from './explore/breakdown-panel.tsx';
import { ChartPanel } from './explore/chart-panel.tsx';
import { FilterBar } from './explore/filter-bar.tsx';
import { LabelsPanel } from './labels/labels-panel.tsx';
import { SummaryView } from './summary/summary-view.tsx';
import { TrainPanel } from './train/train-panel.tsx';
import type { StepId } from './steps.ts';
import { useShortcuts } from './use-shortcuts.ts';
import { useStepSpy } from './use-step-spy.ts';

export function App(): ReactNode {
  const inputRef = useRef<HTMLInputElement>(null);
  const pick = useCallback(() => inputRef.current?.click(), []);
  const version = useCapture()?.version ?? 0;
  const hasCapture = version > 0;
  const status = useLoadStatus();
  const [sheetOpen, setSheetOpen] = useState(false);
  const openSheet = useCallback(() => setSheetOpen(true), []);
  const closeSheet = useCallback(() => setSheetOpen(false), []);
  useShortcuts(openSheet);
  const top = useRef<HTMLDivElement>(null);
  const main = useRef<HTMLElement>(null);
  useStepSpy(top, main, hasCapture);
  // The panels in the loop's order, each in a slot the layout places and the step bar finds (data-step).
  // Each panel fails alone (named as its section is); a new capture gives a failed panel another go.
  const panel = (slot: string, step: StepId, name: string, content: ReactNode): ReactNode =>
    hasCapture && (
      <div id={`slot-${slot}`} className={`slot slot-${slot}`} data-step={step}>
        <PanelBoundary name={name} resetKey={version}>
          {content}
        </PanelBoundary>
      </div>
    );
  return (
    <div className="app">
      <FileInput inputRef={inputRef} />
      <div className="app-top" ref={top}>
        <AppHeader onPick={pick} onShortcuts={openSheet} />
        {hasCapture && <StepNav />}
      </div>
      <main className={hasCapture ? 'app-main has-capture' : 'app-main'} ref={main}>
        <EngineBanner />
        <ErrorBanner />
        <LoadProgress />
        {panel('filter', 'explore', 'Display filter', <FilterBar />)}
        {panel('chart', 'explore', 'Time series', <ChartPanel />)}
        {panel('breakdowns', 'explore', 'Breakdowns', <BreakdownPanel />)}
        {panel('labels', 'label', 'Labels', <LabelsPanel />)}
        {panel('model', 'train', 'Model', <TrainPanel />)}
        {panel('summary', 'summary', 'Capture summary', <SummaryView />)}
        {!hasCapture && status !== 'loading' && <EmptyState onPick={pick} />}
      </main>
      <ShortcutSheet open={sheetOpen} onClose={closeSheet} />
      <DropOverlay />
    </div>
  );
}
