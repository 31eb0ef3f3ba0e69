// Builds the sensor for a production install: cli/sensor.ts and its worker threads as plain JavaScript
// modules (esbuild, at build time only), into OUT (default dist/sensor). The packages it keeps external
// (tfjs, loaded only when a bundle's view has no fast path; the NATS client, only by the fleet's roles) come
// from node_modules, where `npm prune --omit=dev` leaves them. At run time neither tsx nor esbuild is used: the workers are found as the .js
// files built beside the entry (cli/lib/bundled-worker.ts).
//   node scripts/build-sensor.mjs [OUT]
import { buildSync } from 'esbuild';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';

const out = process.argv[2] ?? 'dist/sensor';
const common = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
  external: ['@tensorflow/*', '@nats-io/*'],
};
// Split, so that tfjs, imported only when a view needs it, stays a chunk loaded then (not at start-up).
buildSync({
  ...common,
  entryPoints: { 'nids-sensor': 'cli/sensor.ts' },
  outdir: out,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  banner: { js: '#!/usr/bin/env node' },
});
buildSync({
  ...common,
  entryPoints: {
    'classifier-thread.worker': 'cli/lib/classifier-thread.worker.ts',
    'parse-thread.worker': 'cli/lib/parse-thread.worker.ts',
    'capture-shard.worker': 'cli/lib/capture-shard.worker.ts',
  },
  outdir: out,
});
chmodSync(join(out, 'nids-sensor.js'), 0o755);
console.log(`sensor built: ${join(out, 'nids-sensor.js')}`);
