import { describe, expect, it } from 'vitest';
import { fromJson, type GbdtJson, toJson } from './gbdt-json.ts';
import { blobsProblem } from './test-data.ts';
import { trainGbdt } from './train-gbdt.ts';
import { predictProba } from './trees.ts';

const p = blobsProblem(800, 4, 8);
for (let i = 0; i < p.n; i += 7) p.x[i * p.d + 2] = Number.NaN;
const { model } = trainGbdt(p.x, p.y, p.n, p.d, 4, { rounds: 8, minDataInLeaf: 5 });

/** A fresh copy of the model's JSON to corrupt. */
function json(): GbdtJson {
  return JSON.parse(JSON.stringify(toJson(model)));
}

/** Tree 3's first inner node. */
function innerNode(j: GbdtJson): number {
  return j.trees[3].feature.findIndex((f) => f >= 0);
}

describe('gbdt JSON', () => {
  it('round-trips to identical predictions', () => {
    const text = JSON.stringify(toJson(model));
    const back = fromJson(text);
    expect(predictProba(back, p.x, p.n)).toEqual(predictProba(model, p.x, p.n));
    expect(toJson(back)).toEqual(toJson(model));
  });

  it.each<[string, (j: GbdtJson) => void, RegExp]>([
    ['wrong format', (j) => Object.assign(j, { format: 'other' }), /format is "other", expected "nids-gbdt"/],
    ['wrong version', (j) => Object.assign(j, { version: 2 }), /version 2 is not supported/],
    ['init length', (j) => j.init.pop(), /init has 3 values, expected 4/],
    ['trees not whole rounds', (j) => j.trees.pop(), /31 trees is not a whole number of rounds of 4 classes/],
    [
      'child past the end',
      (j) => {
        j.trees[3].right[innerNode(j)] = 999;
      },
      /tree 3, node \d+: right child 999 is past the tree's \d+ nodes/,
    ],
    [
      'child pointing back',
      (j) => {
        const k = j.trees[3].feature.findLastIndex((f) => f >= 0);
        j.trees[3].left[k] = 0;
      },
      /tree 3, node \d+: left child 0 does not come after the node/,
    ],
    ['wrong length', (j) => j.trees[3].threshold.pop(), /tree 3: threshold has \d+ values, feature has \d+/],
    [
      'feature too large',
      (j) => {
        j.trees[3].feature[innerNode(j)] = 4;
      },
      /tree 3, node \d+: feature 4 is not -1 \(leaf\) or a feature index below 4/,
    ],
    [
      'non-finite value in the object',
      (j) => {
        j.trees[3].value[j.trees[3].value.length - 1] = Number.POSITIVE_INFINITY;
      },
      /tree 3, node \d+: value Infinity is not finite/,
    ],
    [
      'threshold beyond float range',
      (j) => {
        j.trees[3].threshold[innerNode(j)] = 1e300;
      },
      /tree 3, node \d+: threshold 1e\+300 is not finite/,
    ],
    ['a leaf with children', (j) => j.trees[3].left.splice(-1, 1, 2), /tree 3, node \d+: a leaf's children must be -1/],
    ['missing key', (j) => Reflect.deleteProperty(j.trees[5], 'missingLeft'), /tree 5 missingLeft is not an array/],
  ])('refuses %s, saying what and where', (_, corrupt, message) => {
    const j = json();
    corrupt(j);
    expect(() => fromJson(j)).toThrow(message);
  });

  it('refuses NaN written out as null and text that is not JSON', () => {
    const j = json();
    j.trees[2].value[0] = Number.NaN;
    expect(() => fromJson(JSON.stringify(j))).toThrow(/tree 2 value\[0\] is null, not a number/);
    expect(() => fromJson('{"format":')).toThrow(/not JSON/);
  });
});
