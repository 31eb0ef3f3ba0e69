/**
 * `npm run train -- --model gbdt`: boosted trees per view in one bundle, which `evaluate` compares with
 * another model side by side and the sensor runs on the trees' kernel, on classifier threads too.
 * On the random-source flood made from lab-a's frames (fixtures/rand-source), few rounds: this checks that
 * the trees travel from training to the sensor, not their quality (bench/trees.bench.ts measures that).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { readBundle } from '../src/core/model/bundle-views.ts';
import { runEvaluate } from './lib/run-evaluate.ts';
import { parseTrainArgs } from './lib/run-train.ts';
import { runTrainCommand } from './lib/train-command.ts';
import { runSensor } from './lib/sensor-run.ts';

const DATA = 'fixtures/rand-source/lab-a-syn-rand-source.csv.gz';

async function train(out: string, extra: string[]): Promise<{ macro_f1: number; views: Record<string, unknown> }> {
  const r = await runTrainCommand(
    ['--data', DATA, '--label-column', 'attack', '--out', out, '--max-per-class', '300', '--split', 'plain', ...extra],
    () => {},
  );
  expect(r.errors).toEqual([]);
  return JSON.parse(r.lines[0]);
}

describe('training trees', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nids-train-trees-'));
  const trees = join(dir, 'trees.zip');
  const shallow = join(dir, 'shallow.zip');

  beforeAll(async () => {
    await train(trees, ['--model', 'gbdt', '--rounds', '20']);
    await train(shallow, ['--model', 'gbdt', '--rounds', '10', '--depth', '2', '--views', 'dst']);
  }, 240_000);

  it('writes trees.json per view with the trees defaults, and no network', () => {
    const b = readBundle(new Uint8Array(readFileSync(trees)));
    expect(b.views.map((v) => v.name)).toEqual(['pair', 'src', 'dst']);
    for (const v of b.views) {
      expect(v.manifest.model).toMatchObject({ kind: 'gbdt', learningRate: 0.2, epochs: 20, depth: 6 });
      expect(v.manifest.training.seconds).toBeGreaterThan(0);
    }
    const names = Object.keys(unzipSync(new Uint8Array(readFileSync(trees))));
    expect(names.filter((n) => n.endsWith('trees.json'))).toHaveLength(3);
    expect(names.some((n) => n.endsWith('model.json') || n.endsWith('weights.bin'))).toBe(false);
  });

  it('evaluate compares two models on the same capture, one row each', async () => {
    const lines: string[] = [];
    const e = await runEvaluate(
      ['--model', trees, '--model', shallow, '--data', DATA, '--label-column', 'attack'],
      (l) => lines.push(l),
    );
    expect(e.errors).toEqual([]);
    const { models } = JSON.parse(e.lines[0]) as {
      models: { model: string; kind: string; windows: number; windows_per_s: number; train_s: number }[];
    };
    expect(models.map((m) => [m.model, m.kind])).toEqual([
      [trees, 'gbdt'],
      [shallow, 'gbdt'],
    ]);
    for (const m of models) {
      expect(m.windows_per_s).toBeGreaterThan(0);
      expect(m.train_s).toBeGreaterThan(0);
    }
    // Three views' windows against one.
    expect(models[0].windows).toBeGreaterThan(models[1].windows);
    const table = lines.slice(lines.findIndex((l) => l.startsWith('models compared')));
    expect(table[1]).toMatch(/^model +kind +macro-F1 .*episodes +false\/h +train s +windows\/s$/);
    expect(table[2]).toContain(trees);
    expect(table[3]).toContain(shallow);
  }, 120_000);

  it.each([['--single-thread'], ['--classifier-threads', '2']])(
    'the sensor runs them (%s)',
    async (...how) => {
      let err = '';
      const code = await runSensor(['--model', trees, '--csv', DATA, '--out', join(dir, 'alerts.jsonl'), ...how], {
        stdout: () => {},
        stderr: (t) => {
          err += t;
        },
      });
      expect(code, err).toBe(0);
      expect(err).toMatch(/views pair \(windows of 10, trees[^)]*\), src \(windows of 10, trees/);
      const alerts = readFileSync(join(dir, 'alerts.jsonl'), 'utf8').split('\n').filter(Boolean);
      expect(alerts.some((l) => l.includes('"event_type":"alert"'))).toBe(true);
    },
    120_000,
  );

  it('says what is wrong with a trees command line', () => {
    const base = ['--data', 'x.csv', '--label-column', 'attack', '--out', 'm.zip'];
    const usage = (argv: string[]): string => {
      const p = parseTrainArgs(argv);
      return p.kind === 'usage' ? p.message : '';
    };
    expect(usage([...base, '--model', 'forest'])).toMatch(/--model must be one of lstm, gru, dense, gbdt/);
    expect(usage([...base, '--model', 'gbdt', '--layout', 'shared'])).toMatch(/trees are trained one model per view/);
    expect(usage([...base, '--model', 'gbdt', '--depth', '12'])).toMatch(
      /tree depth must be a whole number from 1 to 8/,
    );
    expect(usage([...base, '--rounds', '5', '--epochs', '5'])).toMatch(/either --rounds or --epochs/);
  });
});
