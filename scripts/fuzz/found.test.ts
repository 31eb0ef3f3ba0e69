/**
 * Every input the fuzzer found a reader mishandling (fixtures/fuzz/found, made by fixtures/fuzz/make-found.ts;
 * the README there says what each did before its fix): each now gives a clear refusal, cut any way.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ChunkParser } from '../../src/core/ingest/chunk-parser.ts';
import { planFromHeader } from '../../src/core/ingest/csv-header.ts';
import { partialBuffers } from '../../src/core/ingest/partial-table.ts';
import { replay } from './runner.ts';

const FOUND: readonly (readonly [string, string, string, RegExp])[] = [
  [
    'a capture whose every frame has a time past 2^53 µs (sharded: a TypeError in the gather)',
    'capture-sharded',
    'sharded-no-time.pcapng',
    /^error: The capture has frames but none with a time that could be read\.$/,
  ],
  [
    'a capture without one whole frame (sharded: a TypeError in the gather)',
    'capture-sharded',
    'sharded-no-frame.pcap',
    /^error: The pcap capture holds no complete frame: a record claims 1953459813 captured bytes/,
  ],
  [
    "a per-view bundle whose model.json is cut (the sensor's model: a bare SyntaxError)",
    'bundle',
    'bundle-model-json-cut.zip',
    /^error: view pair: model\.json is not valid JSON/,
  ],
  [
    'a weight of shape [8, 0.1] (a RangeError making its Float32Array)',
    'bundle',
    'bundle-weight-shape-fraction.zip',
    /^error: fast inference: weight lstm_LSTM1\/kernel: shape \[8,0\.1\] is not a list of whole sizes$/,
  ],
  [
    'a weight shape nested 10,000 deep (a stack overflow in Number())',
    'bundle',
    'bundle-weight-shape-deep.zip',
    /^error: fast inference: weight lstm_LSTM1\/kernel: shape \[\.\.\.\] is not a list of whole sizes$/,
  ],
  [
    'a manifest format nested 10,000 deep (a stack overflow quoting it)',
    'bundle',
    'bundle-format-deep.zip',
    /^error: manifest\.json: format is \[\.\.\.\], expected "nids-workbench\.model"/,
  ],
  [
    'an object as model.augmentShare ("got [object Object]")',
    'bundle',
    'bundle-setting-object.zip',
    /^error: manifest\.json: model\.augmentShare must be a number$/,
  ],
  [
    'a layer activation "__proto__" (Object.prototype as the activation: "act is not a function")',
    'bundle',
    'bundle-activation-proto.zip',
    /^error: fast inference: layer lstm_LSTM1: activation "__proto__" is not supported/,
  ],
  [
    'a zip entry claiming 1.6 GB from 810 bytes (fflate allocated the claim)',
    'bundle',
    'bundle-size-lie.zip',
    /^error: not a model bundle: the \.zip is damaged \("manifest\.json" claims 1,610,612,736 bytes from 810 /,
  ],
  [
    'a shared model with a value nested 10,000 deep (a bare RangeError writing the folded model back)',
    'bundle',
    'bundle-shared-deep.zip',
    /^error: view pair: shared model: model\.json is nested too deep to be written back$/,
  ],
  [
    'a labels class nested 10,000 deep (a stack overflow quoting it)',
    'rules',
    'rules-class-deep.json',
    /^error: classes\[1\] must be an object, not \[\.\.\.\]$/,
  ],
  [
    'a rule filter of 10,000 nested parentheses (a stack overflow in the filter parser)',
    'rules',
    'rules-filter-deep.json',
    /^error: rules\[0\]\.filter "\(+\.\.\.: the filter nests '\(' and '!' more than 256 deep \(at character 257\)$/,
  ],
  [
    'an episode ending at 1e308 s (Infinity µs)',
    'episodes',
    'episodes-end-1e308.json',
    /^error: episodes file: episodes\[0\]\.end 1e\+308 is not a time a capture can have/,
  ],
];

describe('inputs the fuzzer found', () => {
  it.each(FOUND)('%s', async (_what, target, file, expected) => {
    const outcomes = await replay(target, new Uint8Array(readFileSync(`fixtures/fuzz/found/${file}`)));
    for (const o of outcomes) expect(o).toMatch(expected);
  });

  it('a 30 KB CSV with a header of 2,848 columns starts its parser at 8 MB, not 370 MB (64K rows each)', async () => {
    const b = new Uint8Array(readFileSync('fixtures/fuzz/found/csv-wide-header.csv'));
    const plan = planFromHeader(b, 0, b.indexOf(0x0a));
    if (!plan.ok) throw new Error(plan.error);
    expect(plan.plan.columns).toHaveLength(2848);
    const bytes = partialBuffers(new ChunkParser(plan.plan).finish()).reduce((n, a) => n + a.byteLength, 0);
    expect(bytes).toBeLessThan(16 << 20);
    // Its one row has 4 fields of 2,848: skipped, so the file is refused, clearly.
    for (const o of await replay('csv', b)) expect(o).toMatch(/^error: The file has a header but no packet rows/);
  });
});
