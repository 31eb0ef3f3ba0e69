import { describe, expect, it } from 'vitest';
import { meanClassifier, type WindowClassifier } from './classifier.ts';
import { windowsAsRows } from './window-inputs.ts';

/** A classifier that says `p` for class 1 of every window, and how it was asked. */
function constant(p: number, asked: string[]): WindowClassifier {
  const out = (n: number) => Float32Array.from({ length: n * 2 }, (_, i) => (i % 2 ? p : 1 - p));
  return {
    classes: 2,
    kernel: `k${p}`,
    predict: (_x, n) => {
      asked.push('predict');
      return out(n);
    },
    classify: (w) => {
      asked.push('classify');
      return Promise.resolve(out(w.n));
    },
  };
}

describe('meanClassifier', () => {
  it('averages the probabilities, each part reading the windows its own way', async () => {
    const asked: string[] = [];
    const m = meanClassifier([constant(0.2, asked), constant(0.8, asked), constant(0.5, asked)]);
    expect(m.kernel).toBe('k0.2+k0.8+k0.5');
    const got = await m.classify?.(windowsAsRows(new Float32Array(6), 3, 1, 2));
    expect(Array.from(got ?? [])).toEqual([0.5, 0.5, 0.5, 0.5, 0.5, 0.5].map((v) => expect.closeTo(v, 6)));
    expect(asked).toEqual(['classify', 'classify', 'classify']);
    expect((await m.predict(new Float32Array(4), 2)).length).toBe(4);
  });

  it('refuses parts of other classes', () => {
    expect(() => meanClassifier([constant(0.2, []), { ...constant(0.2, []), classes: 3 }])).toThrow(/same classes/);
    expect(() => meanClassifier([])).toThrow(/same classes/);
  });
});
