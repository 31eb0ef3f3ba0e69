/**
 * The train and evaluate CLIs end to end on a labelled slice of lab-a (the committed fixture slice has no
 * `attack` column, so the test cuts the same frame ranges from the sample, which has it).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEvaluate } from './lib/run-evaluate.ts';
import { parseTrainArgs, runTrain } from './lib/run-train.ts';
import { DEFAULT_MODEL_CONFIG } from '../src/core/model/model-config.ts';

const ROOT = join(import.meta.dirname, '..');
const SAMPLE = join(ROOT, 'public', 'samples', 'lab-a');
// fixtures/capture/make-slice.sh's frame ranges: every class, some benign around each.
const RANGES = [
  [1, 450],
  [1437, 1636],
  [91150, 91250],
  [92070, 92330],
  [97267, 97766],
  [100600, 100800],
  [132749, 132960],
  [147780, 147930],
  [153828, 154227],
  [156838, 157037],
  [230386, 230640],
  [234561, 234610],
  [234825, 234900],
  [235025, 235040],
  [235115, 235130],
  [235742, 236141],
  [237000, 237080],
];

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

describe('npm run train / evaluate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nids-train-'));
  const csv = join(dir, 'slice.csv');
  const zip = join(dir, 'model.zip');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeAll(() => {
    const lines = gunzipSync(readFileSync(join(SAMPLE, 'packets.csv.gz')))
      .toString('utf8')
      .split('\n');
    const kept = lines.slice(1).filter((l) => {
      const f = Number(l.slice(0, l.indexOf(',')).replace(/"/g, ''));
      return RANGES.some(([a, b]) => f >= a && f <= b);
    });
    writeFileSync(csv, `${[lines[0], ...kept].join('\n')}\n`);
  });

  it('trains, writes a bundle and prints test metrics', async () => {
    const log: string[] = [];
    const out = await runTrain(
      [
        '--data',
        csv,
        '--label-column',
        'attack',
        '--out',
        zip,
        '--epochs',
        '2',
        '--units',
        '8',
        '--max-per-class',
        '300',
        '--size',
        '6',
      ],
      (l) => log.push(l),
    );
    expect(out.errors).toEqual([]);
    expect(out.exitCode).toBe(0);
    const json = JSON.parse(out.lines[0]) as Record<string, unknown>;
    expect(Object.keys(json.per_class as object)).toEqual(['benign', 'hping3', 'hydra', 'nmap', 'ping']);
    // Seeded, so the same on every machine (0.66 here, where four classes guessed at random give ~0.2).
    expect(json.macro_f1).toBeGreaterThan(0.5);
    expect(log.some((l) => l.startsWith('epoch 2/2'))).toBe(true);
    expect(readFileSync(zip).subarray(0, 2).toString('latin1')).toBe('PK');
  });

  it('evaluates the bundle: metrics, episodes and false alerts as one JSON object', async () => {
    const out = await runEvaluate([
      '--model',
      zip,
      '--data',
      csv,
      '--label-column',
      'attack',
      '--episodes',
      join(SAMPLE, 'episodes.json'),
    ]);
    expect(out.errors).toEqual([]);
    expect(out.lines).toHaveLength(1);
    const json = JSON.parse(out.lines[0]) as {
      macro_f1: number;
      per_class: Record<string, { precision: number; recall: number; f1: number; support: number }>;
      confusion: { labels: string[]; matrix: number[][] };
      episodes: { tool: string; variant: string; alerted: boolean; delay_s: number | null }[];
      false_alerts_per_hour: number;
    };
    // Every window of the slice, not only the test split the training figures come from: 0.59 here.
    expect(json.macro_f1).toBeGreaterThan(0.45);
    json.confusion.labels.forEach((c, i) => {
      expect(json.per_class[c].support, c).toBe(sum(json.confusion.matrix[i]));
    });
    expect(Object.keys(json.per_class[json.confusion.labels[1]]).sort()).toEqual([
      'f1',
      'precision',
      'recall',
      'support',
    ]);
    expect(json.confusion.labels).toEqual(['benign', 'hping3', 'hydra', 'nmap', 'ping']);
    expect(json.confusion.matrix).toHaveLength(5);
    expect(json.episodes).toHaveLength(11);
    expect(json.episodes[0]).toMatchObject({ tool: 'hping3', variant: 'syn-flood' });
    // The slice's benign stretches are short and the 2-epoch model votes no alert at all on them.
    expect(json.false_alerts_per_hour).toBe(0);
  });

  it('takes the augmentation and sampling settings, defaults on', () => {
    const base = ['--data', 'x.csv', '--label-column', 'attack', '--out', 'm.zip'];
    const d = parseTrainArgs(base);
    if (d.kind !== 'run') throw new Error(d.kind);
    expect(d.args.config).toMatchObject({
      timeScale: DEFAULT_MODEL_CONFIG.timeScale,
      augmentShare: DEFAULT_MODEL_CONFIG.augmentShare,
      balanceRuns: true,
    });
    const off = parseTrainArgs([
      ...base,
      '--time-scale',
      '1',
      '--augment-share',
      '0',
      '--mask-share',
      '0.2',
      '--no-balance-runs',
    ]);
    if (off.kind !== 'run') throw new Error(off.kind);
    expect(off.args.config).toMatchObject({ timeScale: 1, augmentShare: 0, maskShare: 0.2, balanceRuns: false });
    const bad = parseTrainArgs([...base, '--time-scale', '0.5']);
    expect(bad.kind === 'usage' && bad.message).toMatch(/time scale/);
  });

  it('takes the jitter settings, on by default, and refuses out-of-range ones', () => {
    const base = ['--data', 'x.csv', '--label-column', 'attack', '--out', 'm.zip'];
    const d = parseTrainArgs(base);
    if (d.kind !== 'run') throw new Error(d.kind);
    expect(d.args.config).toMatchObject({
      jitterMs: DEFAULT_MODEL_CONFIG.jitterMs,
      jitterShare: DEFAULT_MODEL_CONFIG.jitterShare,
    });
    expect(DEFAULT_MODEL_CONFIG.jitterMs).toBeGreaterThan(0);
    const off = parseTrainArgs([...base, '--jitter-ms', '0', '--jitter-share', '0.25']);
    if (off.kind !== 'run') throw new Error(off.kind);
    expect(off.args.config).toMatchObject({ jitterMs: 0, jitterShare: 0.25 });
    const badMs = parseTrainArgs([...base, '--jitter-ms=-1']);
    expect(badMs.kind === 'usage' && badMs.message).toMatch(/jitter must be from 0/);
    const badShare = parseTrainArgs([...base, '--jitter-share', '2']);
    expect(badShare.kind === 'usage' && badShare.message).toMatch(/jittered share must be in \[0, 1\]/);
  });

  it('says what is wrong: usage, missing files, not a bundle', async () => {
    expect((await runTrain(['--data', csv])).exitCode).toBe(2);
    expect(
      (await runTrain(['--data', csv, '--label-column', 'attack', '--out', zip, '--units', 'many'])).errors[0],
    ).toMatch(/--units must be a number/);
    const missing = await runTrain(['--data', join(dir, 'nope.csv'), '--label-column', 'attack', '--out', zip]);
    expect(missing.exitCode).toBe(1);
    const notZip = await runEvaluate(['--model', csv, '--data', csv]);
    expect(notZip.exitCode).toBe(1);
    expect(notZip.errors[0]).toMatch(/not a model bundle/);
  });
});
