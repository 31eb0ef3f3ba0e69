/**
 * Bundles of several views (issue 8): one model per view of the traffic (grouped by host pair, by source, by
 * destination, ...), voted at once by the sensor. The .zip holds a top manifest (format version 2: the views,
 * classes and vote rule) and, under views/<name>/, each view's own single-view bundle files (manifest.json of
 * format version 1, model.json, weights.bin), so every view's model is checked exactly as a single bundle is.
 *
 * A format-1 bundle (one model, one window key) reads as a bundle of that one view.
 *
 * Layout "shared" (train-shared.ts): ONE model for every view, the view a one-hot after each step's
 * features, kept once under shared/ (model.json, weights.bin) with each view's manifest under
 * views/<name>/manifest.json (the one-hot's columns in the order of the top manifest's views). Reading it
 * folds the one-hot into the first layer's bias (fold-view-input.ts), so each view comes out as an ordinary
 * single-view model and the sensor, the fast path and evaluation run it as they run a per-view bundle.
 */
import { zipSync, strToU8 } from 'fflate';
import { GROUP_KEYS, type GroupKey } from '../features/group-key.ts';
import { stepWidth } from '../features/feature-spec.ts';
import {
  BUNDLE_FORMAT,
  BUNDLE_VERSION,
  BundleError,
  checkManifest,
  quoted,
  readJson as json,
  readTrees,
  TREES_JSON,
  unzipBundle,
  type Manifest,
} from './bundle.ts';
import { foldViewInput } from './fold-view-input.ts';
import { isTrees } from './model-config.ts';

export const VIEWS_BUNDLE_VERSION = 2;

/** per-view: one model per view; shared: one model, the view an input. */
export type BundleLayout = 'per-view' | 'shared';
export const BUNDLE_LAYOUTS: readonly BundleLayout[] = ['per-view', 'shared'];

export interface ViewEntry {
  /** pair, src, dst, ... (the view's name in alerts; also its folder in the zip). */
  readonly name: string;
  readonly key: GroupKey;
}

export interface ViewsManifest {
  readonly format: string;
  readonly formatVersion: number;
  readonly createdAt: string;
  readonly layout: BundleLayout;
  readonly views: readonly ViewEntry[];
  readonly classes: readonly string[];
  readonly malicious: readonly boolean[];
  readonly vote: { readonly k: number; readonly threshold: number };
}

/** One view of a bundle: its own manifest and its model's files. */
export interface BundleView {
  readonly name: string;
  readonly manifest: Manifest;
  /** model.json; for trees (manifest.model.kind gbdt) trees.json. */
  readonly modelJson: Uint8Array;
  /** weights.bin; empty for trees. */
  readonly weights: Uint8Array;
}

/** A view's model files by name, as a single-view bundle holds them. */
export function modelFiles(v: BundleView): Record<string, Uint8Array> {
  return isTrees(v.manifest.model.kind)
    ? { [TREES_JSON]: v.modelJson }
    : { 'model.json': v.modelJson, 'weights.bin': v.weights };
}

/** The view's model files as readBundle keeps them, from the files under `dir` of a .zip. */
function viewFiles(
  files: Record<string, Uint8Array>,
  dir: string,
  manifest: Manifest,
): Pick<BundleView, 'modelJson' | 'weights'> {
  if (isTrees(manifest.model.kind)) {
    // Checked here, so a broken trees.json is refused on import as a broken network is.
    readTrees(Object.fromEntries([[TREES_JSON, file(files, `${dir}${TREES_JSON}`)]]), manifest);
    return { modelJson: file(files, `${dir}${TREES_JSON}`), weights: new Uint8Array(0) };
  }
  return { modelJson: file(files, `${dir}model.json`), weights: file(files, `${dir}weights.bin`) };
}

export interface ReadBundle {
  /** 1: a single-view bundle; 2: views. */
  readonly formatVersion: number;
  /** How a bundle of views keeps its models (absent for a single-view bundle); either reads as one model per view. */
  readonly layout?: BundleLayout;
  readonly classes: readonly string[];
  readonly malicious: readonly boolean[];
  readonly vote: { readonly k: number; readonly threshold: number };
  readonly views: readonly BundleView[];
}

const NAME = /^[a-z][a-z0-9-]{0,31}$/;

/** Joins single-view bundles (as exportBundle writes them) into one bundle of views; they must agree on classes. */
export function joinViewBundles(parts: readonly { readonly name: string; readonly zip: Uint8Array }[]): Uint8Array {
  if (parts.length === 0) throw new BundleError('a bundle of views needs at least one view');
  const files: Record<string, Uint8Array> = {};
  const views: ViewEntry[] = [];
  let first: Manifest | null = null;
  for (const p of parts) {
    if (!NAME.test(p.name))
      throw new BundleError(`view name ${JSON.stringify(p.name)} must be lower-case letters, digits and dashes`);
    if (views.some((v) => v.name === p.name)) throw new BundleError(`two views are named ${p.name}`);
    const one = readBundle(p.zip);
    if (one.formatVersion !== BUNDLE_VERSION)
      throw new BundleError(`view ${p.name}: only single-view bundles can be joined`);
    const v = one.views[0];
    first ??= v.manifest;
    if (v.manifest.classes.join('\u0000') !== first.classes.join('\u0000'))
      throw new BundleError(
        `view ${p.name} has classes ${v.manifest.classes.join(', ')}, the first view ${first.classes.join(', ')}`,
      );
    const { window: win } = v.manifest; // destructured: core's purity check forbids the text `window.`
    views.push({ name: p.name, key: win.key });
    files[`views/${p.name}/manifest.json`] = strToU8(JSON.stringify(v.manifest, null, 1));
    for (const [name, bytes] of Object.entries(modelFiles(v))) files[`views/${p.name}/${name}`] = bytes;
  }
  const f = first as Manifest;
  const top: ViewsManifest = {
    format: BUNDLE_FORMAT,
    formatVersion: VIEWS_BUNDLE_VERSION,
    createdAt: new Date().toISOString(),
    layout: 'per-view',
    views,
    classes: f.classes,
    malicious: f.malicious,
    vote: f.vote,
  };
  files['manifest.json'] = strToU8(JSON.stringify(top, null, 1));
  return zipSync(
    Object.fromEntries(Object.entries(files).map(([k, b]) => [k, k.endsWith('.bin') ? [b, { level: 0 }] : b])),
  );
}

/**
 * One bundle of views from ONE shared model (its model.json and weights.bin as exportBundle writes them; the
 * last views.length columns of its input are the one-hot of the view, in this order) and each view's
 * manifest (the model it becomes once the one-hot is folded away). Read back before it is returned, so a
 * bundle that would not load is refused when it is made.
 */
export function joinSharedBundle(
  shared: { readonly modelJson: Uint8Array; readonly weights: Uint8Array },
  views: readonly { readonly name: string; readonly manifest: Manifest }[],
): Uint8Array {
  if (views.length === 0) throw new BundleError('a bundle of views needs at least one view');
  const files: Record<string, Uint8Array> = {
    'shared/model.json': shared.modelJson,
    'shared/weights.bin': shared.weights,
  };
  const entries: ViewEntry[] = [];
  for (const v of views) {
    if (!NAME.test(v.name))
      throw new BundleError(`view name ${JSON.stringify(v.name)} must be lower-case letters, digits and dashes`);
    if (entries.some((e) => e.name === v.name)) throw new BundleError(`two views are named ${v.name}`);
    const { window: win } = v.manifest; // destructured: core's purity check forbids the text `window.`
    entries.push({ name: v.name, key: win.key });
    files[`views/${v.name}/manifest.json`] = strToU8(JSON.stringify(v.manifest, null, 1));
  }
  const f = views[0].manifest;
  const top: ViewsManifest = {
    format: BUNDLE_FORMAT,
    formatVersion: VIEWS_BUNDLE_VERSION,
    createdAt: new Date().toISOString(),
    layout: 'shared',
    views: entries,
    classes: f.classes,
    malicious: f.malicious,
    vote: f.vote,
  };
  files['manifest.json'] = strToU8(JSON.stringify(top, null, 1));
  const zip = zipSync(
    Object.fromEntries(Object.entries(files).map(([k, b]) => [k, k.endsWith('.bin') ? [b, { level: 0 }] : b])),
  );
  readBundle(zip);
  return zip;
}

/** A view's files as a single-view bundle .zip (for importBundle: tfjs loads one model at a time). */
export function viewZip(v: BundleView): Uint8Array {
  const model = Object.entries(modelFiles(v)).map(([k, b]) => [k, k.endsWith('.bin') ? [b, { level: 0 }] : b]);
  return zipSync({ 'manifest.json': strToU8(JSON.stringify(v.manifest)), ...Object.fromEntries(model) });
}

/** The views of a bundle of either format, each checked; throws BundleError saying what is wrong and where. */
export function readBundle(zip: Uint8Array): ReadBundle {
  const files = unzipBundle(zip);
  const top = json(files, 'manifest.json');
  if (isRecord(top) && top.format === BUNDLE_FORMAT && top.formatVersion === VIEWS_BUNDLE_VERSION)
    return readViews(files, top);
  const manifest = checkManifest(top);
  const { window: win } = manifest;
  const view = { name: win.key, manifest, ...viewFiles(files, '', manifest) };
  return {
    formatVersion: BUNDLE_VERSION,
    classes: manifest.classes,
    malicious: manifest.malicious,
    vote: manifest.vote,
    views: [view],
  };
}

function readViews(files: Record<string, Uint8Array>, top: Record<string, unknown>): ReadBundle {
  const bad = (what: string): never => {
    throw new BundleError(`manifest.json: ${what}`);
  };
  const layout = top.layout as BundleLayout;
  if (!BUNDLE_LAYOUTS.includes(layout))
    bad(
      `layout ${quoted(top.layout)} is not supported (this workbench reads ${BUNDLE_LAYOUTS.map((l) => `"${l}"`).join(' and ')})`,
    );
  if (!Array.isArray(top.views) || top.views.length === 0) return bad('views must list at least one view');
  const count = top.views.length;
  const views = top.views.map((v, i): BundleView => {
    if (!isRecord(v) || typeof v.name !== 'string' || !NAME.test(v.name) || !GROUP_KEYS.includes(v.key as never))
      return bad(`view ${i + 1} must have a name (lower-case) and a key (${GROUP_KEYS.join('|')})`);
    const dir = `views/${v.name}/`;
    let manifest: Manifest;
    try {
      manifest = checkManifest(json(files, `${dir}manifest.json`));
    } catch (e) {
      throw new BundleError(`view ${v.name}: ${e instanceof Error ? e.message : String(e)}`);
    }
    const { window: win } = manifest;
    if (win.key !== v.key)
      bad(`view ${v.name} says key ${String(v.key)} but its model was trained on windows by ${win.key}`);
    if (layout === 'per-view') {
      try {
        return { name: v.name, manifest, ...viewFiles(files, dir, manifest) };
      } catch (e) {
        throw new BundleError(`view ${v.name}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    if (isTrees(manifest.model.kind)) bad(`view ${v.name}: trees are kept per view, not in the shared layout`);
    let folded: ReturnType<typeof foldViewInput>;
    try {
      folded = foldViewInput(file(files, 'shared/model.json'), file(files, 'shared/weights.bin'), i, count);
    } catch (e) {
      throw new BundleError(`view ${v.name}: ${e instanceof Error ? e.message : String(e)}`);
    }
    const width = stepWidth(manifest.featureSpec);
    if (folded.steps !== win.size || folded.width !== width)
      bad(
        `view ${v.name}: the shared model takes [${folded.steps}, ${folded.width} + ${count} views] but its manifest says windows of ${win.size} × ${width}`,
      );
    return { name: v.name, manifest, modelJson: folded.modelJson, weights: folded.weights };
  });
  if (new Set(views.map((v) => v.name)).size !== views.length) bad('two views have the same name');
  const classes = views[0].manifest.classes;
  for (const v of views)
    if (v.manifest.classes.join('\u0000') !== classes.join('\u0000'))
      bad(`view ${v.name} lists other classes than view ${views[0].name}`);
  const vote = top.vote;
  if (
    !isRecord(vote) ||
    !Number.isInteger(vote.k) ||
    (vote.k as number) < 1 ||
    typeof vote.threshold !== 'number' ||
    !(vote.threshold >= 0 && vote.threshold < 1)
  )
    bad('vote must have a whole k >= 1 and a threshold in [0, 1)');
  return {
    formatVersion: VIEWS_BUNDLE_VERSION,
    layout,
    classes,
    malicious: views[0].manifest.malicious,
    vote: vote as unknown as ReadBundle['vote'],
    views,
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function file(files: Record<string, Uint8Array>, name: string): Uint8Array {
  const b = files[name];
  if (!b) throw new BundleError(`not a model bundle: ${name} is missing from the .zip`);
  return b;
}
