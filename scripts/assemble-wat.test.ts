/**
 * The WebAssembly kernels are written as text (.wat) and assembled at build time; the modules generated from
 * them are committed so that the dev server, tsx and the tests run without a build. This holds every
 * generated module to what its .wat assembles to now, so the two never drift apart.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain-JavaScript build script, without type declarations
import { assemble, watFiles } from './assemble-wat.mjs';

const files = watFiles() as [string, string][];

describe('generated WebAssembly modules are current', () => {
  it('there are kernels written as .wat', () => expect(files.length).toBeGreaterThan(0));

  it.each(files.map(([wat, ts]) => [relative(process.cwd(), wat), wat, ts]))('%s', async (_name, wat, ts) => {
    const want = (await assemble(wat)) as string;
    expect(readFileSync(ts, 'utf8'), `${ts} is stale: run node scripts/assemble-wat.mjs`).toBe(want);
  });
});
