/** What a file's first bytes say it is: CSV text, gzip, a capture, or something to refuse with a reason. */
import { describe, expect, it } from 'vitest';
import { sniff } from './sniff.ts';

const bytes = (...b: number[]) => new Uint8Array(b);

describe('sniff', () => {
  it('tells text and gzip, and refuses an empty file', () => {
    expect(sniff(new TextEncoder().encode('frame.number,frame.len\n'))).toEqual({ kind: 'text' });
    expect(sniff(bytes(0x1f, 0x8b, 8, 0))).toEqual({ kind: 'gzip' });
    expect(sniff(bytes())).toMatchObject({ kind: 'refuse', message: 'The file is empty.' });
    expect(sniff(bytes(), true)).toMatchObject({ kind: 'refuse', message: 'The file is empty once decompressed.' });
  });

  it('refuses captures for a CSV-only caller, naming them; reports them to a caller that reads captures', () => {
    const cases: [number[], 'pcap' | 'pcapng'][] = [
      [[0xd4, 0xc3, 0xb2, 0xa1], 'pcap'], [[0xa1, 0xb2, 0xc3, 0xd4], 'pcap'], [[0x4d, 0x3c, 0xb2, 0xa1], 'pcap'],
      [[0xa1, 0xb2, 0x3c, 0x4d], 'pcap'], [[0x0a, 0x0d, 0x0d, 0x0a], 'pcapng'],
    ];
    for (const [magic, kind] of cases) {
      const refused = sniff(bytes(...magic, 0, 0));
      expect(refused.kind).toBe('refuse');
      expect(refused.kind === 'refuse' && refused.message).toMatch(/pcap/);
      expect(sniff(bytes(...magic, 0, 0), false, { captures: true })).toEqual({ kind });
      expect(sniff(bytes(...magic, 0, 0), true, { captures: true })).toEqual({ kind });
    }
  });

  it('refuses other binary formats whatever the caller reads', () => {
    const png = sniff(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a), false, { captures: true });
    expect(png).toMatchObject({ kind: 'refuse' });
    expect(png.kind === 'refuse' && png.message).toMatch(/PNG/);
  });
});
