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
      [[0xd4, 0xc3, 0xb2, 0xa1], 'pcap'],
      [[0xa1, 0xb2, 0xc3, 0xd4], 'pcap'],
      [[0x4d, 0x3c, 0xb2, 0xa1], 'pcap'],
      [[0xa1, 0xb2, 0x3c, 0x4d], 'pcap'],
      [[0x0a, 0x0d, 0x0d, 0x0a], 'pcapng'],
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

  it('takes UTF-16 (a PowerShell redirect) and a CSV with a few stray NULs for text', () => {
    const csv = `frame.number,frame.time_epoch,ip.src\n${'1,1795378353.952647464,10.20.30.101\n'.repeat(40)}`;
    const le = new Uint8Array(Buffer.from(`\ufeff${csv}`, 'utf16le'));
    expect(sniff(le)).toEqual({ kind: 'text' });
    expect(sniff(new Uint8Array(Buffer.from(csv, 'utf16le')))).toEqual({ kind: 'text' });
    const damaged = new TextEncoder().encode(csv);
    damaged.fill(0, 200, 203);
    damaged[900] = 0;
    expect(sniff(damaged, false, { captures: true })).toEqual({ kind: 'text' });
  });

  it('still refuses binary without a known magic number: NULs, control bytes, broken UTF-8', () => {
    let seed = 7;
    const random = Uint8Array.from({ length: 4096 }, () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed >>> 24;
    });
    const r = sniff(random, false, { captures: true });
    expect(r.kind === 'refuse' && r.message).toMatch(/^The file is binary \(.*non-UTF-8 bytes in the first 4096\)/);
    const zeros = new Uint8Array(4096);
    zeros.set(new TextEncoder().encode('frame.number\n'));
    const z = sniff(zeros);
    expect(z.kind === 'refuse' && z.message).toMatch(/^The file is binary \(4083 NUL bytes in the first 4096\)/);
  });
});
