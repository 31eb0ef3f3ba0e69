import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { EngineClient } from './workers/engine-client.ts';
import { startIngest } from './workers/ingest-client.ts';
import { EngineProvider } from './ui/explore/engine-context.ts';
import { App } from './ui/app.tsx';
import { fetchSampleCapture } from './ui/sample.ts';
import { CaptureStoreProvider } from './ui/stores/capture-hooks.ts';
import { createCaptureStore } from './ui/stores/capture-store.ts';
import { installTestHook } from './ui/test-hook.ts';
import { PanelBoundary } from './ui/components/panel-boundary.tsx';
import { preloadPlotly } from './ui/explore/plotly-view.tsx';
import './ui/styles.css';

const engine = new EngineClient();
const store = createCaptureStore({
  startIngest,
  fetchSample: fetchSampleCapture,
  adoptTable: (table, version) => engine.load(table, version),
});
engine.onStopped((stopped) => {
  console.error(stopped.message);
  store.getState().engineStopped(stopped.reason);
});
installTestHook(store);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <CaptureStoreProvider store={store}>
      <EngineProvider engine={engine}>
        {/* The last resort, for what the panels' own boundaries do not hold (the header, the banners). */}
        <PanelBoundary name="Workbench">
          <App />
        </PanelBoundary>
      </EngineProvider>
    </CaptureStoreProvider>
  </StrictMode>,
);
preloadPlotly();
