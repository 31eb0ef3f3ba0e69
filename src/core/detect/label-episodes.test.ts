import { describe, expect, it } from 'vitest';
import { episodesFromLabels } from './label-episodes.ts';

describe('episodesFromLabels', () => {
  it('makes one episode per run of a class, split by silences longer than the gap', () => {
    const s = 1e6;
    const t = Float64Array.from([0, 1, 2, 3, 50, 200, 201, 202, 400].map((x) => x * s));
    const l = Uint8Array.from([0, 1, 1, 2, 1, 1, 0, 2, 0]);
    expect(episodesFromLabels(t, l, ['benign', 'hping3', 'nmap'])).toEqual([
      { tool: 'hping3', variant: '', startUs: 1 * s, endUs: 50 * s },
      { tool: 'nmap', variant: '', startUs: 3 * s, endUs: 3 * s },
      { tool: 'hping3', variant: '', startUs: 200 * s, endUs: 200 * s },
      { tool: 'nmap', variant: '', startUs: 202 * s, endUs: 202 * s },
    ]);
    expect(episodesFromLabels(t, l, ['benign', 'hping3', 'nmap'], 0, 300 * s).map((e) => e.tool)).toEqual([
      'hping3',
      'nmap',
    ]);
  });
});
