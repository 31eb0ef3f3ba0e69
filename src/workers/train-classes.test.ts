import { describe, expect, it } from 'vitest';
import { denseClasses, labelEpisodes, labelsForModel, remapLabels } from './train-classes.ts';

describe('denseClasses / remapLabels', () => {
  it('drops unused ids and classes no packet carries, keeps benign first, remaps labels densely', () => {
    const names = ['benign', '', 'hping3', 'unused', 'nmap'];
    const labels = Uint8Array.from([0, 2, 2, 4, 0, 4]);
    const d = denseClasses(names, labels);
    expect(d.classes).toEqual(['benign', 'hping3', 'nmap']);
    expect(d.dropped).toEqual(['unused']);
    expect(Array.from(remapLabels(labels, d.lut))).toEqual([0, 1, 1, 2, 0, 2]);
  });

  it('keeps benign even when no packet is benign', () => {
    expect(denseClasses(['benign', 'ping'], Uint8Array.from([1, 1])).classes).toEqual(['benign', 'ping']);
  });
});

describe('labelsForModel', () => {
  it('matches classes by name, case-insensitively, and appends the ones the model does not know', () => {
    const r = labelsForModel(['benign', 'NMAP', 'hydra', 'extra'], Uint8Array.from([0, 1, 2, 3, 1]), [
      'benign',
      'hydra',
      'nmap',
    ]);
    expect(Array.from(r.labels)).toEqual([0, 2, 1, 3, 2]);
    expect(r.names).toEqual(['benign', 'hydra', 'nmap', 'extra']);
    expect(r.unknown).toEqual(['extra']);
  });

  it('ignores unknown classes no packet carries', () => {
    const r = labelsForModel(['benign', 'unused'], Uint8Array.from([0, 0]), ['benign', 'ping']);
    expect(r.unknown).toEqual([]);
    expect(r.names).toEqual(['benign', 'ping']);
  });
});

describe('labelEpisodes', () => {
  it('starts a new episode of a class after a silence longer than the gap; benign is -1', () => {
    const t = Float64Array.from([0, 1, 2, 100, 101, 300]);
    const l = Uint8Array.from([1, 0, 1, 1, 2, 1]);
    expect(Array.from(labelEpisodes(t, l, 50))).toEqual([0, -1, 0, 1, 2, 3]);
  });
});
