/**
 * A worker thread's code as one plain-JavaScript module. In a production install it is the .js file built
 * beside the sensor (scripts/build-sensor.mjs); run from source, it is bundled here rather than loaded
 * through tsx: tsx's loader runs on a hooks thread of its own, and two more V8 isolates cost the sensor
 * ~40 MB, a sixth of its memory budget under a random-source flood. esbuild is tsx's own compiler, so it is
 * there wherever tsx is.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The module at `entry` (a URL of a .ts file): its built .js beside it, or bundled, as a URL a Worker starts from. */
export async function bundledWorker(entry: URL): Promise<URL> {
  const built = new URL(entry.href.replace(/\.ts$/, '.js'));
  if (built.href !== entry.href && existsSync(fileURLToPath(built))) return built;
  // Built, this code may sit in a chunk of its own (chunks/): the workers are beside the entry point.
  const name = basename(fileURLToPath(built));
  const beside = process.argv[1] ? pathToFileURL(join(dirname(process.argv[1]), name)) : null;
  if (beside && name.endsWith('.worker.js') && existsSync(fileURLToPath(beside))) return beside;
  const { buildSync } = await import('esbuild');
  const out = buildSync({
    entryPoints: [fileURLToPath(entry)],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    write: false,
    logLevel: 'silent',
  });
  return new URL(`data:text/javascript,${encodeURIComponent(out.outputFiles[0].text)}`);
}
