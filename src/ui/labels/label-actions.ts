/**
 * Every labelling action as a function from one LabelState to the next (Excalidraw's actions): the store
 * commits the result, so each is undoable, and each is tested without React.
 */
import { addClass, recolourClass, renameClass } from '../../core/labels/label-set.ts';
import {
  withoutClass,
  type LabelBase,
  type LabelRule,
  type LabelState,
  type TimeRange,
} from '../../core/labels/rules.ts';

let seq = 0;
/** Rule ids unique within a history, readable in exported JSON. */
export function newRuleId(now = Date.now()): string {
  seq = (seq + 1) % 1e6;
  return `r${now.toString(36)}${seq.toString(36)}`;
}

export function labelRule(
  state: LabelState,
  classId: number,
  filter: string,
  range: TimeRange | null,
  source: LabelRule['source'],
): LabelState {
  const rule: LabelRule = { id: newRuleId(), classId, filter: filter.trim(), range, enabled: true, source };
  return { ...state, rules: [...state.rules, rule] };
}

export function toggleRule(state: LabelState, id: string): LabelState {
  return { ...state, rules: state.rules.map((r) => (r.id === id ? { ...r, enabled: !r.enabled } : r)) };
}

export function deleteRule(state: LabelState, id: string): LabelState {
  return { ...state, rules: state.rules.filter((r) => r.id !== id) };
}

export function addLabelClass(state: LabelState, name: string, colour?: string): LabelState {
  return { ...state, set: addClass(state.set, name, colour) };
}

export function renameLabelClass(state: LabelState, id: number, name: string): LabelState {
  return { ...state, set: renameClass(state.set, id, name) };
}

export function recolourLabelClass(state: LabelState, id: number, colour: string): LabelState {
  return { ...state, set: recolourClass(state.set, id, colour) };
}

/** Removes a class: its rules go, base mappings to it become benign (see withoutClass). */
export function removeLabelClass(state: LabelState, id: number): LabelState {
  return withoutClass(state, id);
}

export function setBase(state: LabelState, base: LabelBase): LabelState {
  return { ...state, base };
}
