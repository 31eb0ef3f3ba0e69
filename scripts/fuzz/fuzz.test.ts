/**
 * The bounded, seeded share of the fuzzing (issue 17): 2,000 inputs per reader, the same every run, each
 * ending in a table, a note or a clear error. `npm run fuzz -- --minutes N` runs the same targets for long.
 * No timing is asserted: a hang is an input past 10 s on its worker, many times what any input takes.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSeeds } from './seeds.ts';
import { ALL_TARGETS } from './all-targets.ts';
import { runFuzz } from './runner.ts';
import { inputRng, mutate } from '../../src/core/fuzz/mutator.ts';

const PER_TARGET = 2000;

describe('the fuzz harness', () => {
  const seeds = loadSeeds();

  it('makes any input again from (run seed, target, number) alone, and leaves the seeds as they were', () => {
    const before = Object.values(seeds)
      .flat()
      .map((s) => Buffer.from(s.bytes).toString('base64'));
    for (const t of ALL_TARGETS) {
      for (const i of [0, 1, 977]) {
        const a = t.make(seeds, inputRng(5, t.name, i));
        const b = t.make(seeds, inputRng(5, t.name, i));
        expect(Buffer.from(a).equals(Buffer.from(b)), `${t.name} input ${i}`).toBe(true);
      }
    }
    expect(
      Object.values(seeds)
        .flat()
        .map((s) => Buffer.from(s.bytes).toString('base64')),
    ).toEqual(before);
  });

  it('mutates: most inputs differ from their seed, none grows past the bound', () => {
    const seed = seeds.csv[0].bytes;
    let same = 0;
    for (let i = 0; i < 200; i++) {
      const out = mutate(seed, inputRng(1, 'mutate', i), { tokens: [','], maxBytes: 64 << 10 });
      if (Buffer.from(out).equals(Buffer.from(seed))) same++;
      expect(out.length).toBeLessThanOrEqual(64 << 10);
    }
    expect(same).toBeLessThan(20);
  });
});

describe('the fuzz runner', () => {
  it('catches a hang and a worker out of heap, saves their inputs, counts crashes, and goes on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fuzz-harness-'));
    const r = await runFuzz({
      targets: ['harness-hang', 'harness-oom', 'harness-crash'],
      perTarget: 2,
      // Far above what an input that does not hang takes on a loaded machine (a 64 MB heap filled), so only
      // the real hang is one; the hanging target never returns.
      hangMs: 5_000,
      heapMb: 64,
      failuresDir: dir,
    });
    expect([r.hangs, r.memory, r.crashes + r.per_target['harness-crash'].tables]).toEqual([2, 2, 2]);
    expect(r.per_target['harness-hang'].inputs).toBe(2);
    const saved = readdirSync(dir).filter((f) => f.endsWith('.bin'));
    expect(saved.filter((f) => f.startsWith('harness-hang')).sort()).toEqual([
      'harness-hang-seed1-input0-hang.bin',
      'harness-hang-seed1-input1-hang.bin',
    ]);
    expect(saved.filter((f) => f.startsWith('harness-oom'))).toHaveLength(2);
  }, 120_000);
});

describe(`fuzzing every reader (${PER_TARGET.toLocaleString('en-US')} seeded inputs each)`, () => {
  it('ends every input in a table, a note or a clear error: no crash, hang, unclear error, broken result', async () => {
    const r = await runFuzz({
      perTarget: PER_TARGET,
      seed: 17,
      workers: 2,
      hangMs: 10_000,
      failuresDir: '.tmp/fuzz-failures-test',
    });
    expect(
      r.found.map((f) => `${f.kind} in ${f.target} (input ${f.index}): ${f.message}${f.file ? ` [${f.file}]` : ''}`),
    ).toEqual([]);
    expect(r.inputs).toBe(PER_TARGET * ALL_TARGETS.length);
    for (const [name, s] of Object.entries(r.per_target)) {
      // Each reader both reads and refuses some of its inputs: the mutations reach past its first checks.
      expect(s.tables, `${name} read none`).toBeGreaterThan(0);
      expect(s.errors, `${name} refused none`).toBeGreaterThan(0);
    }
  }, 900_000);
});
