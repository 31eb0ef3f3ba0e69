/**
 * The classifier thread's side: the bundle's views on the fast path, answering predict requests in order.
 * Started by classifier-thread.ts, bundled into one plain-JavaScript module.
 */
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { readBundle } from '../../src/core/model/bundle-views.ts';
import { fastClassifierOf } from '../../src/core/sensor/bundle-model.ts';
import type { ThreadReply, ThreadRequest } from './classifier-thread.ts';
import { classifyWindows } from '../../src/core/sensor/classifier.ts';
import { exitIfTestAsks } from './thread-stop.ts';

const port = parentPort;
if (!port) throw new Error('classifier-thread.worker.ts runs as a worker thread');
const { model } = workerData as { model: string };
const bundle = readBundle(new Uint8Array(readFileSync(model)));
const classifiers = bundle.views.map(fastClassifierOf);

port.on('message', (m: ThreadRequest) => {
  exitIfTestAsks('classifier');
  let reply: ThreadReply;
  try {
    const t = performance.now();
    const c = classifiers[m.view];
    const probs = ('inputs' in m ? classifyWindows(c, m.inputs) : c.predict(m.x, m.n)) as Float32Array;
    reply = { id: m.id, probs, ms: performance.now() - t };
    port.postMessage(reply, [probs.buffer as ArrayBuffer]);
  } catch (e) {
    reply = { id: m.id, error: e instanceof Error ? e.message : String(e) };
    port.postMessage(reply);
  }
});
port.postMessage({ id: 0, ready: true } satisfies ThreadReply);
