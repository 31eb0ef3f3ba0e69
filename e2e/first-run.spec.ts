/**
 * The README's start command on a fresh clone, as a new user meets it: the files git would check out (tracked
 * and untracked-but-not-ignored, so no Vite cache) copied to a temporary folder, node_modules linked in as
 * `npm install` would have left it, `npm start` run there on a free port, the sample opened, labels taken from
 * its attack column and a short training run started. The dev server must never reload the page on that first
 * use (it did: tfjs, imported only by the train worker, was discovered on the first Train click, "optimized
 * dependencies changed. reloading", and the capture was gone): no page load after the first, no
 * "reload" in the server's output, and the run reaches its evaluation with the capture still open.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { type BrowserContext, expect, test } from '@playwright/test';
import { labelFromAttackColumn } from './helpers/labelling.ts';
import { Workbench } from './helpers/workbench.ts';

const REPO = resolve(import.meta.dirname, '..');

type PlotDiv = HTMLElement & { data?: unknown[] };

/** A fresh clone of the working tree: what git would check out, plus untracked files it does not ignore. */
function freshClone(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nids-first-run-'));
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: REPO,
    encoding: 'utf8',
  });
  for (const file of listed.split('\0').filter(Boolean)) {
    // A tracked file deleted in the working tree is not in a clone of it either.
    if (!existsSync(join(REPO, file))) continue;
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    cpSync(join(REPO, file), join(dir, file));
  }
  symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

/** A port nothing listens on now. */
function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))));
    });
  });
}

/** The HTTP status `url` answers with; 0 while nothing listens. */
const statusOf = (url: string): Promise<number> =>
  fetch(url).then(
    (r) => r.status,
    () => 0,
  );

/** Ends `npm start` and everything it started (npm, vite, its bundler): the whole process group. */
async function stop(server: ChildProcess): Promise<void> {
  const group = server.pid;
  if (group === undefined || server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((done) => server.once('exit', done));
  const signal = (s: NodeJS.Signals): boolean => {
    try {
      process.kill(-group, s);
      return true;
    } catch {
      return false; // the group is gone already
    }
  };
  if (!signal('SIGTERM')) return;
  // A server deaf to SIGTERM is killed outright rather than left running after the test.
  const deaf = setTimeout(() => signal('SIGKILL'), 15_000);
  await exited;
  clearTimeout(deaf);
}

// Held for the hook below, which runs even when the test times out: no server or copy outlives the test.
let server: ChildProcess | undefined;
let clone: string | undefined;
let context: BrowserContext | undefined;
let output = ''; // what `npm start` printed

test.afterEach(async () => {
  const info = test.info();
  if (info.status !== info.expectedStatus) console.log(`npm start printed:\n${output}`);
  if (server) await stop(server);
  if (clone) rmSync(clone, { recursive: true, force: true });
  await context?.close();
});

test('npm start on a fresh clone: the first training run never reloads the page', async ({ browser }) => {
  test.setTimeout(420_000);
  clone = freshClone();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  // The README's start command, as typed: `npm start`, only the port moved (vite.config.ts reads PORT).
  server = spawn('npm', ['start'], {
    cwd: clone,
    env: { ...process.env, PORT: String(port) },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  server.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  context = await browser.newContext({ baseURL: url });
  await expect.poll(() => statusOf(url), { message: 'npm start serves the page', timeout: 120_000 }).toBe(200);
  const page = await context.newPage();
  page.on('pageerror', (e) => console.log(`page error: ${e.message}`));
  // Every load of the page from the first on: a reload, at any moment, is a second entry.
  // (Loads of a document, not in-page moves such as a #section link, which keep the page and its capture.)
  const loads: string[] = [];
  page.on('domcontentloaded', (p) => {
    loads.push(p.url());
  });
  // The first load is slow in dev mode: Vite pre-bundles the dependencies before it serves the page.
  page.setDefaultNavigationTimeout(180_000);
  const wb = await Workbench.open(page);
  expect(loads, 'the first load').toHaveLength(1);
  // A reload would drop this; a page that stayed has it to the end.
  await page.evaluate(() => Object.assign(window, { firstRunMarker: true }));

  await wb.loadSample();
  const version = await wb.captureVersion();
  await labelFromAttackColumn(page);

  // The smallest run that still trains and evaluates: one view, one epoch, few windows, no benign corpus.
  const model = page.getByRole('region', { name: 'Model' });
  const views = model.getByRole('group', { name: 'Views' });
  for (const v of ['src', 'dst']) await views.getByRole('checkbox', { name: v, exact: true }).uncheck();
  await model.getByRole('checkbox', { name: 'Train also on the benign corpus' }).uncheck();
  await model.getByRole('textbox', { name: 'Epochs' }).fill('1');
  await model.getByRole('textbox', { name: 'Max windows per class' }).fill('200');
  await model.getByRole('button', { name: 'Train', exact: true }).click();

  // Whichever comes first: a reload (fails at once, with the server's reason) or the run's evaluation.
  const reloaded = page.waitForEvent('domcontentloaded', { timeout: 0 }).then(
    () => `reloaded: ${output.match(/.*reload.*/i)?.[0] ?? 'no reason printed'}`,
    () => 'page closed',
  );
  const trained = model
    .getByRole('group', { name: 'Evaluation' })
    .waitFor({ timeout: 300_000 })
    .then(() => 'trained');
  expect(await Promise.race([reloaded, trained]), 'the first run').toBe('trained');
  // The epoch it trained is drawn.
  const curves = model.getByRole('img', { name: 'Training curves' });
  await expect.poll(() => curves.evaluate((el: PlotDiv) => el.data?.length ?? 0)).toBeGreaterThan(0);

  expect(loads, 'the page was loaded once').toHaveLength(1);
  expect(await page.evaluate(() => 'firstRunMarker' in window), 'the page was not reloaded').toBe(true);
  expect(output, "the dev server's output").not.toMatch(/reload/i);
  expect(await wb.captureVersion(), 'the capture is still the one opened').toBe(version);
  await expect(wb.summary).toHaveAttribute('data-capture-version', String(version));
});
