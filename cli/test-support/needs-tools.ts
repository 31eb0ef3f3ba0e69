/**
 * Tests that need an outside tool (tshark, dumpcap, hping3, ...). Where a tool is missing they are skipped
 * on a developer's machine, with the reason in their title; under CI (`CI=true`) they fail instead, because
 * scripts/setup.sh installs every tool there and a CI that silently drops the cross-checks would stay green.
 */
import { spawnSync } from 'node:child_process';
import { describe, it } from 'vitest';

const onPath = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

export interface ToolGate {
  /** The tools that are not on PATH. */
  readonly missing: readonly string[];
  /** Why the tests cannot run here, or '' when they can. */
  readonly why: string;
}

export function toolGate(tools: readonly string[], extra: () => string = () => ''): ToolGate {
  const missing = tools.filter((t) => !onPath(t));
  const why = missing.length ? `missing ${missing.join(', ')} (scripts/setup.sh installs them)` : extra();
  return { missing, why };
}

/** Whether a missing tool fails the run rather than skipping its tests. */
export const strict = (env: NodeJS.ProcessEnv = process.env): boolean => env.CI === 'true' || env.CI === '1';

/**
 * `describe` for tests that need `gate`'s tools: run when they are there; otherwise a failing test under
 * CI, or a skipped block that says why. What `extra` reports (no root, no network namespaces) is a limit
 * of the machine rather than a missing install, so it skips under CI too, saying why.
 */
export function describeWith(gate: ToolGate, title: string, body: () => void): void {
  // biome-ignore lint/correctness/usePlaywrightValidDescribeCallback: vitest's describe, given its body
  if (!gate.why) describe(title, body);
  else if (strict() && gate.missing.length)
    describe(title, () =>
      it(`needs ${gate.why}`, () => {
        throw new Error(`CI=true: ${gate.why}`);
      }),
    );
  else describe.skip(`${title} (skipped: ${gate.why})`, body);
}
