/** The encoding sniff and the streaming UTF-16 to UTF-8 stage every CSV path puts before its chunker. */
import { describe, expect, it } from 'vitest';
import { sniffEncoding, TextInput, Utf16ToUtf8 } from './text-encoding.ts';

/** Text with 1-, 2-, 3- and 4-byte UTF-8 characters (a surrogate pair in UTF-16). */
const MIXED = 'frame.time_epoch,http.user_agent\r\n1795378353.9,"Café Brö ✓ 😀 agent"\r\n';

function utf16(text: string, bigEndian: boolean, bom = true): Uint8Array {
  const out = new Uint8Array((bom ? 2 : 0) + text.length * 2);
  const view = new DataView(out.buffer);
  let at = 0;
  if (bom) {
    view.setUint16(0, 0xfeff, !bigEndian);
    at = 2;
  }
  for (let i = 0; i < text.length; i++) view.setUint16(at + 2 * i, text.charCodeAt(i), !bigEndian);
  return out;
}

/** The stage's output for `bytes` fed in pieces of `size`, decoded. */
function through(bytes: Uint8Array, size: number): string {
  const input = new TextInput();
  const parts: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += size) parts.push(input.push(bytes.subarray(at, at + size)).slice());
  parts.push(input.end());
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(Buffer.concat(parts));
}

describe('sniffEncoding', () => {
  it('tells UTF-16 by its BOM or its NULs, and UTF-8 with or without a BOM', () => {
    expect(sniffEncoding(utf16('ab', false))).toEqual({ encoding: 'utf-16le', bom: true });
    expect(sniffEncoding(utf16('ab', true))).toEqual({ encoding: 'utf-16be', bom: true });
    const header = 'frame.time_epoch,ip.src\n';
    expect(sniffEncoding(utf16(header, false, false))).toEqual({ encoding: 'utf-16le', bom: false });
    expect(sniffEncoding(utf16(header, true, false))).toEqual({ encoding: 'utf-16be', bom: false });
    expect(sniffEncoding(new TextEncoder().encode('\ufeffframe.number'))).toEqual({ encoding: 'utf-8', bom: true });
    const plain = new TextEncoder().encode('frame.number,frame.len');
    expect(sniffEncoding(plain)).toEqual({ encoding: 'utf-8', bom: false });
  });

  it('does not take a few stray NULs in UTF-8 for UTF-16', () => {
    const damaged = new TextEncoder().encode('frame.number,fr\0me.len,ip.src,\0ip.dst\n1,2,3,4\n');
    expect(sniffEncoding(damaged).encoding).toBe('utf-8');
  });
});

describe('TextInput', () => {
  it('gives UTF-8 as it came (BOM kept for the header reader), short files too', () => {
    const bytes = new TextEncoder().encode(`\ufeff${MIXED}`);
    for (const size of [1, 5, 64, 1000]) expect(through(bytes, size)).toBe(`\ufeff${MIXED}`);
    expect(through(new TextEncoder().encode('a,b\n'), 1)).toBe('a,b\n');
  });

  it('converts UTF-16 of either order, split anywhere (in a code unit or a surrogate pair), dropping the BOM', () => {
    for (const bigEndian of [false, true]) {
      for (const size of [1, 2, 3, 5, 7, 64, 65, 4096]) {
        expect(through(utf16(MIXED, bigEndian), size)).toBe(MIXED);
        expect(through(utf16(MIXED.repeat(3), bigEndian, false), size)).toBe(MIXED.repeat(3));
      }
    }
  });

  it('passes UTF-8 pieces through without copying them', () => {
    const input = new TextInput();
    const first = new TextEncoder().encode(MIXED.repeat(4));
    expect(input.push(first)).toBe(first);
    const next = new TextEncoder().encode(MIXED);
    expect(input.push(next)).toBe(next);
  });
});

describe('Utf16ToUtf8', () => {
  it('agrees with TextDecoder, lone surrogates and a cut last unit included', () => {
    const units = [0x61, 0xd83d, 0xde00, 0xdc00, 0x62, 0xd800, 0x63, 0xe9, 0x2713, 0xd83d];
    const bytes = new Uint8Array(units.length * 2 + 1);
    units.forEach((u, i) => {
      bytes[2 * i] = u & 0xff;
      bytes[2 * i + 1] = u >> 8;
    });
    bytes[bytes.length - 1] = 0x41; // half a code unit
    const expected = new TextDecoder('utf-16le').decode(bytes);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const t = new Utf16ToUtf8(false);
      const out = Buffer.concat([t.push(bytes.subarray(0, cut)), t.push(bytes.subarray(cut)), t.end()]);
      expect(new TextDecoder().decode(out)).toBe(expected);
    }
  });
});
