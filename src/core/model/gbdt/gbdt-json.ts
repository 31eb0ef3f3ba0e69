/**
 * Versioned JSON for a boosted-trees model. A model file may come from anywhere, and a bad child index would
 * loop or read past the arrays at prediction time, so fromJson checks every node and says which one is wrong.
 */
import { type GbdtModel, packModel, type Tree, treeAt, treeCount } from './trees.ts';

export const GBDT_FORMAT = 'nids-gbdt';
export const GBDT_VERSION = 1;

export interface GbdtTreeJson {
  feature: number[];
  threshold: number[];
  missingLeft: number[];
  left: number[];
  right: number[];
  value: number[];
}

export interface GbdtJson {
  format: typeof GBDT_FORMAT;
  version: typeof GBDT_VERSION;
  classes: number;
  features: number;
  init: number[];
  /** Tree t: round ⌊t / classes⌋, class t mod classes; children tree-local. */
  trees: GbdtTreeJson[];
}

const TREE_KEYS = ['feature', 'threshold', 'missingLeft', 'left', 'right', 'value'] as const;

export function toJson(model: GbdtModel): GbdtJson {
  const trees: GbdtTreeJson[] = [];
  for (let t = 0; t < treeCount(model); t++) {
    const tr = treeAt(model, t);
    trees.push({
      feature: Array.from(tr.feature),
      threshold: Array.from(tr.threshold),
      missingLeft: Array.from(tr.missingLeft),
      left: Array.from(tr.left),
      right: Array.from(tr.right),
      value: Array.from(tr.value),
    });
  }
  return {
    format: GBDT_FORMAT,
    version: GBDT_VERSION,
    classes: model.classes,
    features: model.features,
    init: Array.from(model.init),
    trees,
  };
}

/** Parses (a string or an already parsed object) and validates; throws an Error naming what and where. */
export function fromJson(json: unknown): GbdtModel {
  const o = typeof json === 'string' ? parse(json) : json;
  if (!isRecord(o)) throw new Error('gbdt model: not an object');
  if (o.format !== GBDT_FORMAT) throw new Error(`gbdt model: format is ${str(o.format)}, expected "${GBDT_FORMAT}"`);
  if (o.version !== GBDT_VERSION)
    throw new Error(`gbdt model: version ${str(o.version)} is not supported (${GBDT_VERSION})`);
  const classes = o.classes;
  const features = o.features;
  if (!isCount(classes) || classes < 2) throw new Error(`gbdt model: classes ${str(classes)} is not an integer ≥ 2`);
  if (!isCount(features) || features < 1)
    throw new Error(`gbdt model: features ${str(features)} is not an integer ≥ 1`);
  const init = numbers(o.init, 'init');
  if (init.length !== classes) throw new Error(`gbdt model: init has ${init.length} values, expected ${classes}`);
  init.forEach((v, c) => {
    if (!isFinite32(v)) throw new Error(`gbdt model: init[${c}] is ${str(v)}, not a finite number`);
  });
  if (!Array.isArray(o.trees)) throw new Error('gbdt model: trees is not an array');
  if (o.trees.length % classes !== 0) {
    throw new Error(`gbdt model: ${o.trees.length} trees is not a whole number of rounds of ${classes} classes`);
  }
  const trees = o.trees.map((t: unknown, i: number) => readTree(t, i, features));
  return packModel(classes, features, Float32Array.from(init), trees);
}

function readTree(t: unknown, ti: number, features: number): Tree {
  const at = `gbdt model: tree ${ti}`;
  if (!isRecord(t)) throw new Error(`${at}: not an object`);
  const a = Object.fromEntries(TREE_KEYS.map((k) => [k, numbers(t[k], `tree ${ti} ${k}`)])) as Record<
    (typeof TREE_KEYS)[number],
    number[]
  >;
  const size = a.feature.length;
  if (size === 0) throw new Error(`${at}: has no nodes`);
  for (const k of TREE_KEYS) {
    if (a[k].length !== size) throw new Error(`${at}: ${k} has ${a[k].length} values, feature has ${size}`);
  }
  const parents = new Int32Array(size);
  for (let k = 0; k < size; k++) {
    const where = `${at}, node ${k}`;
    const f = a.feature[k];
    if (!Number.isInteger(f) || f < -1 || f >= features) {
      throw new Error(`${where}: feature ${str(f)} is not -1 (leaf) or a feature index below ${features}`);
    }
    if (!isFinite32(a.value[k])) throw new Error(`${where}: value ${str(a.value[k])} is not finite`);
    if (f === -1) {
      if (a.left[k] !== -1 || a.right[k] !== -1) throw new Error(`${where}: a leaf's children must be -1`);
      continue;
    }
    if (!isFinite32(a.threshold[k])) throw new Error(`${where}: threshold ${str(a.threshold[k])} is not finite`);
    if (a.missingLeft[k] !== 0 && a.missingLeft[k] !== 1) {
      throw new Error(`${where}: missingLeft ${str(a.missingLeft[k])} is not 0 or 1`);
    }
    for (const side of ['left', 'right'] as const) {
      const c = a[side][k];
      if (!Number.isInteger(c)) throw new Error(`${where}: ${side} child ${str(c)} is not an integer`);
      if (c >= size) throw new Error(`${where}: ${side} child ${c} is past the tree's ${size} nodes`);
      // Children after their parent: the walk always moves forward, so it ends.
      if (c <= k) throw new Error(`${where}: ${side} child ${c} does not come after the node`);
      if (parents[c]++ > 0) throw new Error(`${where}: ${side} child ${c} already has a parent`);
    }
  }
  for (let k = 1; k < size; k++) if (parents[k] === 0) throw new Error(`${at}, node ${k}: no node points to it`);
  return {
    feature: Int32Array.from(a.feature),
    threshold: Float32Array.from(a.threshold),
    missingLeft: Uint8Array.from(a.missingLeft),
    left: Int32Array.from(a.left),
    right: Int32Array.from(a.right),
    value: Float32Array.from(a.value),
  };
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
