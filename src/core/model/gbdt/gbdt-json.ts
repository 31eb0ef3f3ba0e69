/**
 * Versioned JSON for a boosted-trees model, one object per tree. A model file may come from anywhere, and a
 * feature index past the row would read garbage at scoring time, so fromJson checks every tree and says
 * which one is wrong and how.
 */
import { treeCount, type TreeEnsemble } from './trees.ts';

export const GBDT_FORMAT = 'nids-gbdt';
/** 2: oblivious trees with a value per class in each leaf (1 was one ordinary tree per class and round). */
export const GBDT_VERSION = 2;

export interface GbdtTreeJson {
  /** Per level: bit d of the leaf is "row[feature[d]] > threshold[d]". */
  feature: number[];
  threshold: number[];
  /** 2^depth leaves × classes. */
  value: number[];
}

export interface GbdtJson {
  format: typeof GBDT_FORMAT;
  version: typeof GBDT_VERSION;
  classes: number;
  features: number;
  depth: number;
  init: number[];
  trees: GbdtTreeJson[];
}

export function toJson(model: TreeEnsemble): GbdtJson {
  const D = model.depth;
  const V = (1 << D) * model.classes;
  const trees: GbdtTreeJson[] = [];
  for (let t = 0; t < treeCount(model); t++) {
    trees.push({
      feature: Array.from(model.feature.subarray(t * D, (t + 1) * D)),
      threshold: Array.from(model.threshold.subarray(t * D, (t + 1) * D)),
      value: Array.from(model.value.subarray(t * V, (t + 1) * V)),
    });
  }
  return {
    format: GBDT_FORMAT,
    version: GBDT_VERSION,
    classes: model.classes,
    features: model.features,
    depth: D,
    init: Array.from(model.init),
    trees,
  };
}

/** Parses (a string or an already parsed object) and validates; throws an Error naming what and where. */
export function fromJson(json: unknown): TreeEnsemble {
  const o = typeof json === 'string' ? parse(json) : json;
  if (!isRecord(o)) throw new Error('gbdt model: not an object');
  if (o.format !== GBDT_FORMAT) throw new Error(`gbdt model: format is ${str(o.format)}, expected "${GBDT_FORMAT}"`);
  if (o.version !== GBDT_VERSION)
    throw new Error(`gbdt model: version ${str(o.version)} is not supported (${GBDT_VERSION})`);
  const { classes, features, depth } = o;
  if (!isCount(classes) || classes < 2 || classes > 255)
    throw new Error(`gbdt model: classes ${str(classes)} is not an integer from 2 to 255`);
  if (!isCount(features) || features < 1)
    throw new Error(`gbdt model: features ${str(features)} is not an integer ≥ 1`);
  if (!isCount(depth) || depth < 1 || depth > 8)
    throw new Error(`gbdt model: depth ${str(depth)} is not an integer from 1 to 8`);
  const init = finite(o.init, 'init');
  if (init.length !== classes) throw new Error(`gbdt model: init has ${init.length} values, expected ${classes}`);
  if (!Array.isArray(o.trees)) throw new Error('gbdt model: trees is not an array');
  const V = (1 << depth) * classes;
  const T = o.trees.length;
  const feature = new Int32Array(T * depth);
  const threshold = new Float32Array(T * depth);
  const value = new Float32Array(T * V);
  o.trees.forEach((t: unknown, i: number) => {
    const at = `tree ${i}`;
    if (!isRecord(t)) throw new Error(`gbdt model: ${at} is not an object`);
    const f = numbers(t.feature, `${at} feature`);
    const thr = finite(t.threshold, `${at} threshold`);
    const v = finite(t.value, `${at} value`);
    if (f.length !== depth) throw new Error(`gbdt model: ${at} feature has ${f.length} levels, depth is ${depth}`);
    if (thr.length !== depth)
      throw new Error(`gbdt model: ${at} threshold has ${thr.length} levels, depth is ${depth}`);
    if (v.length !== V)
      throw new Error(`gbdt model: ${at} value has ${v.length} values, expected 2^${depth} × ${classes}`);
    f.forEach((x, d) => {
      if (!Number.isInteger(x) || x < 0 || x >= features)
        throw new Error(`gbdt model: ${at} feature[${d}] is ${str(x)}, not a feature index below ${features}`);
    });
    feature.set(f, i * depth);
    threshold.set(thr, i * depth);
    value.set(v, i * V);
  });
  return { classes, features, depth, init: Float32Array.from(init), feature, threshold, value };
}

function parse(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch (e) {
    throw new Error(`gbdt model: not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
}

function numbers(v: unknown, what: string): number[] {
  if (!Array.isArray(v)) throw new Error(`gbdt model: ${what} is not an array`);
  v.forEach((x: unknown, i: number) => {
    if (typeof x !== 'number') throw new Error(`gbdt model: ${what}[${i}] is ${str(x)}, not a number`);
  });
  return v as number[];
}

/** Numbers that stay finite once stored as 32-bit floats. */
function finite(v: unknown, what: string): number[] {
  const a = numbers(v, what);
  a.forEach((x, i) => {
    if (!isFinite32(x)) throw new Error(`gbdt model: ${what}[${i}] is ${str(x)}, not a finite number`);
  });
  return a;
}

/** Finite once stored as a 32-bit float (1e300 is a finite double but Infinity as a float). */
function isFinite32(v: number): boolean {
  return Number.isFinite(Math.fround(v));
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

function str(v: unknown): string {
  if (v === undefined) return 'missing';
  return typeof v === 'number' ? String(v) : (JSON.stringify(v) ?? String(v));
}
