/**
 * `npm start` must pre-bundle every dependency before the first page is served: one Vite meets later (a
 * worker's import, a dynamic import) makes it re-bundle and reload the page, closing the open capture. This
 * holds vite.config.ts to what src imports: each package the page or a worker imports is in
 * optimizeDeps.include, and each worker the page starts is a scan entry. e2e/first-run.spec.ts checks the
 * same end to end, on a fresh clone.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import config, { optimizedDeps } from '../vite.config.ts';

const ROOT = join(import.meta.dirname, '..');

/** Every .ts/.tsx file under src that the browser runs (tests and declarations left out). */
function browserFiles(dir = join(ROOT, 'src')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name);
    if (d.isDirectory()) return browserFiles(p);
    return /\.tsx?$/.test(d.name) && !/\.(test|d)\.ts$/.test(d.name) ? [p] : [];
  });
}

/** Bare specifiers imported (statically or dynamically) by a source text, assets (`?url`) and `node:` left out. */
function bareImports(text: string): string[] {
  const statements = /^(?:import|export)\b[^;]*?\bfrom\s*'([^']+)'|^import\s*'([^']+)'|\bimport\(\s*'([^']+)'/gm;
  const specs = [...text.matchAll(statements)].map((m) => m[1] ?? m[2] ?? m[3]);
  return specs.filter((s) => !s.startsWith('.') && !s.startsWith('/') && !s.startsWith('node:') && !s.includes('?'));
}

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
const packageOf = (spec: string): string =>
  spec
    .split('/')
    .slice(0, spec.startsWith('@') ? 2 : 1)
    .join('/');

describe("npm start's pre-bundled dependencies", () => {
  const files = browserFiles();

  it('include every package the page and its workers import', () => {
    const imported = new Set(files.flatMap((f) => bareImports(readFileSync(f, 'utf8'))));
    expect(imported.size).toBeGreaterThan(0);
    expect([...imported].filter((s) => !optimizedDeps.includes(s))).toEqual([]);
    expect(config.optimizeDeps?.include).toEqual(optimizedDeps);
  });

  it('name only dependencies the app declares', () => {
    expect(optimizedDeps.map(packageOf).filter((p) => !(p in pkg.dependencies))).toEqual([]);
  });

  it('scan every worker the page starts', () => {
    const workers = files.flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(/new Worker\(\s*new URL\('([^']+)'/g)].map((m) =>
        relative(ROOT, join(f, '..', m[1])),
      ),
    );
    expect(workers.length).toBeGreaterThan(0);
    const entries = config.optimizeDeps?.entries;
    expect(entries).toContain('index.html');
    const globs = (Array.isArray(entries) ? entries : [entries ?? '']).map(
      (e) => new RegExp(`^${e.replaceAll('.', '\\.').replaceAll('*', '[^/]*')}$`),
    );
    expect(workers.filter((w) => !globs.some((g) => g.test(w)))).toEqual([]);
  });
});
