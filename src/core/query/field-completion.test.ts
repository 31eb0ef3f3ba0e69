import { describe, expect, it } from 'vitest';
import { acceptCompletion, completeField, completionSpot, filterNames } from './field-completion.ts';

const NAMES = filterNames(['attack', 'label']);

describe('completeField', () => {
  it('offers the fields that start like the word at the caret, a name before its longer kin', () => {
    const c = completeField(NAMES, 'tcp.fl', 6);
    expect(c?.options.slice(0, 2)).toEqual(['tcp.flags', 'tcp.flags.ack']);
    expect(c?.options).toContain('tcp.flags.syn');
    expect(c?.options.every((o) => o.startsWith('tcp.fl'))).toBe(true);
    expect(c).toMatchObject({ start: 0, end: 6, prefix: 'tcp.fl' });
  });

  it("offers the capture's own columns and ignores case", () => {
    expect(completeField(NAMES, 'ATT', 3)?.options).toEqual(['attack']);
    expect(completeField(NAMES, 'ip.src == 10.0.0.1 && lab', 25)?.options).toEqual(['label']);
  });

  it.each([
    ['after a comparison', 'http.request.method == GE'],
    ['after a word operator', 'http.host contains ex'],
    ['after a bit test', 'tcp.flags & ab'],
    ['inside a string', 'http.host == "tcp.fl'],
    ['inside a set', 'tcp.port in {ht'],
    ['a number or address', 'ip.src == 10.2'],
    ['an empty word', 'tcp.port == 80 && '],
    ['a name typed in full with nothing longer', 'tcp.srcport'],
    ['a word nothing starts with', 'zzz'],
  ])('offers nothing %s', (_, text) => {
    expect(completeField(NAMES, text, text.length)).toBeNull();
  });

  it('completes after a closed string, set, && and !', () => {
    expect(completeField(NAMES, 'http.host == "a" && tcp.fl', 26)).not.toBeNull();
    expect(completeField(NAMES, 'tcp.port in {80} || !udp.sr', 27)?.options).toEqual(['udp.srcport']);
  });

  it('replaces the whole word around the caret and puts the caret after the name', () => {
    const text = 'tcp.flx == 1';
    const spot = completionSpot(text, 6);
    expect(spot).toEqual({ start: 0, end: 7, prefix: 'tcp.fl' });
    if (!spot) return;
    expect(acceptCompletion(text, spot, 'tcp.flags.syn')).toEqual({ text: 'tcp.flags.syn == 1', caret: 13 });
  });
});
