/**
 * Mutations of a JSON document's tree (a value of another type, a key deleted or added, an array entry
 * repeated a thousand times, numbers past every range, nesting deeper than a stack), then written back,
 * and sometimes its text edited too. Byte edits alone mostly break the JSON syntax, so the reader's checks
 * behind JSON.parse would never be reached.
 */
import { below, mutate, pick, type Rng } from './mutator.ts';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const DEEP = '\u0000deep\u0000';
/** Characters a mutated document may grow to. */
const MAX_JSON = 256 << 10;

const INTERESTING: readonly Json[] = [
  null,
  true,
  false,
  0,
  -0,
  1,
  -1,
  2,
  0.5,
  -0.5,
  1.5,
  255,
  256,
  65535,
  65536,
  2 ** 31 - 1,
  2 ** 31,
  2 ** 32,
  -(2 ** 31),
  2 ** 53 + 2,
  -(2 ** 53),
  1e15,
  1e21,
  1e300,
  -1e300,
  1.7976931348623157e308,
  5e-324,
  1e-7,
  '',
  '0',
  '1',
  '-1',
  '1e309',
  'NaN',
  'null',
  'true',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'benign',
  'pair',
  'src',
  'dst',
  'lstm',
  'gru',
  'dense',
  'float32',
  'int32',
  'softmax',
  'relu',
  'tanh',
  'nids-workbench.model',
  'nids-workbench.labels',
  '#ffffff',
  'tcp',
  'ip.src == 10.0.0.1',
  '((((',
  '"',
  '\\',
  '\u0000',
  '\ud800',
  'é',
  'x'.repeat(300),
  [],
  {},
  [null],
  [0],
  [[]],
  { '': null },
];
/** Picked one time in twenty: filters nested past any parser's stack (rules' filters), a name past any sane length. */
const HUGE: readonly Json[] = [
  `${'('.repeat(20_000)}tcp${')'.repeat(20_000)}`,
  `${'!'.repeat(20_000)}tcp`,
  `${'not '.repeat(5_000)}udp`,
  'a'.repeat(20_000),
];

const interesting = (rng: Rng): Json => structuredClone(rng() < 0.05 ? pick(rng, HUGE) : pick(rng, INTERESTING));

const KEYS = [
  '',
  'x',
  '__proto__',
  'constructor',
  'toString',
  'length',
  'format',
  'version',
  'kind',
  'name',
  'id',
  'shape',
  'units',
  'episodes',
];

/** A node's place: its parent and key (null parent: the root). */
type Place = { parent: Json[] | { [k: string]: Json } | null; key: string | number };

function places(
  root: Json,
  out: Place[] = [],
  parent: Place['parent'] = null,
  key: string | number = 0,
  depth = 0,
): Place[] {
  out.push({ parent, key });
  if (depth > 64 || out.length > 20_000) return out;
  if (Array.isArray(root)) {
    for (let i = 0; i < root.length; i++) places(root[i], out, root, i, depth + 1);
  } else if (root !== null && typeof root === 'object')
    for (const k of Object.keys(root)) places(root[k], out, root, k, depth + 1);
  return out;
}

function get(p: Place, root: Json): Json {
  if (p.parent === null) return root;
  return Array.isArray(p.parent) ? p.parent[p.key as number] : p.parent[p.key as string];
}

function numberLie(n: number, rng: Rng): number {
  switch (below(rng, 8)) {
    case 0:
      return n + 1;
    case 1:
      return n - 1;
    case 2:
      return -n;
    case 3:
      return n * 1e6;
    case 4:
      return n / 3;
    case 5:
      return n + 0.5;
    case 6:
      return Math.trunc(n / 2);
    default:
      return n * 2 ** 32;
  }
}

function stringLie(s: string, rng: Rng, room: number): string {
  switch (below(rng, 6)) {
    case 0:
      return '';
    case 1:
      return s.toUpperCase();
    case 2:
      return s + pick(rng, [' ', '\n', '"', '\u0000', 'x', ' and ', ' == ', '.']);
    case 3:
      return s.slice(0, below(rng, s.length + 1));
    case 4:
      return s.repeat(Math.max(1, Math.min(1 + below(rng, 200), Math.floor(room / Math.max(1, s.length)))));
    default: {
      const at = below(rng, s.length + 1);
      return (
        s.slice(0, at) +
        pick(rng, ['(', ')', '{', '}', '"', '!', '||', '&&', '[', ']', '..', '::', ',', '/', '%']) +
        s.slice(at)
      );
    }
  }
}

/** Characters of JSON a value writes to; Infinity when it cannot be written (nested past the stack). */
function size(v: Json): number {
  try {
    return (JSON.stringify(v) ?? '').length;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/**
 * One edit of the tree; returns the new root (the root itself may be replaced). `room`: characters the
 * document may still grow by, so a repeat or a copy never builds hundreds of MB only to be undone.
 */
function edit(root: Json, rng: Rng, room: number): Json {
  const r = below(rng, 10);
  const all = places(root);
  const p = pick(rng, all);
  const cur = get(p, root);
  let next: Json | undefined;
  if (r === 0 && p.parent !== null) {
    // Deleted.
    if (Array.isArray(p.parent)) p.parent.splice(p.key as number, 1);
    else delete p.parent[p.key as string];
    return root;
  }
  if (r === 1 && Array.isArray(cur) && cur.length > 0) {
    // An entry repeated: huge counts of classes, views, rules, layers, weights.
    const v = cur[below(rng, cur.length)];
    const wanted = rng() < 0.7 ? 1 + below(rng, 3) : 1 + below(rng, 1000);
    const times = Math.min(wanted, Math.floor(room / (size(v) + 1)));
    for (let i = 0; i < times; i++) cur.push(structuredClone(v));
    return root;
  }
  if (r === 2 && cur !== null && typeof cur === 'object' && !Array.isArray(cur)) {
    // Defined, not assigned: `__proto__` becomes a key, as JSON.parse makes it, not the prototype.
    Object.defineProperty(cur, pick(rng, KEYS), {
      value: interesting(rng),
      enumerable: true,
      writable: true,
      configurable: true,
    });
    return root;
  }
  if (r === 3 && typeof cur === 'number') next = numberLie(cur, rng);
  else if (r === 4 && typeof cur === 'string') next = stringLie(cur, rng, room);
  else if (r === 5) {
    // Another node's value here (an ancestor copied into its own child doubles the depth).
    const other = get(pick(rng, all), root);
    next = size(other) <= room ? structuredClone(other) : interesting(rng);
  } else if (r === 6) next = rng() < 0.5 ? [cur] : { v: cur };
  else if (r === 7 && rng() < 0.2) next = DEEP;
  else next = interesting(rng);
  if (p.parent === null) return next;
  if (Array.isArray(p.parent)) p.parent[p.key as number] = next;
  else p.parent[p.key as string] = next;
  return root;
}

/** The document after 1-8 tree edits, written compact or indented; null when it cannot be edited as a tree. */
function treeMutated(text: string, rng: Rng): string | null {
  try {
    let root = JSON.parse(text) as Json;
    let out = JSON.stringify(root) ?? 'null';
    const edits = 1 << below(rng, 4);
    for (let i = 0; i < edits; i++) {
      const before = out;
      root = edit(root, rng, MAX_JSON - out.length);
      out = JSON.stringify(root) ?? 'null';
      if (out.length > MAX_JSON) {
        out = before;
        root = JSON.parse(before) as Json;
      }
    }
    // Indentation costs depth × lines: a deep, thin document indented can be a thousand times its size.
    const pretty = JSON.stringify(root, null, pick(rng, [0, 1, 2])) ?? 'null';
    return pretty.length <= 2 * MAX_JSON ? pretty : out;
  } catch {
    // Nested past JSON.stringify's or structuredClone's stack: edited as text instead.
    return null;
  }
}

/** The document mutated as a tree (else as text), sometimes with its text edited too. */
export function mutateJson(text: string, rng: Rng): string {
  const enc = new TextEncoder();
  let out = treeMutated(text, rng) ?? new TextDecoder().decode(mutate(enc.encode(text), rng, { maxBytes: MAX_JSON }));
  // Nesting deeper than a recursive reader's stack, written as text (JSON.stringify would recurse itself).
  if (out.includes(JSON.stringify(DEEP))) {
    // 5,000 levels overflow JSON.stringify on Node's default stack; 30,000 leave room for larger stacks.
    const d = rng() < 0.5 ? 1 + below(rng, 100) : 1 + below(rng, 30_000);
    const open = rng() < 0.5 ? '['.repeat(d) : '{"a":'.repeat(d);
    const close = open.startsWith('[') ? ']'.repeat(d) : '}'.repeat(d);
    out = out.replace(JSON.stringify(DEEP), `${open}0${close}`);
  }
  if (rng() < 0.25) out = new TextDecoder().decode(mutate(enc.encode(out), rng, { maxBytes: MAX_JSON }));
  return out;
}
