import { describe, expect, it } from 'vitest';
import type { BinHover } from '../../core/query/time-series.ts';
import { hoverTexts } from './chart-hover.ts';

describe('hoverTexts', () => {
  it('writes top values with counts and shares, the rest as others, and a dash for an empty bin', () => {
    // Bin 0: 25,983 packets, 25,397 suspicious and 586 benign; bin 1: four values kept of five; bin 2: empty.
    const hover: BinHover = {
      packets: Float64Array.from([25_983, 10, 0]),
      fields: {
        alert: {
          k: 3,
          ids: Int32Array.from([0, 1, -1, 2, 3, 4, -1, -1, -1]),
          counts: Float64Array.from([25_397, 586, 0, 4, 3, 2, 0, 0, 0]),
          values: ['suspicious', 'benign', 'a', '', 'c'],
        },
      },
    };
    expect(hoverTexts(hover, false)).toEqual({
      alert: [
        'suspicious 25,397 (97.7%), benign 586 (2.3%)',
        'a 4 (40.0%), (empty) 3 (30.0%), c 2 (20.0%), others 1 (10.0%)',
        '—',
      ],
    });
    expect(hoverTexts(hover, true).packets).toEqual(['25,983', '10', '0']);
  });
});
