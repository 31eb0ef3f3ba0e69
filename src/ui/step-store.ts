/**
 * Where the reader is in the loop, and the moves between steps. The step bar shows `current` (kept up to date
 * by useStepSpy); a click or a key calls goToStep, which scrolls the step's first panel under the sticky bar,
 * moves focus there (so Tab carries on inside it) and records the step as `chosen`.
 */
import { create } from 'zustand';
import { STEPS, type StepId } from './steps.ts';

interface StepState {
  /** The step last chosen by a click or a key; stays current while its panels are being read. */
  readonly chosen: StepId | null;
  readonly current: StepId | null;
}

export const useSteps = create<StepState>()(() => ({ chosen: null, current: null }));

/** app.tsx marks each panel's wrapper with its step (data-step); the model's files have no panel of their own. */
const PLACES: Readonly<Record<StepId, string>> = {
  explore: '[data-step="explore"]',
  label: '[data-step="label"]',
  train: '[data-step="train"]',
  export: '[data-step="train"] .model-files',
  summary: '[data-step="summary"]',
};

/** The id of the wrapper a step's link points at (app.tsx), for a link opened in a new tab. */
export const STEP_ANCHORS: Readonly<Record<StepId, string>> = {
  explore: 'slot-filter',
  label: 'slot-labels',
  train: 'slot-model',
  export: 'slot-model',
  summary: 'slot-summary',
};

/** The elements a step spans on the page, in page order (none while no capture is open). */
export function stepElements(id: StepId): HTMLElement[] {
  const found = [...document.querySelectorAll<HTMLElement>(PLACES[id])];
  return found.length > 0 || id !== 'export' ? found : stepElements('train');
}

export function hasSteps(): boolean {
  return STEPS.some((s) => stepElements(s.id).length > 0);
}

export function goToStep(id: StepId): void {
  const target = stepElements(id)[0];
  if (!target) return;
  // Instant, not smooth: the spy then sees the step where it lands, with no steps flashing by on the way.
  target.scrollIntoView({ block: 'start' });
  if (!target.hasAttribute('tabindex')) target.tabIndex = -1;
  target.focus({ preventScroll: true });
  useSteps.setState({ chosen: id, current: id });
}

/**
 * The display filter's text box (filter-bar.tsx), brought on screen if it is not (no jump if it is) and
 * focused with the caret at the end of what it holds.
 */
export function focusDisplayFilter(): boolean {
  const slot = document.getElementById(STEP_ANCHORS.explore);
  const input = slot?.querySelector<HTMLInputElement>('input[aria-label="Display filter"]');
  if (!slot || !input) return false;
  slot.scrollIntoView({ block: 'nearest' });
  input.focus({ preventScroll: true });
  input.setSelectionRange(input.value.length, input.value.length);
  useSteps.setState({ chosen: 'explore', current: 'explore' });
  return true;
}
