/**
 * The screenshot tour in docs/tour: the built workbench in Debian's Chromium, the sample opened, a filter
 * applied, labels taken from the file's attack column and a short model trained, then each step of the loop
 * shot at 1366x768 and 1920x1080, light and dark. One page does it all (the viewport and the colour scheme
 * change under it), so the model is trained once.
 *
 *   npm run tour            # builds into .tmp/tour-dist, writes docs/tour/*.png and docs/tour/README.md
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Locator, type Page } from '@playwright/test';
import { chromiumArgs, chromiumPath } from '../playwright.config.ts';

// Not 4190: fetch and Chromium refuse it (ManageSieve, on the "bad ports" list).
const PORT = 4191;
const DIST = '.tmp/tour-dist';
const OUT = 'docs/tour';
const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;
const SCHEMES = ['light', 'dark'] as const;

/** Each shot: what is brought to the top of the viewport (a region, or a group inside one), and its caption. */
const SHOTS = [
  { file: 'explore', role: 'region', name: 'Display filter', caption: 'Explore: the display filter as a series' },
  { file: 'label', role: 'region', name: 'Labels', caption: 'Label: classes, rules and their packet counts' },
  { file: 'train', role: 'region', name: 'Model', caption: 'Train: the options, the split and the curves' },
  { file: 'evaluate', role: 'group', name: 'Evaluation', caption: 'Evaluate: the test split, detector by detector' },
  { file: 'breakdowns', role: 'region', name: 'Breakdowns', caption: 'Breakdowns of the filtered packets' },
  { file: 'summary', role: 'region', name: 'Capture summary', caption: 'What the capture holds, how it was read' },
] as const;

function serve(): ChildProcess {
  const args = ['vite', 'preview', '--host', '127.0.0.1', '--port', String(PORT), '--strictPort', '--outDir', DIST];
  return spawn('npx', args, { stdio: 'ignore', detached: true });
}

async function waitForServer(): Promise<void> {
  for (let i = 0; i < 120; i++) {
    const ok = await fetch(`http://127.0.0.1:${PORT}/`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`tour: the preview server did not answer on port ${PORT}`);
}

/** Opens the sample, filters it, labels it from its attack column and trains one view briefly. */
async function prepare(page: Page): Promise<void> {
  await page.goto(`http://127.0.0.1:${PORT}/`);
  await page.getByRole('banner').getByRole('button', { name: 'Open sample capture' }).click();
  const labels = page.getByRole('region', { name: 'Labels' });
  await labels.waitFor({ timeout: 120_000 });
  await expectAttribute(labels, 'aria-busy', 'false');
  await page.getByRole('combobox', { name: 'Start labels from' }).selectOption({ label: "the file's attack column" });
  const filter = page.getByRole('region', { name: 'Display filter' }).getByRole('textbox').first();
  await filter.fill('tcp.flags.syn == 1 && tcp.flags.ack == 0');
  await filter.press('Enter');
  const model = page.getByRole('region', { name: 'Model' });
  const views = model.getByRole('group', { name: 'Views' });
  for (const v of ['src', 'dst']) await views.getByRole('checkbox', { name: v, exact: true }).uncheck();
  await model.getByRole('textbox', { name: 'Epochs' }).fill('3');
  await model.getByRole('textbox', { name: 'Max windows per class' }).fill('2000');
  await model.getByRole('button', { name: 'Train', exact: true }).click();
  await model.getByRole('group', { name: 'Evaluation' }).waitFor({ timeout: 600_000 });
}

async function expectAttribute(el: Locator, name: string, value: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if ((await el.getAttribute(name)) === value) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`tour: ${name} never became ${value}`);
}

async function shoot(page: Page): Promise<string[]> {
  const lines: string[] = [];
  for (const size of SIZES) {
    await page.setViewportSize(size);
    for (const scheme of SCHEMES) {
      await page.emulateMedia({ colorScheme: scheme });
      lines.push(`\n## ${size.width}x${size.height}, ${scheme}\n`);
      for (const [i, shot] of SHOTS.entries()) {
        const target = page.getByRole(shot.role, { name: shot.name, exact: true });
        await target.evaluate((el) => el.scrollIntoView({ block: 'start' }));
        // Plotly redraws on resize and on the theme's change: give it the frame it needs.
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        const file = `${size.width}x${size.height}-${scheme}-${i + 1}-${shot.file}.png`;
        await page.screenshot({ path: join(OUT, file) });
        lines.push(`${i + 1}. ${shot.caption}\n\n   ![${shot.caption}](${file})\n`);
      }
    }
  }
  return lines;
}

async function main(): Promise<void> {
  execFileSync('npx', ['vite', 'build', '--outDir', DIST, '--logLevel', 'warn'], { stdio: 'inherit' });
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const server = serve();
  try {
    await waitForServer();
    const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    const page = await browser.newPage({ viewport: SIZES[0] });
    await prepare(page);
    const lines = await shoot(page);
    await browser.close();
    const intro = [
      '# A tour of the workbench',
      '',
      'The sample capture (lab-a) opened, the display filter `tcp.flags.syn == 1 && tcp.flags.ack == 0` applied,',
      "labels taken from the file's attack column and one view (pair) trained for 3 epochs. Made by `npm run tour`.",
    ];
    writeFileSync(join(OUT, 'README.md'), `${[...intro, ...lines].join('\n')}\n`);
    console.log(`tour: ${SIZES.length * SCHEMES.length * SHOTS.length} screenshots in ${OUT}`);
  } finally {
    if (server.pid !== undefined) process.kill(-server.pid, 'SIGTERM');
  }
}

await main();
