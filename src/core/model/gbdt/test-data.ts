/** Seeded synthetic problems shared by the boosting tests. */
import { mulberry32, type Rng } from '../prng.ts';

export interface Problem {
  readonly x: Float32Array;
  readonly y: Uint8Array;
  readonly n: number;
  readonly d: number;
}

export function normal(rng: Rng): number {
  // Box–Muller; 1 - u keeps log away from 0.
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

/** y = (x0 > 0) xor (x1 > 0), x uniform in [-1, 1]². */
export function xorProblem(n: number, seed: number): Problem {
  const rng = mulberry32(seed);
  const x = new Float32Array(n * 2);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const a = rng() * 2 - 1;
    const b = rng() * 2 - 1;
    x[i * 2] = a;
    x[i * 2 + 1] = b;
    y[i] = a > 0 !== b > 0 ? 1 : 0;
  }
  return { x, y, n, d: 2 };
}

/** Four unit Gaussians at (±3, ±3) in the first two of d dimensions; the rest is noise. */
export function blobsProblem(n: number, d: number, seed: number): Problem {
  const rng = mulberry32(seed);
  const x = new Float32Array(n * d);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = Math.floor(rng() * 4);
    y[i] = c;
    for (let j = 0; j < d; j++) x[i * d + j] = normal(rng);
    x[i * d] += c & 1 ? 3 : -3;
    x[i * d + 1] += c & 2 ? 3 : -3;
  }
  return { x, y, n, d };
}

export function firstRows(p: Problem, from: number, to: number): Problem {
  return { x: p.x.slice(from * p.d, to * p.d), y: p.y.slice(from, to), n: to - from, d: p.d };
}

export function accuracy(probs: Float32Array, y: Uint8Array, classes: number): number {
  let right = 0;
  for (let i = 0; i < y.length; i++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (probs[i * classes + c] > probs[i * classes + best]) best = c;
    if (best === y[i]) right++;
  }
  return right / y.length;
}
