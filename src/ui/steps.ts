/**
 * The research loop the page is laid out for: each step is a stretch of the page (one or more panels), one
 * click in the step bar and one key sequence (g, then the step's letter) away. Digits are not used: 0-9
 * already label the chart's selected range. Which step is current is worked out here from where the steps'
 * panels are on screen (`currentStep`), so the rule is tested without a browser.
 */

export const STEPS = [
  { id: 'explore', name: 'Explore', key: 'e', what: 'display filter, time series, breakdowns' },
  { id: 'label', name: 'Label', key: 'l', what: 'classes, rules, agreement' },
  { id: 'train', name: 'Train & evaluate', key: 't', what: 'options, training, test results' },
  { id: 'export', name: 'Export model', key: 'x', what: 'export, import, evaluate on this capture' },
  { id: 'summary', name: 'Capture summary', key: 's', what: 'facts, columns, counts, issues' },
] as const;

export type StepId = (typeof STEPS)[number]['id'];

export function stepByKey(key: string): StepId | null {
  return STEPS.find((s) => s.key === key.toLowerCase())?.id ?? null;
}

/** A step's panels on screen: from the top of its first to the bottom of its last, in viewport pixels. */
export interface StepBox {
  readonly id: StepId;
  readonly top: number;
  readonly bottom: number;
}

export interface Viewport {
  /** Just below the sticky header and step bar: a step whose panels cross it is the one being read. */
  readonly line: number;
  readonly height: number;
  /** Scrolled as far down as the page goes: a step whose top cannot reach the line still counts. */
  readonly atBottom: boolean;
}

/**
 * The step being read. The one chosen last (click or key) stays current while its panels cross the line
 * (side-by-side panels cross it together); otherwise the step whose top passed the line last, the later
 * step on a tie; above every step, the first.
 */
export function currentStep(boxes: readonly StepBox[], view: Viewport, chosen: StepId | null): StepId | null {
  const mine = boxes.find((b) => b.id === chosen);
  if (mine && mine.top <= view.line && mine.bottom > view.line) return mine.id;
  if (mine && view.atBottom && mine.top < view.height && mine.bottom > view.line) return mine.id;
  let best: StepBox | null = null;
  for (const b of boxes) if (b.top <= view.line && (best === null || b.top >= best.top)) best = b;
  return (best ?? boxes[0])?.id ?? null;
}
