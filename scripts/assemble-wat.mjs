// Assembles the WebAssembly kernels written as text (src/**/kernels/*.wat) with the wabt package, each into a
// TypeScript module beside it (NAME.wat -> NAME-kernels.ts) that holds the binary, so the core, the page and
// the built sensor load it with no toolchain at run time. `npm run build` and the test command run this;
// scripts/assemble-wat.test.ts fails when a generated module is not what its .wat assembles to.
//   node scripts/assemble-wat.mjs [--check]
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import wabtModule from 'wabt';

const ROOT = join(import.meta.dirname, '..');

/** Every .wat under src, as [source, generated module]. */
export function watFiles(dir = join(ROOT, 'src')) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name);
    if (d.isDirectory()) return watFiles(p);
    return d.name.endsWith('.wat') ? [[p, join(dir, `${basename(d.name, '.wat')}-kernels.ts`)]] : [];
  });
}

/** The generated module's text for a .wat file's source. */
export async function assemble(watPath) {
  const wabt = await wabtModule();
  const text = readFileSync(watPath, 'utf8');
  const mod = wabt.parseWat(basename(watPath), text, { simd: true });
  try {
    mod.resolveNames();
    mod.validate();
    const { buffer } = mod.toBinary({ log: false, write_debug_names: false });
    const base64 = Buffer.from(buffer).toString('base64');
    const lines = base64.match(/.{1,100}/g) ?? [];
    return [
      `// Generated from ${basename(watPath)} by scripts/assemble-wat.mjs (wabt): do not edit; edit the .wat and run`,
      '// `node scripts/assemble-wat.mjs`.',
      '',
      `/** ${basename(watPath)} assembled: ${buffer.length} bytes of WebAssembly, base64. */`,
      'export const WASM_BASE64 =',
      `${lines.map((l) => `  '${l}'`).join(' +\n')};`,
      '',
    ].join('\n');
  } finally {
    mod.destroy();
  }
}

async function main() {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const [wat, ts] of watFiles()) {
    const want = await assemble(wat);
    let have = '';
    try {
      have = readFileSync(ts, 'utf8');
    } catch {
      /* not generated yet */
    }
    if (have === want) continue;
    if (check) {
      console.error(`${relative(ROOT, ts)} is stale: run node scripts/assemble-wat.mjs`);
      stale++;
      continue;
    }
    writeFileSync(ts, want);
    console.log(`assembled ${relative(ROOT, wat)} -> ${relative(ROOT, ts)}`);
  }
  if (stale) process.exit(1);
}

if (process.argv[1] && import.meta.filename === process.argv[1]) await main();
