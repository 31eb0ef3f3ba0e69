import { describe, expect, it } from 'vitest';
import { beyondView, beyondViewQuestion, formatSpan, labelSpan, rangeText } from './label-scope.ts';

const T0 = Date.UTC(2026, 10, 22, 20, 0, 0) * 1000;
const capture = { fromUs: T0, toUs: T0 + 3_720e6 }; // 1 h 2 min
const view = { fromUs: T0 + 65e6, toUs: T0 + 90e6 }; // 25 s

describe('label scope', () => {
  it.each([
    [1.5e6, '1.5 s'],
    [25e6, '25 s'],
    [130e6, '2 min 10 s'],
    [120e6, '2 min'],
    [3_720e6, '1 h 2 min'],
    [3_600e6, '1 h'],
    [100 * 3_600e6, '4 d 4 h'],
  ])('formats a span of %d µs as %s', (us, text) => {
    expect(formatSpan(us)).toBe(text);
  });

  it('asks only when the labelled span reaches past a zoomed view', () => {
    expect(beyondView(labelSpan(null, capture), view)).toBe(true);
    expect(beyondView(labelSpan(null, capture), null)).toBe(false);
    expect(beyondView(labelSpan(view, capture), view)).toBe(false);
    expect(beyondView({ fromUs: view.fromUs + 1, toUs: view.toUs - 1 }, view)).toBe(false);
    expect(beyondView({ fromUs: view.fromUs, toUs: view.toUs + 1 }, view)).toBe(true);
    expect(beyondView({ fromUs: view.fromUs - 1, toUs: view.toUs }, view)).toBe(true);
  });

  it('says how many packets over how long, against what the chart shows', () => {
    expect(beyondViewQuestion(238_398, null, capture, view)).toBe(
      'This labels 238,398 packets over the whole capture (1 h 2 min), but the chart shows 25 s. Label them all?',
    );
    const typed = { fromUs: T0 + 60e6, toUs: T0 + 190e6 };
    expect(beyondViewQuestion(1, typed, typed, view)).toBe(
      'This labels 1 packet from 20:01:00 to 20:03:10 UTC (2 min 10 s), but the chart shows 25 s. Label it?',
    );
    expect(rangeText(view)).toBe('20:01:05–20:01:30, 25 s');
    expect(rangeText({ fromUs: T0 + 1_500, toUs: T0 + 2_001_500 })).toBe('20:00:00.001–20:00:02.001, 2 s');
  });
});
