import { describe, expect, it } from 'vitest';
import { fromJson, type GbdtJson, toJson } from './gbdt-json.ts';
import { blobsProblem } from './test-data.ts';
import { trainGbdt } from './train-gbdt.ts';
import { predictProba } from './trees.ts';

const p = blobsProblem(800, 4, 8);
const { model } = trainGbdt(p.x, p.y, p.n, p.d, 4, { rounds: 8, depth: 3 });

/** A fresh copy of the model's JSON to corrupt. */
function json(): GbdtJson {
  return JSON.parse(JSON.stringify(toJson(model)));
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
    ['an older version', (j) => Object.assign(j, { version: 1 }), /version 1 is not supported/],
    ['init length', (j) => j.init.pop(), /init has 3 values, expected 4/],
    ['a depth out of range', (j) => Object.assign(j, { depth: 12 }), /depth 12 is not an integer from 1 to 8/],
    ['a level missing', (j) => j.trees[3].feature.pop(), /tree 3 feature has 2 levels, depth is 3/],
    ['a leaf missing', (j) => j.trees[3].value.pop(), /tree 3 value has 31 values, expected 2\^3 × 4/],
    [
      'a feature past the row',
      (j) => {
        j.trees[3].feature[1] = 4;
      },
      /tree 3 feature\[1\] is 4, not a feature index below 4/,
    ],
    [
      'a threshold beyond float range',
      (j) => {
        j.trees[3].threshold[0] = 1e300;
      },
      /tree 3 threshold\[0\] is 1e\+300, not a finite number/,
    ],
    ['a tree that is not an object', (j) => j.trees.splice(5, 1, null as never), /tree 5 is not an object/],
    ['missing key', (j) => Reflect.deleteProperty(j.trees[5], 'value'), /tree 5 value is not an array/],
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
