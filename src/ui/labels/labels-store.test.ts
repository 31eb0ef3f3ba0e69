import { beforeEach, describe, expect, it } from 'vitest';
import { INITIAL_LABEL_STATE } from '../../core/labels/rules.ts';
import { addLabelClass, deleteRule, labelRule, removeLabelClass, toggleRule } from './label-actions.ts';
import { canRedo, canUndo, MAX_HISTORY, useLabels } from './labels-store.ts';

const range = { fromUs: 1e15, toUs: 1e15 + 1e6 };

describe('labels store', () => {
  beforeEach(() => useLabels.getState().open('fp', null, 0));

  it('undoes and redoes, and a new action drops the redo states', () => {
    const s = useLabels.getState();
    s.commit(labelRule(s.current(), 1, 'tcp', range, 'brush'));
    s.commit(labelRule(useLabels.getState().current(), 2, 'udp', null, 'filter'));
    expect(
      useLabels
        .getState()
        .current()
        .rules.map((r) => r.filter),
    ).toEqual(['tcp', 'udp']);
    s.undo();
    expect(
      useLabels
        .getState()
        .current()
        .rules.map((r) => r.filter),
    ).toEqual(['tcp']);
    expect(canRedo(useLabels.getState())).toBe(true);
    s.redo();
    expect(useLabels.getState().current().rules).toHaveLength(2);
    s.undo();
    s.commit(toggleRule(useLabels.getState().current(), useLabels.getState().current().rules[0].id));
    expect(canRedo(useLabels.getState())).toBe(false);
    expect(useLabels.getState().current().rules[0].enabled).toBe(false);
    s.undo();
    s.undo();
    s.undo();
    s.undo();
    expect(useLabels.getState().current()).toBe(INITIAL_LABEL_STATE);
    expect(canUndo(useLabels.getState())).toBe(false);
  });

  it('restores a saved history at its index, so undo works after a reload', () => {
    const a = labelRule(INITIAL_LABEL_STATE, 1, 'tcp', range, 'brush');
    const b = labelRule(a, 2, 'udp', null, 'filter');
    useLabels.getState().open('fp2', [INITIAL_LABEL_STATE, a, b], 2);
    expect(useLabels.getState()).toMatchObject({ fingerprint: 'fp2', index: 2, restored: true });
    useLabels.getState().undo();
    expect(useLabels.getState().current()).toBe(a);
  });

  it('keeps at most MAX_HISTORY states', () => {
    for (let i = 0; i < MAX_HISTORY + 20; i++)
      useLabels.getState().commit(labelRule(useLabels.getState().current(), 1, `frame.len == ${i}`, null, 'filter'));
    expect(useLabels.getState().history).toHaveLength(MAX_HISTORY);
    expect(useLabels.getState().current().rules).toHaveLength(MAX_HISTORY + 20);
  });
});

describe('label actions', () => {
  it('adds, deletes rules and removes a class with its rules', () => {
    let s = addLabelClass(INITIAL_LABEL_STATE, 'slowloris');
    const slow = s.set.classes.find((c) => c.name === 'slowloris');
    if (!slow) throw new Error('no class');
    s = labelRule(s, slow.id, ' http ', null, 'filter');
    s = labelRule(s, 1, 'tcp', range, 'brush');
    expect(s.rules.map((r) => [r.classId, r.filter, r.range])).toEqual([
      [slow.id, 'http', null],
      [1, 'tcp', range],
    ]);
    expect(new Set(s.rules.map((r) => r.id)).size).toBe(2);
    const removed = removeLabelClass(s, slow.id);
    expect(removed.set.classes.some((c) => c.id === slow.id)).toBe(false);
    expect(removed.rules.map((r) => r.classId)).toEqual([1]);
    expect(deleteRule(s, s.rules[1].id).rules).toHaveLength(1);
    expect(() => addLabelClass(s, 'HPING3')).toThrow();
  });
});
