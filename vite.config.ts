import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Cross-origin isolation lets workers share SharedArrayBuffers and (later) run wasm threads.
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

// `npm start` serves here; PORT moves it (the first-run test starts the very same command on a free port).
const port = Number(process.env.PORT ?? 5173);

/** What the page and its workers import from node_modules, pre-bundled by `npm start` (see optimizeDeps). */
export const optimizedDeps = [
  '@tensorflow/tfjs',
  '@tensorflow/tfjs-backend-wasm',
  '@tensorflow/tfjs-backend-webgpu',
  'fflate',
  'plotly.js-dist-min',
  'react',
  'react/jsx-dev-runtime',
  'react/jsx-runtime',
  'react-dom/client',
  'zustand',
  'zustand/vanilla',
];

export default defineConfig({
  plugins: [react()],
  // Dependencies are pre-bundled into the project, not node_modules/.vite: a fresh clone starts with none.
  cacheDir: '.vite-cache',
  server: { host: '127.0.0.1', port, strictPort: true, headers: isolation },
  // Every dependency is pre-bundled before the first page is served. Vite's scan starts at index.html and does
  // not follow `new Worker(new URL(...))`, so it met tfjs (imported by the train worker alone) only on the
  // first Train click, re-bundled and reloaded the page, closing the capture. The workers are scan entries
  // too, and the list names each dependency (dynamic imports, subpaths) for good measure; a unit test
  // (scripts/optimize-deps.test.ts) holds it to what src imports.
  optimizeDeps: {
    entries: ['index.html', 'src/workers/*.worker.ts'],
    include: optimizedDeps,
  },
  preview: { headers: isolation },
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
});
