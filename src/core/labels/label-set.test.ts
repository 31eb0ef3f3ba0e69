import { describe, expect, it } from 'vitest';
import {
  addClass,
  classById,
  DEFAULT_LABEL_SET,
  isColour,
  LabelSetError,
  MAX_CLASSES,
  recolourClass,
  removeClass,
  renameClass,
  type LabelSet,
} from './label-set.ts';

describe('DEFAULT_LABEL_SET', () => {
  it('starts with benign at id 0, then the lab tools, each a distinct #rrggbb colour', () => {
    expect(DEFAULT_LABEL_SET.classes.map((c) => [c.id, c.name])).toEqual([
      [0, 'benign'],
      [1, 'hping3'],
      [2, 'hydra'],
      [3, 'nmap'],
      [4, 'ping'],
    ]);
    const colours = DEFAULT_LABEL_SET.classes.map((c) => c.colour);
    expect(colours.every(isColour)).toBe(true);
    expect(new Set(colours).size).toBe(colours.length);
  });
});

describe('label-set operations', () => {
  it('adds a class with the next id and an unused colour, leaving the old set as it was', () => {
    const s = addClass(DEFAULT_LABEL_SET, '  slowloris ');
    expect(s.classes.at(-1)).toMatchObject({ id: 5, name: 'slowloris' });
    expect(DEFAULT_LABEL_SET.classes).toHaveLength(5);
    expect(DEFAULT_LABEL_SET.classes.map((c) => c.colour)).not.toContain(s.classes.at(-1)?.colour);
    expect(addClass(DEFAULT_LABEL_SET, 'x', '#AABBCC').classes.at(-1)?.colour).toBe('#aabbcc');
  });

  it('never gives a removed class id to a new class', () => {
    const s = addClass(removeClass(DEFAULT_LABEL_SET, 4), 'dos');
    expect(classById(s, 4)).toBeUndefined();
    expect(classById(s, 5)?.name).toBe('dos');
    expect(addClass(removeClass(s, 5), 'again').classes.at(-1)?.id).toBe(6);
  });

  it('refuses empty, duplicate (any case), multi-line names and bad colours', () => {
    expect(() => addClass(DEFAULT_LABEL_SET, '  ')).toThrow(LabelSetError);
    expect(() => addClass(DEFAULT_LABEL_SET, 'NMAP')).toThrow("There is already a class named 'nmap'.");
    expect(() => addClass(DEFAULT_LABEL_SET, 'a\nb')).toThrow(LabelSetError);
    expect(() => addClass(DEFAULT_LABEL_SET, 'x', 'red')).toThrow("'red' is not a colour written as #rrggbb.");
    expect(() => recolourClass(DEFAULT_LABEL_SET, 1, '#12345')).toThrow(LabelSetError);
  });

  it('allows at most 255 classes, with ids up to 254', () => {
    let s: LabelSet = DEFAULT_LABEL_SET;
    while (s.classes.length < MAX_CLASSES) s = addClass(s, `c${s.classes.length}`);
    expect(Math.max(...s.classes.map((c) => c.id))).toBe(254);
    expect(() => addClass(s, 'one too many')).toThrow('A capture can have at most 255 classes.');
    // Once every id has been handed out, a removed one is the only one left to give.
    expect(addClass(removeClass(s, 7), 'late').classes.at(-1)?.id).toBe(7);
  });

  it('renames and recolours, but never renames or removes benign', () => {
    const s = recolourClass(renameClass(DEFAULT_LABEL_SET, 3, 'Nmap-scan'), 0, '#000000');
    expect(classById(s, 3)?.name).toBe('Nmap-scan');
    expect(classById(s, 0)?.colour).toBe('#000000');
    expect(renameClass(DEFAULT_LABEL_SET, 3, 'NMAP').classes[3].name).toBe('NMAP'); // its own name in another case
    expect(() => renameClass(DEFAULT_LABEL_SET, 3, 'hydra')).toThrow(LabelSetError);
    expect(() => renameClass(DEFAULT_LABEL_SET, 0, 'normal')).toThrow('The benign class cannot be renamed.');
    expect(() => removeClass(DEFAULT_LABEL_SET, 0)).toThrow('The benign class cannot be removed.');
    expect(() => removeClass(DEFAULT_LABEL_SET, 9)).toThrow('There is no class with id 9.');
    expect(() => renameClass(DEFAULT_LABEL_SET, 9, 'x')).toThrow(LabelSetError);
  });
});
