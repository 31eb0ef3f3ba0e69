/**
 * `npm run train -- --views`: one model per view, one bundle; `evaluate` and the sensor run every view of it.
 * On the random-source flood made from lab-a's frames (fixtures/rand-source), few epochs: this checks that
 * views travel from training to the sensor, not a model's quality.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readBundle } from '../src/core/model/bundle-views.ts';
import { runEvaluate } from './lib/run-evaluate.ts';
import { parseLayout, runTrainViews, wantsViews } from './lib/run-train-views.ts';
import { runSensor } from './lib/sensor-run.ts';

const DATA = 'fixtures/rand-source/lab-a-syn-rand-source.csv.gz';

describe('training with views', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nids-train-views-'));
  const model = join(dir, 'views.zip');
  let trained: { views: Record<string, { macro_f1: number }>; bundle: string };

  beforeAll(async () => {
    const r = await runTrainViews([
      '--data',
      DATA,
      '--label-column',
      'attack',
      '--out',
      model,
      '--views',
      'pair,src,dst',
      '--epochs',
      '2',
      '--max-per-class',
      '300',
      '--split',
      'plain',
    ]);
    expect(r.errors).toEqual([]);
    trained = JSON.parse(r.lines[0]) as typeof trained;
  }, 240_000);

  it('writes one bundle with a model per view, and no leftovers', () => {
    expect(Object.keys(trained.views)).toEqual(['pair', 'src', 'dst']);
    const b = readBundle(new Uint8Array(readFileSync(model)));
    expect(b.views.map((v) => [v.name, v.manifest.window.key])).toEqual([
      ['pair', 'pair'],
      ['src', 'src'],
      ['dst', 'dst'],
    ]);
    for (const v of ['pair', 'src', 'dst']) expect(existsSync(`${model}.${v}.part.zip`)).toBe(false);
  });

  it('evaluates and senses with every view', async () => {
    const e = await runEvaluate(['--model', model, '--data', DATA, '--label-column', 'attack']);
    expect(e.errors).toEqual([]);
    expect(Object.keys((JSON.parse(e.lines[0]) as { views: object }).views)).toEqual(['pair', 'src', 'dst']);
    let err = '';
    const code = await runSensor(['--model', model, '--csv', DATA, '--out', join(dir, 'alerts.jsonl')], {
      stdout: () => {},
      stderr: (t) => {
        err += t;
      },
    });
    expect(code, err).toBe(0);
    expect(err).toMatch(/views pair \(windows of 10, [\w -]+\), src \(.*\), dst \(/);
    const stats = JSON.parse(
      err
        .split('\n')
        .filter((l) => l.includes('"event":"stats"'))
        .pop() ?? '{}',
    ) as { views: Record<string, { windows: number }> };
    expect(stats.views.dst.windows).toBeGreaterThan(stats.views.pair.windows);
  }, 120_000);

  it('refuses a bad list of views, and --views with --key', async () => {
    expect((await runTrainViews(['--views', 'pair,bogus', '--out', 'x.zip'])).errors[0]).toMatch(
      /--views takes pair, flow, dst, src, none/,
    );
    expect((await runTrainViews(['--views', 'pair,pair', '--out', 'x.zip'])).errors[0]).toMatch(/twice/);
    expect((await runTrainViews(['--views', 'pair', '--key', 'src', '--out', 'x.zip'])).errors[0]).toMatch(
      /either --views or --key/,
    );
  });
});

describe('--layout', () => {
  it('parses per-view and shared, and says what is wrong otherwise', async () => {
    expect(parseLayout('shared')).toBe('shared');
    expect(parseLayout('per-view')).toBe('per-view');
    expect(parseLayout('mixed')).toMatch(/--layout takes per-view or shared \(got "mixed"\)/);
    expect(parseLayout(undefined)).toMatch(/--layout needs one of per-view, shared/);
    expect(parseLayout('--out')).toMatch(/needs one of/);
    expect(wantsViews(['--layout', 'shared'])).toBe(true);
    const bad = await runTrainViews(['--views', 'pair', '--layout', 'both', '--out', 'x.zip']);
    expect(bad.exitCode).toBe(2);
    expect(bad.errors[0]).toMatch(/--layout takes per-view or shared/);
    expect(bad.errors.join('\n')).toMatch(/--layout LAYOUT/);
    expect(
      (await runTrainViews(['--views', 'pair', '--layout', 'shared', '--layout', 'shared', '--out', 'x.zip']))
        .errors[0],
    ).toMatch(/given twice/);
  });

  describe('shared: one model for every view', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nids-train-shared-'));
    const model = join(dir, 'shared.zip');
    let trained: { layout: string; views: Record<string, { macro_f1: number }>; macro_f1: number };

    beforeAll(async () => {
      const r = await runTrainViews([
        '--data',
        DATA,
        '--label-column',
        'attack',
        '--out',
        model,
        '--views',
        'pair,src,dst',
        '--layout',
        'shared',
        '--epochs',
        '2',
        '--max-per-class',
        '200',
        '--split',
        'plain',
      ]);
      expect(r.errors).toEqual([]);
      trained = JSON.parse(r.lines[0]) as typeof trained;
    }, 240_000);

    it('writes a shared bundle that reads as one model per view, and evaluate and the sensor run it', async () => {
      expect(trained.layout).toBe('shared');
      expect(Object.keys(trained.views)).toEqual(['pair', 'src', 'dst']);
      const b = readBundle(new Uint8Array(readFileSync(model)));
      expect(b.layout).toBe('shared');
      expect(b.views.map((v) => [v.name, v.manifest.window.key])).toEqual([
        ['pair', 'pair'],
        ['src', 'src'],
        ['dst', 'dst'],
      ]);
      const e = await runEvaluate(['--model', model, '--data', DATA, '--label-column', 'attack']);
      expect(e.errors).toEqual([]);
      expect(Object.keys((JSON.parse(e.lines[0]) as { views: object }).views)).toEqual(['pair', 'src', 'dst']);
      let err = '';
      const code = await runSensor(['--model', model, '--csv', DATA, '--out', join(dir, 'alerts.jsonl')], {
        stdout: () => {},
        stderr: (t) => {
          err += t;
        },
      });
      expect(code, err).toBe(0);
      expect(err).toMatch(/views pair \(windows of 10, [\w -]+\), src \(.*\), dst \(/);
    }, 120_000);
  });
});
