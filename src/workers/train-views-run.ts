/**
 * One training run of the Model panel, as plain TypeScript (the worker only posts what it reports, so this
 * runs in Node under test): the engine's classes made dense, every chosen view trained on one shared row
 * split (trainViews, even for a single view), the bundle of views exported, and what the page shows. The run
 * is timed here, around trainViews, and the exported bundle's fast path after it, so the page can set runs of
 * different models side by side (networks and trees alike).
 */
import type { Tf } from '../core/model/build-model.ts';
import { readBundle, type ReadBundle } from '../core/model/bundle-views.ts';
import { classifierSpeed } from '../core/model/classifier-speed.ts';
import type { TrainProgress } from '../core/model/train-loop.ts';
import { splitCheckNotes, viewSplitCounts } from '../core/model/split-check.ts';
import { disposeViews, exportViewsBundle, trainViews, type ViewSpec } from '../core/model/train-views.ts';
import { fastClassifierOf } from '../core/sensor/bundle-model.ts';
import type { PacketTable } from '../core/table/packet-table.ts';
import { denseClasses, labelEpisodes, remapLabels } from './train-classes.ts';
import type { SplitSummary, TrainData, TrainedView, TrainOptions, TrainReplyMsg } from './train-messages.ts';

export interface RunHooks {
  /** Before any view trains: classes the split leaves without validation or test windows, in words. */
  onCheck?(notes: readonly string[]): void;
  onView?(index: number, count: number, view: ViewSpec): void;
  onSplit?(view: string, split: SplitSummary, dropped: readonly string[]): void;
  onBatch?(p: TrainProgress): void;
  onEpoch?(p: TrainProgress): void;
  shouldStop?(): boolean;
}

export type RunReport = Omit<Extract<TrainReplyMsg, { type: 'train.done' }>, 'type' | 'jobId'>;

/** Trains and exports; the models are disposed before it returns (the bundle keeps them). */
/** `benignTables`: the benign corpus to train on beside the capture, when the options ask for it. */
export async function runTraining(
  tf: Tf,
  data: TrainData,
  options: TrainOptions,
  hooks: RunHooks = {},
  benignTables: readonly PacketTable[] = [],
): Promise<{ report: RunReport; bundle: ReadBundle }> {
  const dense = denseClasses(data.classNames, data.labels);
  if (dense.classes.length < 2) throw new Error('Label at least one class besides benign before training.');
  if (options.views.length === 0) throw new Error('Choose at least one view.');
  const rowLabels = remapLabels(data.labels, dense.lut);
  const episodes = options.split === 'by-episode' ? { episodes: labelEpisodes(data.table.timeUs, rowLabels) } : {};
  if (hooks.onCheck) {
    const checked = { table: data.table, rowLabels, classes: dense.classes, split: options.split, ...episodes };
    const counts = viewSplitCounts(
      { ...checked, labelRule: options.labelRule },
      options.views,
      options.size,
      options.stride,
    );
    hooks.onCheck(splitCheckNotes(dense.classes, rowLabels, counts, options.split));
  }
  const t0 = performance.now();
  const trained = await trainViews(
    tf,
    {
      table: data.table,
      rowLabels,
      ...episodes,
      classes: dense.classes,
      views: options.views,
      layout: options.layout,
      size: options.size,
      stride: options.stride,
      labelRule: options.labelRule,
      split: options.split,
      config: options.config,
      fingerprint: data.fingerprint,
      fileName: data.fileName,
      benignTables,
    },
    {
      onView: (i, v) => hooks.onView?.(i, options.views.length, v),
      onSplit: (s, v) =>
        hooks.onSplit?.(
          v.name,
          { classes: dense.classes, counts: s.counts.slice(0, 3), warnings: s.warnings },
          dense.dropped,
        ),
      ...(hooks.onBatch ? { onBatch: hooks.onBatch } : {}),
      ...(hooks.onEpoch ? { onEpoch: hooks.onEpoch } : {}),
      ...(hooks.shouldStop ? { shouldStop: hooks.shouldStop } : {}),
    },
  );
  const trainS = (performance.now() - t0) / 1000;
  try {
    const bytes = await exportViewsBundle(tf, trained);
    const views: TrainedView[] = trained.views.map(({ view, result: r }) => ({
      name: view.name,
      key: view.key,
      report: r.report,
      curve: r.curve,
      alerts: r.alerts,
      outcome: r.outcome,
      manifest: r.manifest,
    }));
    // Read back here, so what the page may export is exactly what evaluation runs (and a bad export fails the run).
    const bundle = readBundle(bytes);
    const viewsAsked = options.views.map((v) => v.name);
    const windowsPerS = await bundleSpeed(bundle);
    return {
      report: {
        layout: trained.layout,
        report: trained.report,
        curve: trained.curve,
        alerts: trained.alerts,
        views,
        viewsAsked,
        bundle: bytes,
        trainS,
        windowsPerS,
      },
      bundle,
    };
  } finally {
    disposeViews(trained);
  }
}

/**
 * Windows per second of the bundle's fast path (every view, as the sensor judges a packet's windows), or
 * null when a view has no fast path: the run's figures stand without it.
 */
export async function bundleSpeed(bundle: ReadBundle): Promise<number | null> {
  try {
    const speed = await classifierSpeed(bundle, fastClassifierOf, () => performance.now());
    return speed > 0 ? speed : null;
  } catch {
    return null;
  }
}
