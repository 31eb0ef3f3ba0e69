import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { startIngest } from './workers/ingest-client.ts';
import { App } from './ui/app.tsx';
import { fetchSampleCapture } from './ui/sample.ts';
import { CaptureStoreProvider } from './ui/stores/capture-hooks.ts';
import { createCaptureStore } from './ui/stores/capture-store.ts';
import { installTestHook } from './ui/test-hook.ts';
import './ui/styles.css';

const store = createCaptureStore({ startIngest, fetchSample: fetchSampleCapture });
installTestHook(store);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <CaptureStoreProvider store={store}>
      <App />
    </CaptureStoreProvider>
  </StrictMode>,
);
