import { describe, expect, it } from 'vitest';
import { addClass, classById, DEFAULT_LABEL_SET } from './label-set.ts';
import {
  INITIAL_LABEL_STATE,
  nextRuleId,
  suggestColumnMap,
  withoutClass,
  type LabelRule,
  type LabelState,
} from './rules.ts';

const rule = (id: string, classId: number): LabelRule => ({
  id,
  classId,
  filter: '',
  range: null,
  enabled: true,
  source: 'filter',
});

describe('label state', () => {
  it('starts with the default classes, all benign, no rules', () => {
    expect(INITIAL_LABEL_STATE).toEqual({ set: DEFAULT_LABEL_SET, base: { kind: 'benign' }, rules: [] });
  });

  it('removing a class drops its rules and turns base mappings to it benign', () => {
    const s: LabelState = {
      set: DEFAULT_LABEL_SET,
      base: { kind: 'column', column: 'attack', map: { hping3: 1, scan: 3, normal: 0 } },
      rules: [rule('a', 3), rule('b', 1), rule('c', 3)],
    };
    const out = withoutClass(s, 3);
    expect(classById(out.set, 3)).toBeUndefined();
    expect(out.rules.map((r) => r.id)).toEqual(['b']);
    expect(out.base).toEqual({ kind: 'column', column: 'attack', map: { hping3: 1, scan: 0, normal: 0 } });
    expect(() => withoutClass(s, 0)).toThrow('The benign class cannot be removed.');
  });

  it('suggests a class for values named like one, benign for benign words, and leaves the rest to the user', () => {
    const set = addClass(DEFAULT_LABEL_SET, 'Slowloris');
    expect(
      suggestColumnMap(set, ['benign', 'Normal', '', 'HPING3', ' nmap ', 'slowloris', 'suspicious', 'constructor']),
    ).toEqual({
      benign: 0,
      Normal: 0,
      '': 0,
      HPING3: 1,
      ' nmap ': 3,
      slowloris: 5,
      suspicious: undefined,
      constructor: undefined,
    });
  });

  it('makes rule ids that are not taken', () => {
    expect(nextRuleId([])).toBe('r1');
    expect(nextRuleId([rule('r2', 1), rule('x', 1)])).toBe('r3');
  });
});
