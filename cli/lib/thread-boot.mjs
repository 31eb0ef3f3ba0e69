// Starts a TypeScript worker thread: workers do not inherit tsx's loader from `--import tsx`, so each one
// registers it before importing its entry (workerData.entry, a file URL).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
