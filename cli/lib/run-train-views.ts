/**
 * `npm run train -- --views pair,src,dst ...`: one model per view of the traffic, each trained exactly as
 * `--key <view>` with the other options, joined into one bundle of views (src/core/model/bundle-views.ts)
 * that the sensor and `npm run evaluate` run view by view.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { GROUP_KEYS, type GroupKey } from '../../src/core/features/group-key.ts';
import { joinViewBundles } from '../../src/core/model/bundle-views.ts';
import type { CliOutcome } from './report-json.ts';
import { runTrain } from './run-train.ts';

export const VIEWS_USAGE = `  --views LIST           train one model per view (e.g. pair,src,dst: by host pair, by source, by
                         destination) and write one bundle of views; replaces --key`;

const usage = (message: string): CliOutcome => ({ lines: [], errors: [`train: ${message}`, '', VIEWS_USAGE], exitCode: 2 });

/** Whether the command line asks for views. */
export const wantsViews = (argv: readonly string[]): boolean => argv.includes('--views');

export async function runTrainViews(argv: readonly string[], log: (line: string) => void = () => {}): Promise<CliOutcome> {
  const at = argv.indexOf('--views');
  const list = argv[at + 1];
  if (list === undefined || list.startsWith('--')) return usage('--views needs a list, e.g. --views pair,src,dst');
  const views = list.split(',').map((v) => v.trim()).filter(Boolean);
  const bad = views.find((v) => !GROUP_KEYS.includes(v as GroupKey));
  if (bad !== undefined || views.length === 0) return usage(`--views takes ${GROUP_KEYS.join(', ')} (got ${JSON.stringify(bad ?? list)})`);
  if (new Set(views).size !== views.length) return usage(`--views lists a view twice (${list})`);
  const rest = [...argv.slice(0, at), ...argv.slice(at + 2)];
  if (rest.includes('--key')) return usage('give either --views or --key');
  const o = rest.indexOf('--out');
  const out = o >= 0 ? rest[o + 1] : undefined;
  if (out === undefined) return usage('give --out');
  const results: Record<string, unknown> = {};
  const parts: { name: string; zip: Uint8Array }[] = [];
  const temps: string[] = [];
  try {
    for (const view of views) {
      const tmp = `${out}.${view}.part.zip`;
      temps.push(tmp);
      log(`view ${view}:`);
      const args = [...rest];
      args[o + 1] = tmp;
      const r = await runTrain([...args, '--key', view], (line) => log(`  ${line}`));
      if (r.exitCode !== 0) return { ...r, errors: [`train: view ${view} failed`, ...r.errors] };
      results[view] = JSON.parse(r.lines[0] ?? 'null') as unknown;
      parts.push({ name: view, zip: new Uint8Array(readFileSync(tmp)) });
    }
    writeFileSync(out, joinViewBundles(parts));
  } finally {
    for (const t of temps) rmSync(t, { force: true });
  }
  return { lines: [JSON.stringify({ views: results, bundle: out })], errors: [], exitCode: 0 };
}
