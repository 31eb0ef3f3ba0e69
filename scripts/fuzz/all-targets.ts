/** Every fuzz target: the core readers' and the Node-only ones (and, by name only, the harness's own checks). */
import { CORE_TARGETS, type FuzzTarget } from '../../src/core/fuzz/targets.ts';
import { HARNESS_TARGETS } from './harness-targets.ts';
import { NODE_TARGETS } from './node-targets.ts';

export const ALL_TARGETS: readonly FuzzTarget[] = [...CORE_TARGETS, ...NODE_TARGETS];

export function targetByName(name: string): FuzzTarget {
  const t = [...ALL_TARGETS, ...HARNESS_TARGETS].find((x) => x.name === name);
  if (!t) {
    throw new Error(`no fuzz target ${JSON.stringify(name)} (targets: ${ALL_TARGETS.map((x) => x.name).join(', ')})`);
  }
  return t;
}
