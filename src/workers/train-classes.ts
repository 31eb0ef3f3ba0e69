/**
 * The engine numbers classes by stable id with holes (a deleted class leaves '' behind) and may hold classes
 * no packet carries; a model wants dense class indices with only classes it can learn. Benign (id 0) stays
 * first because bundles and the sensor read index 0 as "not an attack".
 */
import { EPISODE_GAP_US, labelRuns } from '../core/features/label-runs.ts';

export interface DenseClasses {
  /** Class names by dense index, benign first. */
  readonly classes: readonly string[];
  /** Engine class id -> dense index (-1: not trained on). */
  readonly lut: Int16Array;
  /** Named classes that no packet carries, so they were left out. */
  readonly dropped: readonly string[];
}

/** Which classes to train on: named ones that label at least one row (benign always). */
export function denseClasses(classNames: readonly string[], labels: Uint8Array): DenseClasses {
  const seen = new Uint32Array(Math.max(256, classNames.length));
  for (let r = 0; r < labels.length; r++) seen[labels[r]]++;
  const lut = new Int16Array(seen.length).fill(-1);
  const classes: string[] = [];
  const dropped: string[] = [];
  classNames.forEach((name, id) => {
    if (name === '') return;
    if (id !== 0 && seen[id] === 0) {
      dropped.push(name);
      return;
    }
    lut[id] = classes.length;
    classes.push(name);
  });
  return { classes, lut, dropped };
}

/** Row labels as dense indices; a row whose class is not trained on counts as benign (index 0). */
export function remapLabels(labels: Uint8Array, lut: Int16Array): Uint8Array {
  const out = new Uint8Array(labels.length);
  for (let r = 0; r < labels.length; r++) {
    const d = lut[labels[r]];
    out[r] = Math.max(d, 0);
  }
  return out;
}

/**
 * For judging a model on a capture: the engine's labels as the model's class indices, matched by name
 * (case-insensitive). Classes the model does not know get indices after its own (the pipeline scores them:
 * every such window is a miss), named in `names`.
 */
export function labelsForModel(
  classNames: readonly string[],
  labels: Uint8Array,
  modelClasses: readonly string[],
): { labels: Uint8Array; names: readonly string[]; unknown: readonly string[] } {
  const index = new Map(modelClasses.map((c, i) => [c.toLowerCase(), i]));
  const seen = new Uint8Array(256);
  for (let r = 0; r < labels.length; r++) seen[labels[r]] = 1;
  const names = [...modelClasses];
  const unknown: string[] = [];
  const lut = new Uint8Array(256);
  classNames.forEach((name, id) => {
    const i = index.get(name.toLowerCase());
    if (name !== '' && i !== undefined) lut[id] = i;
    else if (seen[id]) {
      lut[id] = names.length;
      names.push(name || `class ${id}`);
      unknown.push(name || `class ${id}`);
    }
  });
  const out = new Uint8Array(labels.length);
  for (let r = 0; r < labels.length; r++) out[r] = lut[labels[r]];
  return { labels: out, names, unknown };
}

/** Episodes per row for the by-episode split (see labelRuns). */
export function labelEpisodes(timeUs: Float64Array, labels: Uint8Array, gapUs = EPISODE_GAP_US): Int32Array {
  return labelRuns(timeUs, labels, gapUs);
}
