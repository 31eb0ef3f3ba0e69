import { describe, expect, it } from 'vitest';
import { strict, toolGate } from './needs-tools.ts';

describe('tests that need outside tools', () => {
  it('names the tools that are missing and says what installs them', () => {
    const gate = toolGate(['sh', 'no-such-tool-here']);
    expect(gate.missing).toEqual(['no-such-tool-here']);
    expect(gate.why).toBe('missing no-such-tool-here (scripts/setup.sh installs them)');
  });

  it('asks the machine only when every tool is there', () => {
    expect(toolGate(['sh'], () => 'not root').why).toBe('not root');
    expect(toolGate(['sh']).why).toBe('');
  });

  it('fails rather than skips under CI', () => {
    expect(strict({ CI: 'true' })).toBe(true);
    expect(strict({ CI: '1' })).toBe(true);
    expect(strict({})).toBe(false);
  });
});
