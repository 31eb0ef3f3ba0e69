import { describe, expect, it } from 'vitest';
import { fastTanh } from './fast-tanh.ts';

describe('fastTanh', () => {
  it('is within 1e-9 of Math.tanh over the whole line', () => {
    let worst = 0;
    for (let x = -12; x <= 12; x += 0.000731) worst = Math.max(worst, Math.abs(fastTanh(x) - Math.tanh(x)));
    for (const x of [-11, -10.999999, 10.999999, 11, 0, -0, 1e-12, -1e-12, 1e300, -1e300])
      worst = Math.max(worst, Math.abs(fastTanh(x) - Math.tanh(x)));
    expect(worst).toBeLessThan(1e-9);
  });

  it('passes NaN and the infinities through as Math.tanh does', () => {
    expect(fastTanh(Number.NaN)).toBeNaN();
    expect(fastTanh(Infinity)).toBe(1);
    expect(fastTanh(-Infinity)).toBe(-1);
  });
});
