/**
 * Targets that misbehave on purpose, to hold the runner to what it promises: a hang is caught and its input
 * saved, a worker that runs out of heap is a memory failure, a crash is counted, and the run goes on.
 * Never in a default run (`npm run fuzz -- --target harness-hang` runs one).
 */
import type { FuzzTarget } from '../../src/core/fuzz/targets.ts';

const one = (): Uint8Array => new Uint8Array([1, 2, 3]);

export const HARNESS_TARGETS: readonly FuzzTarget[] = [
  {
    name: 'harness-hang',
    what: 'loops forever (the watchdog ends it)',
    make: one,
    run: () => {
      for (;;) {
        // never returns to the event loop
      }
    },
  },
  {
    name: 'harness-oom',
    what: 'grows its heap until the worker runs out',
    make: one,
    run: () => {
      const kept: number[][] = [];
      for (;;) kept.push(new Array<number>(1 << 20).fill(kept.length));
    },
  },
  {
    name: 'harness-crash',
    what: 'throws a TypeError on every other input',
    make: (_s, rng) => new Uint8Array([rng() < 0.5 ? 0 : 1]),
    run: (input) => {
      if (input[0] === 1) throw new TypeError('a deliberate crash');
      return { kind: 'table', detail: 'ok' };
    },
  },
];
