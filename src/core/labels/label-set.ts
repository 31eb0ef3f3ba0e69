/**
 * The classes a capture's packets can be labelled with. A set is an immutable value: every edit returns a
 * new set, so stores can compare by reference and the engine can tell what changed.
 *
 * Class ids are small integers because the label column is a Uint8Array (one byte per packet for 3M rows)
 * and the exported column is dictionary-coded with code = id + 1, which must still fit in a byte: 0..254.
 */

export interface LabelClass {
  readonly id: number;
  readonly name: string;
  readonly colour: string;
}

/** classes[0] is always benign with id 0; ids are stable small ints (0..254), never reused while the set lives. */
export interface LabelSet {
  readonly classes: readonly LabelClass[];
  /**
   * The id the next added class gets. Kept apart from the classes because max id + 1 would hand a removed
   * class's id to the next new one. Absent in a set written by hand: then max id + 1.
   */
  readonly nextId?: number;
}

export class LabelSetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LabelSetError';
  }
}

export const BENIGN_ID = 0;
export const MAX_CLASS_ID = 254;
export const MAX_CLASSES = MAX_CLASS_ID + 1;
export const MAX_NAME_LENGTH = 64;

/** Benign is a quiet grey-blue so attacks stand out against it. */
export const BENIGN_COLOUR = '#7f8fa6';

/**
 * Colours for new classes, in order: the Okabe-Ito palette (distinguishable with the common colour-vision
 * deficiencies), then Paul Tol's muted scheme for larger sets.
 */
export const CLASS_PALETTE: readonly string[] = [
  '#d55e00',
  '#cc79a7',
  '#e69f00',
  '#009e73',
  '#0072b2',
  '#56b4e9',
  '#f0e442',
  '#882255',
  '#44aa99',
  '#999933',
  '#aa4499',
  '#332288',
  '#117733',
  '#88ccee',
  '#ddcc77',
  '#661100',
];

export const DEFAULT_LABEL_SET: LabelSet = {
  classes: [
    { id: 0, name: 'benign', colour: BENIGN_COLOUR },
    { id: 1, name: 'hping3', colour: '#d55e00' },
    { id: 2, name: 'hydra', colour: '#cc79a7' },
    { id: 3, name: 'nmap', colour: '#e69f00' },
    { id: 4, name: 'ping', colour: '#009e73' },
  ],
  nextId: 5,
};

const COLOUR = /^#[0-9a-f]{6}$/i;
// Names end up in CSV cells, filter strings and legends: one line of printable text.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for
const CONTROL = /[\u0000-\u001f\u007f]/;

export function isColour(colour: string): boolean {
  return COLOUR.test(colour);
}

export function classById(set: LabelSet, id: number): LabelClass | undefined {
  return set.classes.find((c) => c.id === id);
}

/** The largest id in the set (0 for a set of benign alone). */
export function maxClassId(set: LabelSet): number {
  let m = 0;
  for (const c of set.classes) if (c.id > m) m = c.id;
  return m;
}

/** A valid class name, trimmed; throws LabelSetError saying what is wrong. `except` is the class being renamed. */
export function checkClassName(set: LabelSet, name: string, except?: number): string {
  const n = name.trim();
  if (n === '') throw new LabelSetError('A class needs a name.');
  if (n.length > MAX_NAME_LENGTH) throw new LabelSetError(`A class name is at most ${MAX_NAME_LENGTH} characters.`);
  if (CONTROL.test(n)) throw new LabelSetError('A class name cannot hold line breaks or control characters.');
  const lower = n.toLowerCase();
  const same = set.classes.find((c) => c.id !== except && c.name.toLowerCase() === lower);
  if (same) throw new LabelSetError(`There is already a class named '${same.name}'.`);
  return n;
}

function checkColour(colour: string): string {
  if (!isColour(colour)) throw new LabelSetError(`'${colour}' is not a colour written as #rrggbb.`);
  return colour.toLowerCase();
}

function existing(set: LabelSet, id: number): LabelClass {
  const c = classById(set, id);
  if (!c) throw new LabelSetError(`There is no class with id ${id}.`);
  return c;
}

/** The first palette colour no class uses; past the palette, hues a golden angle apart. */
export function nextColour(set: LabelSet): string {
  const used = new Set(set.classes.map((c) => c.colour.toLowerCase()));
  const free = CLASS_PALETTE.find((c) => !used.has(c));
  if (free) return free;
  for (let k = set.classes.length; ; k++) {
    const c = hslHex((k * 137.508) % 360, 0.55, 0.5);
    if (!used.has(c)) return c;
  }
}

function hslHex(h: number, s: number, l: number): string {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number): string => {
    const k = (n + h / 30) % 12;
    const v = l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(v * 255)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${f(0)}${f(8)}${f(4)}`;
}

/**
 * The id a new class gets: never one handed out before in this set, until 0..254 have all been used; then
 * the lowest free id (withoutClass has by then dropped every rule and mapping that named the old class).
 */
function freshId(set: LabelSet): number {
  const next = Math.max(set.nextId ?? 0, maxClassId(set) + 1);
  if (next <= MAX_CLASS_ID) return next;
  const taken = new Set(set.classes.map((c) => c.id));
  for (let id = 1; id <= MAX_CLASS_ID; id++) if (!taken.has(id)) return id;
  throw new LabelSetError(`A capture can have at most ${MAX_CLASSES} classes.`);
}

export function addClass(set: LabelSet, name: string, colour?: string): LabelSet {
  if (set.classes.length >= MAX_CLASSES) throw new LabelSetError(`A capture can have at most ${MAX_CLASSES} classes.`);
  const n = checkClassName(set, name);
  const c = colour === undefined ? nextColour(set) : checkColour(colour);
  const id = freshId(set);
  return { classes: [...set.classes, { id, name: n, colour: c }], nextId: Math.max(id + 1, set.nextId ?? 0) };
}

export function renameClass(set: LabelSet, id: number, name: string): LabelSet {
  if (id === BENIGN_ID) throw new LabelSetError('The benign class cannot be renamed.');
  existing(set, id);
  const n = checkClassName(set, name, id);
  return { ...set, classes: set.classes.map((c) => (c.id === id ? { ...c, name: n } : c)) };
}

export function recolourClass(set: LabelSet, id: number, colour: string): LabelSet {
  existing(set, id);
  const c = checkColour(colour);
  return { ...set, classes: set.classes.map((k) => (k.id === id ? { ...k, colour: c } : k)) };
}

/** Removes the class from the set alone; withoutClass (rules.ts) also drops what refers to it. */
export function removeClass(set: LabelSet, id: number): LabelSet {
  if (id === BENIGN_ID) throw new LabelSetError('The benign class cannot be removed.');
  existing(set, id);
  return { classes: set.classes.filter((c) => c.id !== id), nextId: Math.max(set.nextId ?? 0, maxClassId(set) + 1) };
}
