/**
 * Training a detector of several views (issue 8): one model per view (per-view layout), all on the same
 * rows for training, validation and test, so that the combined detector ("any view fires") can be measured
 * honestly on the test rows, the way the sensor runs it.
 *
 * The split is drawn once at row level with the same rules as a window split (splitWindows over windows of
 * one packet: each class's stretch cut 70/15/15 in time, or whole episodes), then every view's windows take
 * their rows' part (a window whose rows straddle a cut is left out). Windows of different views over the
 * same packets are therefore never on both sides.
 */
import { unzipSync } from 'fflate';
import type { Tf } from './build-model.ts';
import { exportBundle } from './bundle.ts';
import { joinSharedBundle, joinViewBundles } from './bundle-views.ts';
import { trainSharedViews } from './train-shared.ts';
import type { AlertReport } from './alert-report.ts';
import type { AttackCurveData, ClassificationReport } from './metrics.ts';
import { viewsOnTest } from './views-on-test.ts';
import { BENIGN_CLASS, trainPipeline, type TrainRequest, type TrainResult } from './pipeline.ts';
import { DEFAULT_VOTE_RULE } from '../detect/vote.ts';
import type { GroupKey } from '../features/group-key.ts';
import { labelRuns, STRETCH_GAP_US } from '../features/label-runs.ts';
import { splitWindows } from '../features/splits.ts';
import type { TrainHooks } from './train-loop.ts';
import { isTrees } from './model-config.ts';
import type { Split } from '../features/splits.ts';
import { withBenignTables } from '../variants/benign-rows.ts';
import { withClosedPortFloods } from '../variants/closed-port-rows.ts';
import { withEchoFloods } from '../variants/echo-flood-rows.ts';
import { withRandSourceFloods } from '../variants/rand-source-rows.ts';
import type { PacketTable } from '../table/packet-table.ts';

export interface ViewSpec {
  /** pair, src, dst, ... as alerts name it. */
  readonly name: string;
  readonly key: GroupKey;
}

/** The default views: by host pair, by source host, by destination host. */
export const DEFAULT_VIEWS: readonly ViewSpec[] = [
  { name: 'pair', key: 'pair' },
  { name: 'src', key: 'src' },
  { name: 'dst', key: 'dst' },
];

/**
 * per-view: one model per view. shared: one model trained on the windows of all views, the view given as an
 * input (see train-shared.ts).
 */
export type ViewsLayout = 'per-view' | 'shared';
export const VIEWS_LAYOUTS: readonly ViewsLayout[] = ['per-view', 'shared'];
/** The layout trained when none is asked for (measured: bench/layouts.bench.ts). */
export const DEFAULT_VIEWS_LAYOUT: ViewsLayout = 'per-view';

export interface ViewsTrainRequest extends Omit<TrainRequest, 'window'> {
  readonly views: readonly ViewSpec[];
  /** Default DEFAULT_VIEWS_LAYOUT. */
  readonly layout?: ViewsLayout;
  /**
   * Train also on random-source copies of the training rows' floods (variants/rand-source-rows.ts), so that
   * the destination view learns a flood from many sources. Default on.
   */
  readonly randSourceFloods?: boolean;
  /**
   * Train also on ICMP echo copies of its TCP and UDP floods (variants/echo-flood-rows.ts) and closed-port
   * copies of its SYN floods (variants/closed-port-rows.ts). Default on.
   */
  readonly floodVariants?: boolean;
  /** Benign captures of other networks to train on beside the capture (variants/benign-rows.ts). */
  readonly benignTables?: readonly PacketTable[];
  readonly size: number;
  readonly stride: number;
}

export interface ViewsTrainHooks extends TrainHooks {
  /** A view starts training (index in `views`). */
  onView?(index: number, view: ViewSpec): void;
  onSplit?(s: Split, view: ViewSpec): void;
}

export interface ViewsTrainResult {
  readonly layout: ViewsLayout;
  /**
   * Per view: its windows, test predictions and report. In the shared layout every view's `result.model` is
   * the one shared model (dispose with disposeViews).
   */
  readonly views: readonly { readonly view: ViewSpec; readonly result: TrainResult }[];
  /** "Any view" on the test rows: window level (per packet ending a test window in some view). */
  readonly report: ClassificationReport;
  /** "Any view" on the same packets: attack-vs-benign precision/recall as the threshold falls. */
  readonly curve: AttackCurveData;
  /**
   * "Any view" on the test rows: every view's votes at once, against the episodes of the test rows' labels
   * (each view's own `result.alerts` is measured against the same episodes).
   */
  readonly alerts: AlertReport;
  /** Per row: TRAIN, VALIDATION, TEST or GAP, shared by every view. */
  readonly rowParts: Uint8Array;
}

/**
 * Row-level parts: `split` applied to windows of one packet. by-episode needs `episodes` (per row); the
 * per-class default cuts each class's stretches (runs with 10 s of silence) 70/15/15.
 */
export function rowPartsOf(
  req: Pick<TrainRequest, 'table' | 'rowLabels' | 'classes' | 'split' | 'episodes'>,
): Uint8Array {
  const { timeUs } = req.table;
  const runs =
    req.episodes ??
    (req.split === 'per-class' ? labelRuns(timeUs, req.rowLabels, STRETCH_GAP_US, BENIGN_CLASS) : undefined);
  return splitWindows(
    { startUs: timeUs, endUs: timeUs, labels: req.rowLabels, ...(runs ? { episodes: runs } : {}) },
    req.split,
    req.classes,
  ).part;
}

/**
 * The request with its row split drawn and, unless turned off, the random-source, ICMP echo and closed-port
 * copies of its training floods and the benign tables appended (training rows only: the test rows stay the
 * capture's own).
 */
export function withTrainingVariants(req: ViewsTrainRequest): ViewsTrainRequest & { readonly rowParts: Uint8Array } {
  const rowParts = req.rowParts ?? rowPartsOf(req);
  let out: ViewsTrainRequest & { readonly rowParts: Uint8Array } = { ...req, rowParts };
  if (req.randSourceFloods !== false) {
    const v = withRandSourceFloods(out.table, out.rowLabels, rowParts);
    if (v.floods.length > 0) out = { ...out, table: v.table, rowLabels: v.rowLabels, rowParts: v.rowParts };
  }
  // Of the capture's own floods: a random-source copy is no flood from one source, an echo copy no SYN flood.
  for (const make of req.floodVariants === false ? [] : [withEchoFloods, withClosedPortFloods]) {
    const v = make(out.table, out.rowLabels, out.rowParts);
    if (v.floods.length > 0) out = { ...out, table: v.table, rowLabels: v.rowLabels, rowParts: v.rowParts };
  }
  if (req.benignTables?.length) {
    const b = withBenignTables(out.table, out.rowLabels, out.rowParts, req.benignTables);
    out = { ...out, table: b.table, rowLabels: b.rowLabels, rowParts: b.rowParts, benignRows: b.rows };
  }
  if (!req.episodes || out.table.rowCount === req.table.rowCount) return out;
  const episodes = req.episodes;
  return {
    ...out,
    episodes: Int32Array.from({ length: out.table.rowCount }, (_, r) => (r < req.table.rowCount ? episodes[r] : -1)),
  };
}

/** Trains every view in turn on the same row split; models are the caller's to dispose (or to export). */
export async function trainViews(
  tf: Tf,
  asked: ViewsTrainRequest,
  hooks: ViewsTrainHooks = {},
): Promise<ViewsTrainResult> {
  if (asked.views.length === 0) throw new Error('training needs at least one view');
  const layout = asked.layout ?? DEFAULT_VIEWS_LAYOUT;
  if (!VIEWS_LAYOUTS.includes(layout))
    throw new Error(`layout must be one of ${VIEWS_LAYOUTS.join(', ')} (got ${JSON.stringify(layout)})`);
  if (layout === 'shared' && isTrees(asked.config.kind))
    throw new Error('trees are trained one model per view: the shared layout is for networks');
  const req = withTrainingVariants(asked);
  const rowParts = req.rowParts;
  if (layout === 'shared') {
    const views = await trainSharedViews(tf, req, rowParts, hooks);
    return { layout, ...onTest(views, rowParts, req), rowParts };
  }
  const done: { view: ViewSpec; result: TrainResult }[] = [];
  try {
    for (const [i, view] of req.views.entries()) {
      // Stop asked during an earlier view: the views trained so far are the result (the rest are left out).
      if (i > 0 && hooks.shouldStop?.()) break;
      hooks.onView?.(i, view);
      const { views: _v, size, stride, ...common } = req;
      const result = await trainPipeline(
        tf,
        { ...common, rowParts, window: { key: view.key, size, stride } },
        {
          ...hooks,
          onSplit: (s) => hooks.onSplit?.(s, view),
        },
      );
      done.push({ view, result });
    }
  } catch (e) {
    for (const d of done) d.result.model.dispose();
    throw e;
  }
  return { layout: 'per-view', ...onTest(done, rowParts, req), rowParts };
}

/**
 * Every view and the combined detector on the test rows, against one list of episodes (views-on-test.ts);
 * each view's alert report is replaced by the one measured against that list.
 */
function onTest(
  done: readonly { view: ViewSpec; result: TrainResult }[],
  rowParts: Uint8Array,
  req: ViewsTrainRequest,
): Pick<ViewsTrainResult, 'views' | 'report' | 'curve' | 'alerts'> {
  const r = viewsOnTest(
    done.map((d) => d.result),
    { timeUs: req.table.timeUs, rowLabels: req.rowLabels, rowParts, classes: req.classes, benign: BENIGN_CLASS },
    DEFAULT_VOTE_RULE,
  );
  return {
    views: done.map((d, i) => ({ view: d.view, result: { ...d.result, alerts: r.viewAlerts[i] } })),
    report: r.report,
    curve: r.curve,
    alerts: r.alerts,
  };
}

/** Disposes every model of a views result once (views of the shared layout share one). */
export function disposeViews(trained: Pick<ViewsTrainResult, 'views'>): void {
  for (const m of new Set(trained.views.map((v) => v.result.model))) m.dispose();
}

/**
 * One bundle of the trained views (format 2); a single view still makes a bundle of views. The shared layout
 * writes its one model once, with each view's manifest (bundle-views.ts joinSharedBundle).
 */
export async function exportViewsBundle(tf: Tf, trained: ViewsTrainResult): Promise<Uint8Array> {
  if (trained.layout === 'shared') {
    const [first] = trained.views;
    if (!first) throw new Error('no views to export');
    // exportBundle is the one place that serialises a model; its manifest is replaced by the views' own.
    const files = unzipSync(await exportBundle(tf, first.result.model, first.result.manifest));
    return joinSharedBundle(
      { modelJson: files['model.json'], weights: files['weights.bin'] },
      trained.views.map(({ view, result }) => ({ name: view.name, manifest: result.manifest })),
    );
  }
  const parts: { name: string; zip: Uint8Array }[] = [];
  for (const { view, result } of trained.views)
    parts.push({ name: view.name, zip: await exportBundle(tf, result.model, result.manifest) });
  return joinViewBundles(parts);
}
