/**
 * The Model panel's run and bundle handling, in Node on tfjs's CPU backend, on a small synthetic capture
 * (benign request/reply between hosts, two SYN floods from a third host): views trained on one split, what
 * the page is told, the bundle it exports, Stop between views, import checks and evaluation on a capture.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { floodCapture } from '../core/model/test-capture.ts';
import { readBundle, viewZip } from '../core/model/bundle-views.ts';
import { DEFAULT_GBDT_CONFIG, DEFAULT_MODEL_CONFIG } from '../core/model/model-config.ts';
import type { TrainProgress } from '../core/model/train-loop.ts';
import type { ReadBundle } from '../core/model/bundle-views.ts';
import { bundleInfo, checkBundle, evaluateBundle } from './train-bundles.ts';
import type { SplitSummary, TrainData, TrainOptions } from './train-messages.ts';
import { runTraining, type RunReport } from './train-views-run.ts';

/** Engine class ids with a hole (id 1 deleted) and a class no packet carries, as the label engine leaves them. */
const CLASS_NAMES = ['benign', '', 'hping3', 'unused'];

function capture(): TrainData {
  const { table, rowLabels } = floodCapture(2);
  return { table, labels: rowLabels, classNames: CLASS_NAMES, fingerprint: 'f', fileName: 'synthetic.csv' };
}

const OPTIONS: TrainOptions = {
  config: { ...DEFAULT_MODEL_CONFIG, units: 6, epochs: 2, maxPerClass: 150, batchSize: 64 },
  views: [
    { name: 'pair', key: 'pair' },
    { name: 'dst', key: 'dst' },
  ],
  layout: 'per-view',
  size: 5,
  stride: 1,
  labelRule: 'last',
  split: 'per-class',
  benignCorpus: false,
};

const supportOf = (r: { perClass: readonly { support: number }[] }): number =>
  r.perClass.reduce((s, c) => s + c.support, 0);

describe('a run of views in the train worker', () => {
  let report: RunReport;
  let bundle: ReadBundle;
  const turns: string[] = [];
  const splits = new Map<string, SplitSummary>();
  let epochs = 0;

  beforeAll(async () => {
    await tf.setBackend('cpu');
    ({ report, bundle } = await runTraining(tf, capture(), OPTIONS, {
      // Every class measured in every view: the check before training says nothing, and comes first.
      onCheck: (notes) => turns.push(`check: ${notes.length} notes`),
      onView: (i, n, v) => turns.push(`${i + 1}/${n} ${v.name}`),
      onSplit: (view, split, dropped) => {
        splits.set(view, split);
        expect(dropped).toEqual(['unused']);
      },
      onEpoch: () => {
        epochs++;
      },
    }));
  }, 60_000);

  it('trains each view in turn on dense classes and tells the page which view and its split', () => {
    expect(turns).toEqual(['check: 0 notes', '1/2 pair', '2/2 dst']);
    expect([...splits.keys()]).toEqual(['pair', 'dst']);
    expect(splits.get('pair')?.classes).toEqual(['benign', 'hping3']);
    expect(epochs).toBe(4);
    expect(report.layout).toBe('per-view');
    expect(report.views.map((v) => [v.name, v.key, v.outcome.ended, v.outcome.history.length])).toEqual([
      ['pair', 'pair', 'done', 2],
      ['dst', 'dst', 'done', 2],
    ]);
  });

  it('measures each view on its own test windows and the combined detector on the packets they end', () => {
    for (const v of report.views) {
      const test = splits.get(v.name)?.counts[2] ?? [];
      expect(v.report.perClass.map((c) => c.support)).toEqual(test);
      expect(v.report.classes).toEqual(['benign', 'hping3']);
    }
    const combined = supportOf(report.report);
    // Within a view each packet ends at most one window, so the packets scored are at least any view's and at most all views'.
    expect(combined).toBeGreaterThanOrEqual(Math.max(...report.views.map((v) => supportOf(v.report))));
    expect(combined).toBeLessThanOrEqual(report.views.reduce((s, v) => s + supportOf(v.report), 0));
    expect(report.report.perClass[1].support).toBeGreaterThan(0);
    expect(report.alerts.episodes.length).toBeGreaterThan(0);
  });

  it('exports one bundle of the views, the same the worker keeps for evaluation', () => {
    const back = readBundle(report.bundle);
    expect(back.formatVersion).toBe(2);
    expect(back.views.map((v) => [v.name, v.manifest.window.key])).toEqual([
      ['pair', 'pair'],
      ['dst', 'dst'],
    ]);
    expect(bundle.views.map((v) => v.name)).toEqual(['pair', 'dst']);
    expect(bundleInfo(back)).toMatchObject({
      formatVersion: 2,
      layout: 'per-view',
      classes: ['benign', 'hping3'],
      vote: { k: 5 },
    });
  });

  it("times the run in the worker and its bundle's fast path", () => {
    expect(report.trainS).toBeGreaterThan(0);
    expect(report.windowsPerS).toBeGreaterThan(0);
  });

  it('imports format 2 and format 1 bundles and lists their views; refuses a file that is not one', async () => {
    const two = await checkBundle(tf, report.bundle.slice());
    expect(bundleInfo(two).views.map((v) => v.name)).toEqual(['pair', 'dst']);
    const one = bundleInfo(await checkBundle(tf, viewZip(bundle.views[1])));
    expect(one).toMatchObject({ formatVersion: 1, layout: null });
    expect(one.views.map((v) => [v.name, v.key])).toEqual([['dst', 'dst']]);
    await expect(checkBundle(tf, new TextEncoder().encode('not weights'))).rejects.toThrow(/not a model bundle/);
  });

  it('evaluates the bundle on a capture, combined and per view, naming classes the model does not know', async () => {
    const data = capture();
    const names = ['benign', '', 'hping3', 'extra'];
    const labels = data.labels.map((l, r) => (r === 500 ? 3 : l));
    const r = await evaluateBundle(tf, bundle, { ...data, labels, classNames: names }, Infinity);
    expect(r.views.map((v) => v.name)).toEqual(['pair', 'dst']);
    expect(r.combined.windows).toBe(r.views.reduce((s, v) => s + v.result.windows, 0));
    for (const v of r.views) expect(supportOf(v.result.report ?? { perClass: [] })).toBe(v.result.windows);
    expect(r.combined.report?.classes).toEqual(['benign', 'hping3', 'extra']);
    expect(r.combined.alerts.episodes.map((e) => e.tool)).toEqual(expect.arrayContaining(['hping3', 'extra']));
    expect(r.note).toMatch(/does not know extra/);
    expect(r.note).not.toMatch(/Scored at most/);
    const few = await evaluateBundle(tf, bundle, data, 100);
    for (const v of few.views) expect(v.result.windows).toBeLessThanOrEqual(100);
    expect(few.note).toMatch(/Scored at most 100 windows per view/);
  }, 30_000);
});

describe('Stop during a run of views', () => {
  it('ends the view training at once and leaves the views after it out; the run still reports and exports', async () => {
    await tf.setBackend('cpu');
    let stop = false;
    const { report } = await runTraining(
      tf,
      capture(),
      { ...OPTIONS, config: { ...OPTIONS.config, epochs: 3 } },
      {
        onEpoch: (p) => {
          if (p.epoch === 1) stop = true;
        },
        shouldStop: () => stop,
      },
    );
    expect(report.views.map((v) => [v.name, v.outcome.ended, v.outcome.history.length])).toEqual([
      ['pair', 'stopped', 1],
    ]);
    expect(report.viewsAsked).toEqual(['pair', 'dst']);
    expect(readBundle(report.bundle).views.map((v) => v.name)).toEqual(['pair']);
    // The combined detector is the views trained: here the pair view alone.
    expect(report.report.confusion).toEqual(report.views[0].report.confusion);
  }, 60_000);
});

describe('a run of boosted trees', () => {
  const TREES: TrainOptions = {
    ...OPTIONS,
    config: { ...DEFAULT_GBDT_CONFIG, epochs: 12, patience: 12, depth: 3, maxPerClass: 150 },
  };

  it('reports once per round (trees built of at most the rounds asked, both losses), exports, and is timed', async () => {
    const rounds: TrainProgress[] = [];
    let batches = 0;
    const { report, bundle } = await runTraining(tf, capture(), TREES, {
      onEpoch: (p) => rounds.push(p),
      onBatch: () => batches++,
    });
    const perView = report.views.map((v) => v.outcome.history.length);
    expect(rounds.length).toBe(perView[0] + perView[1]);
    expect(batches).toBe(rounds.length);
    const first = rounds.slice(0, perView[0]);
    expect(first.map((p) => p.epoch)).toEqual(first.map((_, i) => i + 1));
    for (const p of rounds) {
      expect(p).toMatchObject({ epochs: 12, batch: 1, batches: 1 });
      expect(Number.isFinite(p.loss)).toBe(true);
      expect(p.valLoss).not.toBeNull();
    }
    expect(bundle.views.map((v) => v.manifest.model.kind)).toEqual(['gbdt', 'gbdt']);
    expect(report.trainS).toBeGreaterThan(0);
    expect(report.windowsPerS).toBeGreaterThan(0);
    // Imported back as a user's file is: checked, listed, and evaluated on a capture.
    const imported = await checkBundle(tf, report.bundle.slice());
    expect(bundleInfo(imported).views.map((v) => v.manifest.model.kind)).toEqual(['gbdt', 'gbdt']);
    const e = await evaluateBundle(tf, imported, capture(), 5000);
    expect(e.combined.report?.macroF1).toBeGreaterThan(0.5);
  }, 60_000);

  it('stops between rounds when asked, and leaves the views after it out', async () => {
    let stop = false;
    const { report } = await runTraining(
      tf,
      capture(),
      { ...TREES, config: { ...TREES.config, epochs: 200 } },
      {
        onEpoch: (p) => {
          if (p.epoch === 3) stop = true;
        },
        shouldStop: () => stop,
      },
    );
    expect(report.views.map((v) => [v.name, v.outcome.ended, v.outcome.history.length])).toEqual([
      ['pair', 'stopped', 3],
    ]);
    expect(readBundle(report.bundle).views.map((v) => v.name)).toEqual(['pair']);
  }, 60_000);

  it('refuses the shared layout (one model per view only)', async () => {
    await expect(runTraining(tf, capture(), { ...TREES, layout: 'shared' })).rejects.toThrow(/shared/);
  });
});

describe('runTraining refuses', () => {
  it('a capture with only benign labels, and an empty list of views', async () => {
    const data = capture();
    await expect(runTraining(tf, { ...data, labels: new Uint8Array(data.labels.length) }, OPTIONS)).rejects.toThrow(
      /Label at least one class/,
    );
    await expect(runTraining(tf, data, { ...OPTIONS, views: [] })).rejects.toThrow(/at least one view/);
  });
});
