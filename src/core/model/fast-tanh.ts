/**
 * tanh by table: the LSTM's cell and output activations are two tanh per unit per step (640 per window of a
 * 32-unit LSTM), and Math.tanh was the largest single cost of the sensor's classifier (V8 computes it in a
 * C++ builtin, ~20 ns a call). A cubic Hermite interpolant over steps of 1/64, with tanh's own slopes at the
 * knots, is within 1e-9 of Math.tanh (fast-tanh.test.ts), far inside float32's own rounding (6e-8), so the
 * classifier still matches tfjs to 1e-5.
 */

/** Beyond ±RANGE, tanh is ±1 to within 1e-9 (1 - tanh(11) = 5.6e-10). */
const RANGE = 11;
const STEPS_PER_UNIT = 64;
const INTERVALS = 2 * RANGE * STEPS_PER_UNIT;

/** Per interval i (x in [i/64 - 11, (i+1)/64 - 11)): the cubic's coefficients in t ∈ [0, 1), 4 per interval. */
const COEF = (() => {
  const c = new Float64Array(4 * INTERVALS);
  const h = 1 / STEPS_PER_UNIT;
  for (let i = 0; i < INTERVALS; i++) {
    const x0 = i * h - RANGE;
    const p0 = Math.tanh(x0),
      p1 = Math.tanh(x0 + h);
    const m0 = (1 - p0 * p0) * h,
      m1 = (1 - p1 * p1) * h; // slopes scaled to t
    c[4 * i] = p0;
    c[4 * i + 1] = m0;
    c[4 * i + 2] = 3 * (p1 - p0) - 2 * m0 - m1;
    c[4 * i + 3] = 2 * (p0 - p1) + m0 + m1;
  }
  return c;
})();

export function fastTanh(x: number): number {
  if (!(x > -RANGE)) return Number.isNaN(x) ? x : -1; // NaN passes through, as Math.tanh's does
  if (x >= RANGE) return 1;
  const u = (x + RANGE) * STEPS_PER_UNIT;
  const i = u | 0;
  const t = u - i;
  const o = 4 * i;
  return COEF[o] + t * (COEF[o + 1] + t * (COEF[o + 2] + t * COEF[o + 3]));
}
