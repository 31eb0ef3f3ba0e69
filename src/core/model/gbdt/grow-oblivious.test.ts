import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../prng.ts';
import { binColumns, binEdges } from './bins.ts';
import { type BinnedRows, NO_SPLIT, obliviousGrower } from './grow-oblivious.ts';
import { blobsProblem } from './test-data.ts';

/** The plain reading: every level, every feature and bin, the gain summed row by row; no histograms. */
function reference(data: BinnedRows, rows: Int32Array, cols: Int32Array, gh: Float64Array, C: number, depth: number) {
  const lambda = 1;
  const leaf = new Int32Array(rows.length);
  const high = (j: number, b: number, i: number) => {
    const v = data.bins[j * data.n + i];
    return v > b && v <= data.edges[j];
  };
  const score = (G: number[], H: number[]) => G.reduce((s, g, q) => s + (g * g) / (H[q] + lambda), 0);
  const out: { feature: number; bin: number }[] = [];
  for (let level = 0; level < depth; level++) {
    let best = { gain: 1e-9, feature: 0, bin: NO_SPLIT };
    for (const j of cols)
      for (let b = 0; b < data.edges[j]; b++) {
        const L = (1 << level) * 2 * C;
        const G = new Array<number>(L).fill(0);
        const H = new Array<number>(L).fill(0);
        const P = new Array<number>(L / 2).fill(0);
        const PH = new Array<number>(L / 2).fill(0);
        rows.forEach((i, k) => {
          const side = high(j, b, i) ? 1 : 0;
          for (let c = 0; c < C; c++) {
            G[(leaf[k] * 2 + side) * C + c] += gh[i * 2 * C + c];
            H[(leaf[k] * 2 + side) * C + c] += gh[i * 2 * C + C + c];
            P[leaf[k] * C + c] += gh[i * 2 * C + c];
            PH[leaf[k] * C + c] += gh[i * 2 * C + C + c];
          }
        });
        const gain = score(G, H) - score(P, PH);
        if (gain > best.gain) best = { gain, feature: j, bin: b };
      }
    out.push({ feature: best.feature, bin: best.bin });
    if (best.bin !== NO_SPLIT)
      rows.forEach((i, k) => {
        if (high(best.feature, best.bin, i)) leaf[k] |= 1 << level;
      });
  }
  return out;
}

describe('obliviousGrower', () => {
  it('picks the splits a row-by-row search picks, from histograms with subtraction', () => {
    const p = blobsProblem(600, 5, 21);
    const C = 4;
    const edges = binEdges(p.x, p.n, p.d, { maxBins: 8 });
    const data: BinnedRows = {
      bins: binColumns(p.x, p.n, p.d, edges),
      n: p.n,
      d: p.d,
      edges: Int32Array.from(edges, (e) => e.length),
    };
    const rng = mulberry32(3);
    const gh = new Float64Array(p.n * 2 * C);
    for (let i = 0; i < p.n; i++)
      for (let c = 0; c < C; c++) {
        gh[i * 2 * C + c] = (p.y[i] === c ? -0.75 : 0.25) + (rng() - 0.5) * 0.1;
        gh[i * 2 * C + C + c] = 0.1 + rng() * 0.2;
      }
    const grower = obliviousGrower(data, C, { depth: 4 });
    for (const [rows, cols] of [
      [Int32Array.from({ length: p.n }, (_, i) => i), Int32Array.from([0, 1, 2, 3, 4])],
      [Int32Array.from({ length: 300 }, (_, i) => i * 2), Int32Array.from([1, 3, 4])],
    ]) {
      const tree = grower.grow(rows, cols, gh);
      const want = reference(data, rows, cols, gh, C, 4);
      expect(Array.from(tree.feature, (f, d) => ({ feature: f, bin: tree.bin[d] }))).toEqual(want);
    }
  });

  it('leaves a level unsplit when no split gains: every row stays low', () => {
    const data: BinnedRows = { bins: Uint8Array.from([0, 1, 0, 1]), n: 4, d: 1, edges: Int32Array.from([1]) };
    // The same gradient everywhere: no split separates anything.
    const gh = Float64Array.from([1, 1, 1, 1, 1, 1, 1, 1].map((v, i) => (i % 2 ? 0.5 : v)));
    const tree = obliviousGrower(data, 1, { depth: 2 }).grow(Int32Array.from([0, 1, 2, 3]), Int32Array.from([0]), gh);
    expect(Array.from(tree.bin)).toEqual([NO_SPLIT, NO_SPLIT]);
    expect(tree.value[0]).toBeCloseTo(-4 / (2 + 1), 9);
  });
});
