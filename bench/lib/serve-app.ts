/** Builds the app if needed and serves it with `vite preview`, for benchmarks that drive the real UI. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

const OUT = '.bench-dist';

export async function serveApp(port: number): Promise<{ url: string; stop: () => void }> {
  // Its own build folder, so a benchmark never races the e2e tests over dist/.
  if (!existsSync(`${OUT}/index.html`) || process.env.BENCH_BUILD !== '0') {
    const b = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', OUT], { stdio: 'inherit' });
    if (b.status !== 0) throw new Error('vite build failed');
  }
  const child: ChildProcess = spawn(
    'npx',
    ['vite', 'preview', '--outDir', OUT, '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
    {
      stdio: 'ignore',
      detached: true,
    },
  );
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    stop: () => {
      try {
        process.kill(-(child.pid as number));
      } catch {
        /* gone */
      }
    },
  };
}
