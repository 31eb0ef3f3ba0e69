import { describe, expect, it } from 'vitest';
import { formatTimeUs, parseTimeText } from './time-text.ts';

describe('time text', () => {
  it.each([
    ['1795378378.5705352', 1795378378570535],
    ['1795378378', 1795378378000000],
    ['2026-11-22T20:12:58.570535Z', 1795378378570535],
    ['2026-11-22 20:12:58.570535123', 1795378378570535],
    ['2026-11-22T15:12:58.5-05:00', 1795378378500000],
    ['2026-11-22T21:12:58+0100', 1795378378000000],
  ])('%s', (text, us) => expect(parseTimeText(text)).toBe(us));

  it('rejects what is not a time', () => {
    for (const t of ['', 'yesterday', '2026-13-45T00:00:00Z', '12:00']) expect(parseTimeText(t)).toBeNull();
  });

  it('formats with microseconds and reads its own output back', () => {
    expect(formatTimeUs(1795378378570535)).toBe('2026-11-22T20:12:58.570535Z');
    for (const us of [0, 1795378378000001, 1795378378999999]) expect(parseTimeText(formatTimeUs(us))).toBe(us);
  });
});
