/**
 * A worker thread's code as one plain-JavaScript module. Bundled here rather than loaded through tsx: tsx's
 * loader runs on a hooks thread of its own, and two more V8 isolates cost the sensor ~40 MB, a sixth of its
 * memory budget under a random-source flood. esbuild is tsx's own compiler, so it is there wherever tsx is.
 */
import { fileURLToPath } from 'node:url';

/** The module at `entry` (a URL of a .ts file) bundled, as a data: URL a Worker starts from. */
export async function bundledWorker(entry: URL): Promise<URL> {
  const { buildSync } = await import('esbuild');
  const out = buildSync({ entryPoints: [fileURLToPath(entry)], bundle: true, format: 'esm', platform: 'node', target: 'node20', write: false, logLevel: 'silent' });
  return new URL(`data:text/javascript,${encodeURIComponent(out.outputFiles[0].text)}`);
}
