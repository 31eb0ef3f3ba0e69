/**
 * Keeps src/core pure (Perfetto's import checker, Excalidraw's lint rule): it must run unchanged in
 * workers, in the page and in Node, so it imports no UI, no worker code, no Node modules and touches no DOM.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory()
      ? files(join(dir, d.name))
      : d.name.endsWith('.ts') || d.name.endsWith('.tsx')
        ? [join(dir, d.name)]
        : [],
  );
}

const FORBIDDEN_IMPORTS = [/^react/, /^zustand/, /plotly/, /^node:/, /\/ui\//, /\/workers\//, /^fs$/, /^path$/];
const FORBIDDEN_GLOBALS = [
  /\bdocument\./,
  /\bwindow\./,
  /\bnew Worker\(/,
  /\blocalStorage\b/,
  /\bindexedDB\b/,
  /\bprocess\./,
];

describe('src/core stays pure', () => {
  const core = files(join(ROOT, 'src', 'core')).filter((f) => !f.endsWith('.test.ts'));

  it.each(core.map((f) => [relative(ROOT, f), f]))('%s', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    const imports = [...text.matchAll(/(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/g)].map((m) => m[1]);
    for (const spec of imports) for (const bad of FORBIDDEN_IMPORTS) expect(spec, `${spec} imported`).not.toMatch(bad);
    const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
    for (const bad of FORBIDDEN_GLOBALS) expect(code, `uses ${bad}`).not.toMatch(bad);
    expect(code, 'no `any` in core').not.toMatch(/:\s*any\b|as any\b|<any>/);
  });

  it('only worker-pool.ts creates Workers', () => {
    const creators = files(join(ROOT, 'src')).filter(
      (f) => !f.endsWith('.test.ts') && /\bnew Worker\(/.test(readFileSync(f, 'utf8')),
    );
    expect(creators.map((f) => relative(ROOT, f))).toEqual(['src/workers/worker-pool.ts']);
  });
});
