/** `--views LIST` and `--layout LAYOUT` of `npm run train`: which views to train one model each for, and how. */
import { GROUP_KEYS, type GroupKey } from '../../src/core/features/group-key.ts';
import { DEFAULT_VIEWS_LAYOUT, VIEWS_LAYOUTS } from '../../src/core/model/train-views.ts';
import type { ViewsLayout, ViewSpec } from '../../src/core/model/train-views.ts';

/** What `npm run train` trains when given neither --views nor --key. */
export const DEFAULT_VIEWS_ARG = 'pair,src,dst';

export const VIEWS_USAGE = `  --views LIST           train one model per view and write one bundle of views (default
                         ${DEFAULT_VIEWS_ARG}: by host pair, by source, by destination); --key KEY instead
                         trains one model of one view
  --layout LAYOUT        per-view: one model per view; shared: one model for every view, the view given
                         as an input (default ${DEFAULT_VIEWS_LAYOUT}); either bundle runs in the sensor`;

/** Whether the command line asks for views (`--views LIST`, `--views=LIST`, the same of --layout). */
export const wantsViews = (argv: readonly string[]): boolean => argv.some((a) => /^--(views|layout)(=|$)/.test(a));

/** The layout of `--layout NAME`, or a message saying what is wrong with it. */
export function parseLayout(value: string | undefined): ViewsLayout | string {
  if (value === undefined || value.startsWith('--')) return `--layout needs one of ${VIEWS_LAYOUTS.join(', ')}`;
  if (VIEWS_LAYOUTS.includes(value as ViewsLayout)) return value as ViewsLayout;
  return `--layout takes ${VIEWS_LAYOUTS.join(' or ')} (got ${JSON.stringify(value)})`;
}

/** The views of `--views LIST`, or a message saying what is wrong with it. */
export function parseViews(list: string | undefined): ViewSpec[] | string {
  if (list === undefined || list.startsWith('--')) return '--views needs a list, e.g. --views pair,src,dst';
  const views = list
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  const bad = views.find((v) => !GROUP_KEYS.includes(v as GroupKey));
  if (bad !== undefined || views.length === 0) {
    return `--views takes ${GROUP_KEYS.join(', ')} (got ${JSON.stringify(bad ?? list)})`;
  }
  if (new Set(views).size !== views.length) return `--views lists a view twice (${list})`;
  return views.map((v) => ({ name: v, key: v as GroupKey }));
}

/** One option's values (parseArgs' `multiple`): its one value, the default when absent, or what is wrong. */
export function onlyValue(name: string, given: string[] | undefined, fallback: string): string | { error: string } {
  if (!given || given.length === 0) return fallback;
  return given.length > 1 ? { error: `--${name} is given twice` } : given[0];
}
