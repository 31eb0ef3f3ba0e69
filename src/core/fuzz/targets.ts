/**
 * One fuzz target per reader: how its input is made from the seeds (inputs.ts) and how it is fed to the
 * reader, streamed in random pieces where the reader streams, with what the reader then hands on checked
 * (outcome.ts). A target returns an Outcome or throws: FuzzFinding for an unclear error or a broken result,
 * anything else is a crash. The Node-only readers (zlib, the browser reader's steps) are in
 * scripts/fuzz/node-targets.ts.
 */
import { Gunzip } from 'fflate';
import { LoadError, CsvLoad, type LoadResult } from '../ingest/csv-load.ts';
import type { CaptureReport } from '../ingest/pcap/capture-columns.ts';
import { CaptureFormatError } from '../ingest/pcap/captured-frame.ts';
import { CaptureLoad, type CaptureLoadResult } from '../ingest/pcap/capture-load.ts';
import { usersPlan } from '../ingest/pcap/users-layout.ts';
import { sniff } from '../ingest/sniff.ts';
import type { EpisodeSpan } from '../detect/alert-eval.ts';
import { episodesFromJson } from '../detect/episodes.ts';
import { stepWidth } from '../features/feature-spec.ts';
import { rulesFromJson } from '../labels/rules-json.ts';
import { BundleError } from '../model/bundle.ts';
import { readBundle } from '../model/bundle-views.ts';
import { filterSchema } from '../query/filter-fields.ts';
import { fastClassifierOf, sensorModelOf } from '../sensor/bundle-model.ts';
import { CaptureBatcher } from '../sensor/capture-batcher.ts';
import { CsvBatcher, type CsvBatch } from '../sensor/csv-batcher.ts';
import { shardedLoad } from '../test-support/sharded-load.ts';
import { bundleInput, captureInput, csvInput, gzipInput, jsonInput, type Seeds } from './inputs.ts';
import { below, pick, pieces, type Rng } from './mutator.ts';
import { checkReport, checkTable, FuzzFinding, refused, tableOutcome, type Outcome } from './outcome.ts';

export interface FuzzTarget {
  readonly name: string;
  /** The reader and what it is fed, in words (for the run's report). */
  readonly what: string;
  make(seeds: Seeds, rng: Rng): Uint8Array;
  /** `rng` picks how the input is cut into pieces and the reader's options, so a replay is exact. */
  run(input: Uint8Array, rng: Rng): Outcome | Promise<Outcome>;
}

/** frame.time's zone: UTC mostly; a half-hour zone with summer time now and then. */
const zone = (rng: Rng): string =>
  rng() < 0.9 ? 'UTC' : pick(rng, ['America/St_Johns', 'Asia/Kathmandu', 'Europe/Berlin']);

function loaded(
  r: { table: CaptureLoadResult['table']; capture?: CaptureLoadResult['capture'] },
  bytes: number,
  where: string,
): Outcome {
  checkTable(r.table, where);
  if (r.table.rowCount === 0) throw new FuzzFinding('broken-result', `${where}: a loaded table with no rows`);
  if (r.capture) {
    checkReport(r.capture, bytes, where);
    if (r.table.rowCount > r.capture.frames)
      throw new FuzzFinding('broken-result', `${where}: ${r.table.rowCount} rows from ${r.capture.frames} frames`);
  }
  return tableOutcome(r.table.rowCount, r.capture?.notes.length ?? 0);
}

function csvLoad(input: Uint8Array, rng: Rng): Outcome {
  let r: LoadResult;
  try {
    const load = new CsvLoad({
      fileName: 'fuzz.csv',
      fileBytes: input.length,
      compressed: false,
      parsers: rng() < 0.7 ? 1 : 2,
    });
    for (const p of pieces(input, rng)) load.push(p);
    r = load.finish();
  } catch (e) {
    return refused(e, LoadError);
  }
  return loaded(r, input.length, 'CsvLoad');
}

function captureLoad(input: Uint8Array, rng: Rng): Outcome {
  let r: CaptureLoadResult;
  try {
    const load = new CaptureLoad({
      fileName: 'fuzz.pcap',
      fileBytes: input.length,
      compressed: false,
      timeZone: zone(rng),
    });
    for (const p of pieces(input, rng)) load.push(p);
    r = load.finish();
  } catch (e) {
    return refused(e, LoadError);
  }
  return loaded(r, input.length, 'CaptureLoad');
}

/** A sensor batch: its table holds together; its problems are words. */
function batchRows(b: CsvBatch, where: string): number {
  if (!b.table) return 0;
  checkTable(b.table, where);
  if (b.malformed < 0 || b.problems.some((p) => p.length < 8))
    throw new FuzzFinding(
      'broken-result',
      `${where}: malformed ${b.malformed}, problems ${JSON.stringify(b.problems)}`,
    );
  return b.table.rowCount;
}

function csvSensor(input: Uint8Array, rng: Rng): Outcome {
  const b = new CsvBatcher();
  let rows = 0;
  try {
    for (const p of pieces(input, rng)) {
      b.push(p);
      if (rng() < 0.3) rows += batchRows(b.take(), 'CsvBatcher');
    }
    b.end();
    rows += batchRows(b.take(), 'CsvBatcher');
  } catch (e) {
    if (e instanceof FuzzFinding) throw e;
    return refused(e, LoadError);
  }
  return tableOutcome(rows);
}

function captureSensor(input: Uint8Array, rng: Rng): Outcome {
  const b = new CaptureBatcher(zone(rng), pick(rng, [1, 7, 256, 8192]));
  let rows = 0;
  let report: CaptureReport;
  try {
    for (const p of pieces(input, rng)) {
      b.push(p);
      if (rng() < 0.3) rows += batchRows(b.take(), 'CaptureBatcher');
    }
    report = b.end();
    rows += batchRows(b.take(), 'CaptureBatcher');
  } catch (e) {
    if (e instanceof FuzzFinding) throw e;
    return refused(e, CaptureFormatError);
  }
  checkReport(report, input.length, 'CaptureBatcher');
  return tableOutcome(rows, report.notes.length);
}

function sharded(input: Uint8Array, rng: Rng): Outcome {
  let r: ReturnType<typeof shardedLoad>;
  try {
    // Segments far below the workbench's 2^18 rows: each would cost tens of MB to allocate, and small ones
    // put segment boundaries inside these small captures.
    r = shardedLoad(input, 1 + below(rng, 4), zone(rng), rng() < 0.5 ? 4096 : 1 + below(rng, 64));
  } catch (e) {
    return refused(e, CaptureFormatError, LoadError);
  }
  checkTable(r.table, 'sharded');
  checkReport(r.capture, input.length, 'sharded');
  if (r.table.rowCount > r.capture.frames)
    throw new FuzzFinding('broken-result', `sharded: ${r.table.rowCount} rows from ${r.capture.frames} frames`);
  return tableOutcome(r.table.rowCount, r.capture.notes.length);
}

/** Inflated bytes past this are not fed on: a gzip bomb is the harness's bound, not a reader's fault. */
const MAX_INFLATED = 4 << 20;

/**
 * A gzip through fflate's streaming inflater (core's own; the browser's DecompressionStream and Node's zlib
 * are scripts/fuzz/node-targets.ts), then read as the workbench reads a .gz: told by its first inflated
 * bytes, and a gzip that breaks off keeps a capture's frames before the damage, as loadCsvFile does.
 */
function gzipLoad(input: Uint8Array, rng: Rng): Outcome {
  const compressed = input.length >= 2 && input[0] === 0x1f && input[1] === 0x8b;
  let load: CsvLoad | CaptureLoad | null = null;
  let inflated = 0;
  const feed = (piece: Uint8Array): void => {
    if (piece.length === 0 || inflated > MAX_INFLATED) return;
    inflated += piece.length;
    if (!load) {
      const kind = sniff(piece.subarray(0, 4096), compressed, { captures: true }).kind;
      const opts = { fileName: 'fuzz.gz', fileBytes: input.length, compressed, timeZone: 'UTC' };
      load = kind === 'pcap' || kind === 'pcapng' ? new CaptureLoad(opts) : new CsvLoad(opts);
    }
    load.push(piece);
  };
  let r: LoadResult;
  try {
    if (!compressed) {
      for (const p of pieces(input, rng)) feed(p);
    } else {
      let out: Uint8Array[] = [];
      const g = new Gunzip((chunk) => {
        out.push(chunk);
      });
      const parts = pieces(input, rng);
      let broke: string | null = null;
      for (let i = 0; i < parts.length && !broke && inflated <= MAX_INFLATED; i++) {
        try {
          g.push(parts[i], i === parts.length - 1);
        } catch (e) {
          broke = e instanceof Error ? e.message : String(e);
        }
        const ready = out;
        out = [];
        for (const c of ready) feed(c);
      }
      if (broke !== null) {
        const l = load as CsvLoad | CaptureLoad | null;
        if (!(l instanceof CaptureLoad && l.started)) throw new LoadError(`The gzip data is corrupt or cut: ${broke}`);
        l.brokeOff(`the gzip data is corrupt or cut: ${broke}`);
      }
    }
    r = (load ?? new CsvLoad({ fileName: 'fuzz.gz', fileBytes: input.length, compressed })).finish();
  } catch (e) {
    return refused(e, LoadError);
  }
  return loaded(r, inflated, 'gzip');
}

/**
 * A bundle as the workbench and the sensor read it: every view checked, then each view's fast classifier
 * built and run once.
 */
async function bundleLoad(input: Uint8Array, rng: Rng): Promise<Outcome> {
  let views = 0;
  try {
    const b = readBundle(input);
    const classifiers = b.views.map((v) => fastClassifierOf(v));
    sensorModelOf(b, classifiers);
    for (const [i, c] of classifiers.entries()) {
      const m = b.views[i].manifest;
      const { window: win } = m; // destructured: core's purity check forbids the text `window.`
      const n = 1 + below(rng, 5);
      const x = new Float32Array(n * win.size * stepWidth(m.featureSpec));
      const out = await c.predict(x, n);
      if (out.length !== n * b.classes.length)
        throw new FuzzFinding(
          'broken-result',
          `view ${b.views[i].name}: ${out.length} outputs for ${n} windows of ${b.classes.length} classes`,
        );
    }
    views = b.views.length;
  } catch (e) {
    if (e instanceof FuzzFinding) throw e;
    return refused(e, BundleError);
  }
  return { kind: 'table', detail: `${views} views` };
}

const SCHEMA = filterSchema();
const USERS_COLUMNS = usersPlan().columns.map((c) => c.name);

function rulesLoad(input: Uint8Array, rng: Rng): Outcome {
  const text = new TextDecoder().decode(input);
  const target =
    rng() < 0.5 ? {} : { columns: USERS_COLUMNS, fingerprint: pick(rng, ['0123456789abcdef', 'ffffffffffffffff']) };
  const r = rulesFromJson(text, SCHEMA, target);
  if (!r.ok) return refused(new Error(r.message), Error);
  if (r.warnings.some((w) => w.length < 8))
    throw new FuzzFinding('unclear-error', `a warning says ${JSON.stringify(r.warnings)}`);
  return { kind: 'table', detail: `${r.state.rules.length} rules` };
}

/** As the CLI reads it (cli/lib/episodes-file.ts): JSON first, then the episodes. */
function episodesLoad(input: Uint8Array): Outcome {
  let doc: unknown;
  try {
    doc = JSON.parse(new TextDecoder().decode(input));
  } catch (e) {
    // JSON.parse's own words, which quote the text; the CLI puts the file's name before them.
    if (!(e instanceof SyntaxError)) throw e;
    return { kind: 'error', detail: e.message };
  }
  let spans: EpisodeSpan[];
  try {
    spans = episodesFromJson(doc);
  } catch (e) {
    // The reader throws plain Errors that name the file and the entry; a TypeError or the like is a crash.
    if (!(e instanceof Error) || e.constructor !== Error) throw e;
    if (!e.message.startsWith('episodes file: ')) throw new FuzzFinding('unclear-error', `episodes: ${e.message}`);
    return refused(e, Error);
  }
  for (const [i, s] of spans.entries()) {
    if (!Number.isFinite(s.startUs) || !Number.isFinite(s.endUs) || s.startUs > s.endUs)
      throw new FuzzFinding('broken-result', `episodes[${i}]: ${s.startUs}..${s.endUs} µs`);
  }
  return { kind: 'table', detail: `${spans.length} episodes` };
}

export const CORE_TARGETS: readonly FuzzTarget[] = [
  {
    name: 'csv',
    what: 'CsvLoad (the CLI and tests; the browser runs its steps on workers)',
    make: csvInput,
    run: csvLoad,
  },
  { name: 'csv-sensor', what: "the sensor's CsvBatcher, batches taken at random", make: csvInput, run: csvSensor },
  {
    name: 'pcap',
    what: 'CaptureLoad on classic pcap',
    make: (s, rng) => captureInput(s.pcap, rng, [...s.pcap, ...s.pcapng]),
    run: captureLoad,
  },
  {
    name: 'pcapng',
    what: 'CaptureLoad on pcapng',
    make: (s, rng) => captureInput(s.pcapng, rng, [...s.pcap, ...s.pcapng]),
    run: captureLoad,
  },
  {
    name: 'capture-sensor',
    what: "the sensor's CaptureBatcher, batches taken at random",
    make: (s, rng) => captureInput([...s.pcap, ...s.pcapng], rng),
    run: captureSensor,
  },
  {
    name: 'capture-sharded',
    what: "the workbench's sharded dissection (FrameSharder, ShardDissector, stream renumbering)",
    make: (s, rng) => captureInput([...s.pcap, ...s.pcapng], rng),
    run: sharded,
  },
  { name: 'gzip', what: 'gzip (fflate) around CSV and captures, then the loaders', make: gzipInput, run: gzipLoad },
  {
    name: 'bundle',
    what: "readBundle, then the sensor's model: fast classifiers built and run",
    make: bundleInput,
    run: bundleLoad,
  },
  {
    name: 'rules',
    what: 'rulesFromJson (labels file import)',
    make: (s, rng) => jsonInput(s.rules, rng),
    run: rulesLoad,
  },
  {
    name: 'episodes',
    what: 'episodesFromJson (after JSON.parse, as the CLI)',
    make: (s, rng) => jsonInput(s.episodes, rng),
    run: (b) => episodesLoad(b),
  },
];
