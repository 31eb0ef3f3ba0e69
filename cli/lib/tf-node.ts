/**
 * tfjs for Node on the wasm backend (tfjs-node's native binary cannot be installed here). Imported once;
 * every CLI and Node test gets the same initialised `tf`.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

let ready: Promise<typeof tf> | null = null;

export function nodeTf(): Promise<typeof tf> {
  ready ??= (async () => {
    const dist = dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'));
    // A file path with a trailing slash: the wasm loader appends the .wasm file name to it.
    setWasmPaths(join(dist, '/'));
    if (!(await tf.setBackend('wasm'))) throw new Error('the tfjs wasm backend did not start');
    await tf.ready();
    return tf;
  })();
  return ready;
}
