/// <reference lib="webworker" />
/**
 * The reader worker's entry: the life signals first (worker-life.ts), then the reader itself, which is kept
 * free of them.
 */
import './worker-life.ts';
import './reader.worker.ts';
