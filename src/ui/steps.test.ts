import { describe, expect, it } from 'vitest';
import { currentStep, stepByKey, STEPS, type StepBox } from './steps.ts';

// A two-column page scrolled to the labels: the breakdowns (explore) and the labels share a row.
const boxes: StepBox[] = [
  { id: 'explore', top: -600, bottom: 500 },
  { id: 'label', top: 90, bottom: 400 },
  { id: 'train', top: 412, bottom: 900 },
  { id: 'export', top: 800, bottom: 900 },
  { id: 'summary', top: 912, bottom: 2500 },
];
const view = { line: 110, height: 768, atBottom: false };

describe('currentStep', () => {
  it('picks the step whose top passed the line last', () => {
    expect(currentStep(boxes, view, null)).toBe('label');
  });

  it('keeps the chosen step while its panels cross the line', () => {
    expect(currentStep(boxes, view, 'explore')).toBe('explore');
    expect(currentStep(boxes, view, 'train')).toBe('label');
  });

  it('is the first step above them all, and the later one on a tie', () => {
    const below = boxes.map((b) => ({ ...b, top: b.top + 2000, bottom: b.bottom + 2000 }));
    expect(currentStep(below, view, null)).toBe('explore');
    const tied = boxes.map((b) => (b.id === 'explore' ? { ...b, top: 90 } : b));
    expect(currentStep(tied, view, null)).toBe('label');
  });

  it('at the bottom of the page, keeps a chosen step whose top cannot reach the line', () => {
    const end: StepBox[] = [
      { id: 'train', top: -2000, bottom: 300 },
      { id: 'summary', top: 312, bottom: 760 },
    ];
    expect(currentStep(end, view, 'summary')).toBe('train');
    expect(currentStep(end, { ...view, atBottom: true }, 'summary')).toBe('summary');
  });

  it('has nothing to say about an empty page', () => {
    expect(currentStep([], view, null)).toBeNull();
  });
});

describe('steps', () => {
  it('each has its own letter, found either case', () => {
    expect(new Set(STEPS.map((s) => s.key)).size).toBe(STEPS.length);
    expect(stepByKey('L')).toBe('label');
    expect(stepByKey('q')).toBeNull();
  });
});
