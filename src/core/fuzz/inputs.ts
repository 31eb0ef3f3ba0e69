/**
 * How each kind of fuzz input is made from the seeds: a CSV with text edits, a capture with lies at its
 * lengths, a gzip around a mutated body or a mutated gzip, a bundle .zip mutated member by member (its
 * JSON as trees) or as bytes, a JSON document as a tree.
 */
import { joinBytes } from '../ingest/text-encoding.ts';
import { gzipSync, strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { captureSpots } from './capture-spots.ts';
import { gzipSpots, zipSpots } from './container-spots.ts';
import { mutateJson } from './json-mutator.ts';
import { below, mutate, pick, type Rng, type Spot } from './mutator.ts';

export interface Seed {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** The seeds by kind: csv and capture bodies, gzip files as found, bundles, labels files, episodes files. */
export interface Seeds {
  readonly csv: readonly Seed[];
  readonly pcap: readonly Seed[];
  readonly pcapng: readonly Seed[];
  readonly gzip: readonly Seed[];
  readonly bundle: readonly Seed[];
  readonly rules: readonly Seed[];
  readonly episodes: readonly Seed[];
}

/** An input stays milliseconds of work: a few times the seeds' size at most. */
export const MAX_INPUT_BYTES = 128 << 10;

/** Computed once per seed (spots, tokens, a seed's gzip, a bundle's members). */
function memo<T>(f: (b: Uint8Array) => T): (b: Uint8Array) => T {
  const cache = new WeakMap<Uint8Array, T>();
  return (b) => {
    let v = cache.get(b);
    if (v === undefined) {
      v = f(b);
      cache.set(b, v);
    }
    return v;
  };
}

const CSV_TOKENS = [
  '"',
  '""',
  '","',
  ',',
  ',,,',
  '\n',
  '\r\n',
  '\r',
  '\t',
  ';',
  '\u0000',
  '\ufeff',
  ' ',
  '\\',
  '"\n"',
  '\n\n\n',
  '-1',
  '0',
  '-0',
  '1.5',
  '1e309',
  '-1e309',
  'NaN',
  'Infinity',
  '4294967295',
  '4294967296',
  '18446744073709551616',
  '99999999999999999999999999',
  '0x1f',
  '0x',
  '0xffffffffffffffff',
  '1,2',
  '1;2',
  'True',
  'é',
  '\ud83d\ude00',
  '\xff\xfe',
  '1795378353.570535',
  '1795378353',
  '-1795378353.5',
  '253402300800',
  '1e15',
  '0.000000001',
  'Nov 22, 2026 20:12:58.570535200 UTC',
  'Feb 30, 2026 25:61:61.000000000 CET',
  'Jan  1, 1970 00:00:00.000000000 XYZ',
  '10.0.0.1',
  '10.0.0',
  '256.1.1.1',
  '::1',
  'fe80::1%eth0',
  '2001:db8::1,2001:db8::2',
  'aa:bb:cc:dd:ee:ff',
  'aa:bb',
  'eth:ethertype:ip:tcp',
  'eth:ethertype:ip:udp:dns',
  'frame.time_epoch',
  'frame.time',
  'ip.src',
  'tcp.flags',
  'frame.number,frame.time_epoch,ip.src\n',
  'attack',
  'alert',
  '<script>',
  '=cmd|',
];

/** The seed's header fields and some of its cells as tokens too: valid text in the wrong place. */
const csvTokens = memo((b: Uint8Array): string[] => {
  const text = strFromU8(b.subarray(0, 8192), true);
  const lines = text.split('\n');
  const fields = lines.slice(0, 3).flatMap((l) => l.split(','));
  return [...CSV_TOKENS, ...fields.slice(0, 200), `${lines[0]}\n`];
});

const spotsOf = memo(captureSpots);
const zipSpotsOf = memo(zipSpots);
const gzipOf = memo((b: Uint8Array) => gzipSync(b, { level: 6, mtime: 0 }));
const gzipSpotsOf = memo(gzipSpots);

const bodies = (s: Seeds): Seed[] => [...s.csv, ...s.pcap, ...s.pcapng];
const isText = (b: Uint8Array): boolean =>
  b.length > 0 && b[0] !== 0x0a && b[0] !== 0xd4 && b[0] !== 0xa1 && b[0] !== 0x4d;

export function csvInput(s: Seeds, rng: Rng): Uint8Array {
  const seed = pick(rng, s.csv).bytes;
  return mutate(seed, rng, { tokens: csvTokens(seed), others: s.csv.map((x) => x.bytes), maxBytes: MAX_INPUT_BYTES });
}

export function captureInput(seeds: readonly Seed[], rng: Rng, others: readonly Seed[] = seeds): Uint8Array {
  const seed = pick(rng, seeds).bytes;
  return mutate(seed, rng, { spots: spotsOf(seed), others: others.map((x) => x.bytes), maxBytes: MAX_INPUT_BYTES });
}

/** A body (CSV or capture) as it would be mutated alone. */
function bodyInput(s: Seeds, rng: Rng): Uint8Array {
  const seed = pick(rng, bodies(s)).bytes;
  return isText(seed)
    ? mutate(seed, rng, { tokens: csvTokens(seed), maxBytes: MAX_INPUT_BYTES })
    : mutate(seed, rng, { spots: spotsOf(seed), maxBytes: MAX_INPUT_BYTES });
}

/** Half gzip around a mutated body (the inner reader's faults, compressed), half a mutated gzip. */
export function gzipInput(s: Seeds, rng: Rng): Uint8Array {
  if (rng() < 0.5) return gzipSync(bodyInput(s, rng), { level: pick(rng, [0, 1, 1, 6] as const), mtime: 0 });
  const gz = rng() < 0.8 ? gzipOf(pick(rng, bodies(s)).bytes) : pick(rng, s.gzip).bytes;
  const r = rng();
  if (r < 0.1) return joinBytes(gz, gzipOf(pick(rng, bodies(s)).bytes)); // two members, as `cat a.gz b.gz`
  if (r < 0.2) return joinBytes(gz, mutate(gz.subarray(0, 64), rng)); // garbage after the member
  return mutate(gz, rng, { spots: gzipSpotsOf(gz), maxBytes: MAX_INPUT_BYTES });
}

const membersOf = memo((b: Uint8Array): Record<string, Uint8Array> => unzipSync(b));

/**
 * A bundle: 30% the zip's bytes mutated (its sizes and offsets lied about), 70% one or more members
 * mutated (JSON as a tree, weights as bytes), deleted, renamed or added, then zipped again.
 */
export function bundleInput(s: Seeds, rng: Rng): Uint8Array {
  const seed = pick(rng, s.bundle).bytes;
  if (rng() < 0.3)
    return mutate(seed, rng, {
      spots: zipSpotsOf(seed),
      others: s.bundle.map((x) => x.bytes),
      maxBytes: MAX_INPUT_BYTES,
    });
  const files: Record<string, Uint8Array> = { ...membersOf(seed) };
  const edits = 1 + below(rng, 3);
  for (let i = 0; i < edits; i++) {
    const names = Object.keys(files);
    const name = pick(rng, names);
    const r = rng();
    if (r < 0.55 && name.endsWith('.json')) files[name] = strToU8(mutateJson(strFromU8(files[name]), rng));
    else if (r < 0.75) files[name] = mutate(files[name], rng, { maxBytes: MAX_INPUT_BYTES });
    else if (r < 0.85 && names.length > 1) delete files[name];
    else if (r < 0.92)
      files[
        pick(rng, [
          'views/x/manifest.json',
          'shared/model.json',
          `${name}.bak`,
          name.toUpperCase(),
          `../${name}`,
          'views/pair/weights.bin',
        ])
      ] = files[name];
    else files[name] = strToU8(pick(rng, ['', '{}', 'null', '[]', '{"format":"nids-workbench.model"}']));
  }
  const level = pick(rng, [0, 6] as const);
  const zippable: Zippable = {};
  for (const [k, v] of Object.entries(files)) zippable[k] = [v, { level }];
  return zipSync(zippable);
}

/** A JSON document: mostly as a tree (the reader's checks), sometimes as bytes (its parse errors). */
export function jsonInput(seeds: readonly Seed[], rng: Rng): Uint8Array {
  const seed = pick(rng, seeds).bytes;
  if (rng() < 0.15)
    return mutate(seed, rng, {
      tokens: ['"', ',', '{', '}', '[', ']', ':', 'null', '1e999', '\\u0000', '\\ud800'],
      maxBytes: MAX_INPUT_BYTES,
    });
  return strToU8(mutateJson(strFromU8(seed), rng));
}

export type { Spot };
