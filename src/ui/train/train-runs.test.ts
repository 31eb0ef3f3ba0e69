import { describe, expect, it } from 'vitest';
import { DEFAULT_GBDT_CONFIG, DEFAULT_MODEL_CONFIG } from '../../core/model/model-config.ts';
import type { TrainOptions } from '../../workers/train-messages.ts';
import {
  f1Of,
  labelsDigest,
  modelText,
  type RunEnd,
  runRecordOf,
  testRowsDiffer,
  type TestRows,
} from './train-runs.ts';

const ROWS: TestRows = {
  fingerprint: 'fp',
  labels: 'ab12:100',
  split: 'per-class',
  size: 8,
  stride: 1,
  labelRule: 'last',
  views: ['pair', 'dst'],
};

describe('testRowsDiffer', () => {
  it('finds nothing between runs on the same test rows, whatever model they trained', () => {
    expect(testRowsDiffer(ROWS, { ...ROWS })).toEqual([]);
    expect(testRowsDiffer(ROWS, { ...ROWS, views: ['pair', 'dst'] })).toEqual([]);
  });

  it.each([
    [{ fingerprint: 'other' }, ['capture']],
    [{ labels: 'ff00:100' }, ['labels']],
    [{ split: 'by-episode' }, ['split']],
    [{ size: 6 }, ['window size']],
    [{ stride: 4 }, ['stride']],
    [{ labelRule: 'majority' }, ['window label']],
    [{ views: ['pair'] }, ['views']],
    [{ views: ['dst', 'pair'] }, ['views']],
    [{ size: 6, views: ['src'] }, ['window size', 'views']],
  ] as [Partial<TestRows>, string[]][])('names what differs: %j', (patch, names) => {
    expect(testRowsDiffer({ ...ROWS, ...patch }, ROWS)).toEqual(names);
  });
});

describe('labelsDigest', () => {
  it('tells labels apart by any row, by a class name, and by the row count', () => {
    const labels = Uint8Array.from([0, 0, 1, 1, 0]);
    const d = labelsDigest(labels, ['benign', 'ping']);
    expect(labelsDigest(labels.slice(), ['benign', 'ping'])).toBe(d);
    expect(labelsDigest(Uint8Array.from([0, 1, 1, 1, 0]), ['benign', 'ping'])).not.toBe(d);
    expect(labelsDigest(labels, ['benign', 'hping3'])).not.toBe(d);
    expect(labelsDigest(Uint8Array.from([0, 0, 1, 1, 0, 0]), ['benign', 'ping'])).not.toBe(d);
  });
});

describe('runRecordOf', () => {
  const options: TrainOptions = {
    config: { ...DEFAULT_GBDT_CONFIG, depth: 4, epochs: 80 },
    views: [
      { name: 'pair', key: 'pair' },
      { name: 'dst', key: 'dst' },
    ],
    layout: 'per-view',
    size: 8,
    stride: 1,
    labelRule: 'last',
    split: 'per-class',
    benignCorpus: true,
  };
  const done = (views: string[], ended: 'done' | 'stopped' = 'done'): RunEnd => ({
    jobId: 3,
    report: {
      classes: ['benign', 'ping', 'nmap'],
      perClass: [
        { precision: 1, recall: 1, f1: 0.99, support: 50 },
        { precision: 1, recall: 0.5, f1: 0.667, support: 4 },
        { precision: 0, recall: 0, f1: 0, support: 0 },
      ],
      macroF1: 0.828,
      accuracy: 0.95,
      confusion: [],
    },
    alerts: {
      episodes: [
        { tool: 'ping', variant: '', alerted: true, delay_s: 1 },
        { tool: 'ping', variant: '', alerted: false, delay_s: null },
      ],
      falseAlertsPerHour: 1.5,
      benignHours: 1,
      incidents: 2,
    },
    views: views.map((name) => ({ name, outcome: { ended } })),
    viewsAsked: ['pair', 'dst'],
    trainS: 12.5,
    windowsPerS: 90_000,
  });
  const start = { jobId: 3, options, fingerprint: 'fp', labels: 'ab12:100' };

  it("keeps the combined detector's figures, the timings and the test rows of the views trained", () => {
    const r = runRecordOf(start, done(['pair', 'dst']));
    expect(r).toMatchObject({
      id: 3,
      model: 'gbdt depth 4, at most 80 rounds',
      trees: true,
      macroF1: 0.828,
      f1: [0.99, 0.667, null],
      alerted: 1,
      episodes: 2,
      falseAlertsPerHour: 1.5,
      trainS: 12.5,
      windowsPerS: 90_000,
      stopped: false,
    });
    expect(r.testRows).toEqual({ ...ROWS, views: ['pair', 'dst'] });
    expect(f1Of(r, 'ping')).toBe(0.667);
    expect(f1Of(r, 'nmap')).toBeNull();
    expect(f1Of(r, 'hydra')).toBeNull();
  });

  it('marks a stopped run, whose combined figures are those of the views it trained', () => {
    const r = runRecordOf(start, done(['pair'], 'stopped'));
    expect(r.stopped).toBe(true);
    expect(testRowsDiffer(r.testRows, ROWS)).toEqual(['views']);
  });

  it('names networks by shape and trees by depth and rounds', () => {
    expect(modelText(DEFAULT_MODEL_CONFIG)).toBe('lstm 32 units × 1');
    expect(modelText(DEFAULT_GBDT_CONFIG)).toBe('gbdt depth 6, at most 150 rounds');
  });
});
