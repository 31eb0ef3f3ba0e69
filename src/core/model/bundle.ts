/**
 * The model bundle: ONE .zip holding the tfjs layers model (model.json + weights.bin), or a tree model's
 * trees.json (model.kind "gbdt"), and manifest.json,
 * which says everything needed to use the model elsewhere (feature spec and order, normaliser, windowing,
 * classes, vote rule) and where it came from. Import checks all of it and says plainly what is wrong,
 * because bundles are files users carry between machines.
 */
import type { LayersModel } from '@tensorflow/tfjs';
import { unzipSync, zipSync, strToU8, strFromU8 } from 'fflate';
import { featureSpec, sameSpec, stepWidth, type FeatureSpec } from '../features/feature-spec.ts';
import { GROUP_KEYS } from '../features/group-key.ts';
import type { Normaliser } from '../features/samples.ts';
import type { WindowSpec } from '../features/windows.ts';
import type { Tf } from './build-model.ts';
import type { ClassificationReport } from './metrics.ts';
import { fromJson, toJson } from './gbdt/gbdt-json.ts';
import type { TreeEnsemble } from './gbdt/trees.ts';
import { configProblems, isTrees, MODEL_KINDS, type ModelConfig } from './model-config.ts';
import { isTreesModel, type TrainedModel, treesModel } from './tree-model.ts';

export const BUNDLE_FORMAT = 'nids-workbench.model';
export const BUNDLE_VERSION = 1;

const MANIFEST = 'manifest.json';
const MODEL_JSON = 'model.json';
const WEIGHTS = 'weights.bin';
/** A tree model's one file in place of model.json and weights.bin (gbdt/gbdt-json.ts). */
export const TREES_JSON = 'trees.json';

export interface Manifest {
  readonly format: string;
  readonly formatVersion: number;
  readonly createdAt: string;
  readonly featureSpec: FeatureSpec;
  readonly normaliser: Normaliser;
  readonly window: WindowSpec;
  readonly labelRule: 'last' | 'majority';
  readonly classes: readonly string[];
  /** Per class: raises alerts (every class but benign). */
  readonly malicious: readonly boolean[];
  readonly vote: { readonly k: number; readonly threshold: number };
  readonly model: ModelConfig;
  readonly training: {
    readonly fingerprint: string;
    readonly fileName: string;
    readonly rows: number;
    /** Of `rows`, those of the benign corpus appended for training (absent in bundles made before it). */
    readonly benignRows?: number;
    /** Seconds training took (absent in bundles made before it). */
    readonly seconds?: number;
    readonly windows: number;
    readonly split: string;
    readonly metrics: ClassificationReport | null;
  };
}

export class BundleError extends Error {
  override readonly name = 'BundleError';
}

/**
 * A value of a bundle's file for a message: its JSON, cut short. One nested deeper than JSON.stringify's
 * stack (found by fuzzing: it threw a RangeError out of the reader) is named by its kind.
 */
export function quoted(v: unknown): string {
  let s: string | undefined;
  try {
    s = JSON.stringify(v);
  } catch {
    s = Array.isArray(v) ? '[...]' : '{...}';
  }
  return s === undefined ? String(v) : s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

export async function exportBundle(tf: Tf, model: TrainedModel, manifest: Manifest): Promise<Uint8Array> {
  if (isTreesModel(model))
    return zipSync({
      [MANIFEST]: strToU8(JSON.stringify(manifest, null, 1)),
      [TREES_JSON]: strToU8(JSON.stringify(toJson(model.trees))),
    });
  let captured: import('@tensorflow/tfjs').io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const art = captured as import('@tensorflow/tfjs').io.ModelArtifacts | null;
  if (!art?.modelTopology || !art.weightSpecs || !art.weightData)
    throw new BundleError('the model could not be saved (no topology or weights)');
  const data = art.weightData;
  const weights = new Uint8Array(Array.isArray(data) ? tf.io.concatenateArrayBuffers(data) : data);
  const modelJson = {
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
    convertedBy: null,
    modelTopology: art.modelTopology,
    weightsManifest: [{ paths: [WEIGHTS], weights: art.weightSpecs }],
  };
  return zipSync({
    [MANIFEST]: strToU8(JSON.stringify(manifest, null, 1)),
    [MODEL_JSON]: strToU8(JSON.stringify(modelJson)),
    [WEIGHTS]: [weights, { level: 0 }],
  });
}

/** Deflate inflates at most 1032:1 (stored entries 1:1); a little slack for tiny entries. */
const MAX_INFLATE_RATIO = 1032;

/**
 * A bundle's files. fflate allocates each entry's declared size before inflating it, so an entry that
 * claims more than its compressed bytes could inflate to, or more bytes than the file holds, is refused
 * first: a 17 KB zip claiming 1.6 GB allocated it (found by fuzzing).
 */
export function unzipBundle(zip: Uint8Array): Record<string, Uint8Array> {
  let lie: string | null = null;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip, {
      filter: (f) => {
        if (f.size <= zip.length && f.originalSize <= f.size * MAX_INFLATE_RATIO + 1024) return true;
        lie ??= `${quoted(f.name)} claims ${f.originalSize.toLocaleString('en-US')} bytes from ${f.size.toLocaleString('en-US')} compressed`;
        return false;
      },
    });
  } catch (e) {
    throw new BundleError(
      `not a model bundle: the file is not a readable .zip (${e instanceof Error ? e.message : String(e)})`,
    );
  }
  if (lie !== null)
    throw new BundleError(
      `not a model bundle: the .zip is damaged (${lie}, in a file of ${zip.length.toLocaleString('en-US')} bytes)`,
    );
  return files;
}

/** A single-view bundle's model, network or trees, checked against its manifest. */
export async function importModel(tf: Tf, zip: Uint8Array): Promise<{ model: TrainedModel; manifest: Manifest }> {
  const files = unzipBundle(zip);
  const manifest = checkManifest(readJson(files, MANIFEST));
  if (isTrees(manifest.model.kind)) return { model: treesModel(readTrees(files, manifest)), manifest };
  return importNetwork(tf, files, manifest);
}

/** A single-view bundle's tfjs network; a tree bundle is refused (it has none). */
export async function importBundle(tf: Tf, zip: Uint8Array): Promise<{ model: LayersModel; manifest: Manifest }> {
  const files = unzipBundle(zip);
  const manifest = checkManifest(readJson(files, MANIFEST));
  if (isTrees(manifest.model.kind))
    throw new BundleError(`the bundle holds trees (model ${manifest.model.kind}), not a tfjs network`);
  return importNetwork(tf, files, manifest);
}

async function importNetwork(
  tf: Tf,
  files: Record<string, Uint8Array>,
  manifest: Manifest,
): Promise<{ model: LayersModel; manifest: Manifest }> {
  const modelJson = readJson(files, MODEL_JSON);
  const weights = files[WEIGHTS];
  if (!weights) throw new BundleError(`the bundle has no ${WEIGHTS}`);
  if (
    !isRecord(modelJson) ||
    !isRecord(modelJson.modelTopology) ||
    !Array.isArray(modelJson.weightsManifest) ||
    !isRecord(modelJson.weightsManifest[0]) ||
    !Array.isArray(modelJson.weightsManifest[0].weights)
  ) {
    throw new BundleError(`${MODEL_JSON} is not a tfjs layers model (modelTopology or weightsManifest missing)`);
  }
  let model: LayersModel;
  try {
    model = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: modelJson.modelTopology,
        weightSpecs: modelJson.weightsManifest[0].weights as import('@tensorflow/tfjs').io.WeightsManifestEntry[],
        weightData: weights.slice().buffer,
      }),
    );
  } catch (e) {
    throw new BundleError(`the model in the bundle could not be loaded: ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    checkShapes(model, manifest);
  } catch (e) {
    model.dispose();
    throw e;
  }
  return { model, manifest };
}

/** The trees of a tree bundle's files, checked against its manifest; BundleError saying what is wrong. */
export function readTrees(files: Record<string, Uint8Array>, manifest: Manifest): TreeEnsemble {
  const json = readJson(files, TREES_JSON);
  let trees: TreeEnsemble;
  try {
    trees = fromJson(json);
  } catch (e) {
    throw new BundleError(`${TREES_JSON}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const { window: win } = manifest; // destructured: core's purity check forbids the text `window.`
  const width = stepWidth(manifest.featureSpec);
  if (trees.features !== win.size * width)
    throw new BundleError(
      `${TREES_JSON}: the trees read windows of ${trees.features} values but the manifest says ${win.size} steps × ${width} features`,
    );
  if (trees.classes !== manifest.classes.length)
    throw new BundleError(
      `${TREES_JSON}: the trees have ${trees.classes} classes but the manifest lists ${manifest.classes.length}`,
    );
  return trees;
}

/** A JSON file of a bundle's .zip; BundleError when it is missing or not JSON. */
export function readJson(files: Record<string, Uint8Array>, name: string): unknown {
  const bytes = files[name];
  if (!bytes) throw new BundleError(`not a model bundle: ${name} is missing from the .zip`);
  try {
    return JSON.parse(strFromU8(bytes));
  } catch (e) {
    throw new BundleError(`${name} is not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
}

function checkShapes(model: LayersModel, m: Manifest): void {
  const { window: win } = m; // destructured: core's purity check forbids the text `window.` (the DOM global)
  const steps = win.size;
  const width = stepWidth(m.featureSpec);
  const inShape = model.inputs[0]?.shape ?? [];
  if (inShape.length !== 3 || inShape[1] !== steps || inShape[2] !== width) {
    throw new BundleError(
      `the model takes input [${inShape.slice(1).join(', ')}] but the manifest says windows of ${steps} steps × ${width} features`,
    );
  }
  const outShape = model.outputs[0]?.shape ?? [];
  const units = outShape[outShape.length - 1];
  if (units !== m.classes.length)
    throw new BundleError(`the model has ${String(units)} outputs but the manifest lists ${m.classes.length} classes`);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNumberList = (v: unknown): v is number[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x));
const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** Every field typed and consistent; throws BundleError naming the first one that is not. */
export function checkManifest(v: unknown): Manifest {
  const bad = (what: string): never => {
    throw new BundleError(`manifest.json: ${what}`);
  };
  if (!isRecord(v)) return bad('not a JSON object');
  if (v.format !== BUNDLE_FORMAT)
    bad(`format is ${quoted(v.format)}, expected "${BUNDLE_FORMAT}" (not a nids-workbench model bundle)`);
  if (v.formatVersion !== BUNDLE_VERSION)
    bad(`format version ${quoted(v.formatVersion)} is not supported (this workbench reads version ${BUNDLE_VERSION})`);
  if (typeof v.createdAt !== 'string') bad('createdAt must be a string');
  const fs = v.featureSpec;
  if (
    !isRecord(fs) ||
    typeof fs.version !== 'number' ||
    !isStringList(fs.packet) ||
    !isStringList(fs.perWindow) ||
    typeof fs.portServices !== 'boolean'
  )
    return bad('featureSpec must have version, packet[], perWindow[] and portServices');
  const spec = fs as unknown as FeatureSpec;
  const ours = featureSpec(spec.portServices);
  if (!sameSpec(spec, ours))
    bad(
      `the model's features (spec version ${spec.version}, ${spec.packet.length}+${spec.perWindow.length} features) are not the ones this workbench computes (version ${ours.version}, ${ours.packet.length}+${ours.perWindow.length})`,
    );
  const width = stepWidth(spec);
  const norm = v.normaliser;
  if (!isRecord(norm) || !isNumberList(norm.mean) || !isNumberList(norm.std))
    return bad('normaliser must have numeric mean[] and std[]');
  if (norm.mean.length !== width || norm.std.length !== width)
    bad(`normaliser has ${norm.mean.length} means and ${norm.std.length} stds, the features are ${width}`);
  if (norm.std.some((s) => !(s > 0))) bad('normaliser std values must be positive');
  const win = v.window;
  if (
    !isRecord(win) ||
    !GROUP_KEYS.includes(win.key as never) ||
    !Number.isInteger(win.size) ||
    !Number.isInteger(win.stride) ||
    (win.size as number) < 1 ||
    (win.stride as number) < 1
  )
    return bad(`window must have key (${GROUP_KEYS.join('|')}), whole size >= 1 and stride >= 1`);
  if (v.labelRule !== 'last' && v.labelRule !== 'majority') bad('labelRule must be "last" or "majority"');
  if (!isStringList(v.classes) || v.classes.length < 2) return bad('classes must list at least two class names');
  if (
    !Array.isArray(v.malicious) ||
    v.malicious.length !== v.classes.length ||
    !v.malicious.every((x) => typeof x === 'boolean')
  )
    bad(`malicious must be ${v.classes.length} booleans, one per class`);
  const vote = v.vote;
  if (
    !isRecord(vote) ||
    !Number.isInteger(vote.k) ||
    (vote.k as number) < 1 ||
    typeof vote.threshold !== 'number' ||
    !(vote.threshold >= 0 && vote.threshold < 1)
  )
    bad('vote must have a whole k >= 1 and a threshold in [0, 1)');
  const model = v.model;
  if (!isRecord(model) || !MODEL_KINDS.includes(model.kind as never))
    return bad(`model.kind must be one of ${MODEL_KINDS.join(', ')}`);
  for (const f of [
    'units',
    'layers',
    'dropout',
    'learningRate',
    'batchSize',
    'epochs',
    'patience',
    'maxPerClass',
    'seed',
  ] as const)
    if (typeof model[f] !== 'number') bad(`model.${f} must be a number`);
  if (typeof model.classWeights !== 'boolean') bad('model.classWeights must be a boolean');
  // The optional settings too: an object there read "(got [object Object])" (found by fuzzing).
  for (const f of ['timeScale', 'augmentShare', 'jitterMs', 'jitterShare', 'maskShare', 'depth'] as const)
    if (model[f] !== undefined && typeof model[f] !== 'number') bad(`model.${f} must be a number`);
  if (model.balanceRuns !== undefined && typeof model.balanceRuns !== 'boolean')
    bad('model.balanceRuns must be a boolean');
  const problems = configProblems(model as unknown as ModelConfig);
  if (problems.length) bad(`model: ${problems[0]}`);
  const t = v.training;
  if (
    !isRecord(t) ||
    typeof t.fingerprint !== 'string' ||
    typeof t.fileName !== 'string' ||
    typeof t.rows !== 'number' ||
    typeof t.windows !== 'number' ||
    typeof t.split !== 'string'
  )
    return bad('training must have fingerprint, fileName, rows, windows and split');
  if (t.benignRows !== undefined && typeof t.benignRows !== 'number') bad('training.benignRows must be a number');
  if (t.seconds !== undefined && typeof t.seconds !== 'number') bad('training.seconds must be a number');
  if (
    t.metrics !== null &&
    !(isRecord(t.metrics) && typeof t.metrics.macroF1 === 'number' && Array.isArray(t.metrics.perClass))
  )
    bad('training.metrics must be a classification report or null');
  return v as unknown as Manifest;
}
