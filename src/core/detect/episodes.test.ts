import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { episodesFromJson } from './episodes.ts';

describe('episodesFromJson on the shipped sample', () => {
  it('reads every lab-a episode', () => {
    const json: unknown = JSON.parse(
      readFileSync(join(import.meta.dirname, '../../../public/samples/lab-a/episodes.json'), 'utf8'),
    );
    const eps = episodesFromJson(json);
    expect(eps.length).toBe(11);
    for (const e of eps) expect(e.endUs).toBeGreaterThan(e.startUs);
    expect(eps[0]).toMatchObject({ tool: 'hping3', variant: 'syn-flood' });
  });
});
