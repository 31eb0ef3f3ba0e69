import { describe, expect, it } from 'vitest';
import { ByteDictionary } from './byte-dictionary.ts';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('ByteDictionary', () => {
  it('gives equal bytes the same code and distinct bytes distinct codes, from 1', () => {
    const d = new ByteDictionary(4);
    const line = enc('xx,tcp,udp,tcp,');
    expect(d.intern(line, 3, 6)).toBe(1);
    expect(d.intern(line, 7, 10)).toBe(2);
    expect(d.intern(line, 11, 14)).toBe(1);
    expect(d.values()).toEqual(['', 'tcp', 'udp']);
  });

  it('keeps codes stable across growth and rehashing', () => {
    const d = new ByteDictionary(2);
    const codes = new Map<string, number>();
    for (let i = 0; i < 5000; i++) {
      const s = `value-${i % 3000}-ünï`;
      const b = enc(s);
      const c = d.intern(b, 0, b.length);
      if (codes.has(s)) expect(c).toBe(codes.get(s));
      codes.set(s, c);
    }
    expect(d.size).toBe(3000);
    const values = d.values();
    for (const [s, c] of codes) expect(values[c]).toBe(s);
  });

  it('interns the empty string and strings built in JS', () => {
    const d = new ByteDictionary();
    expect(d.intern(enc('a'), 0, 0)).toBe(1);
    expect(d.internString('say "hi"')).toBe(d.intern(enc('say "hi"'), 0, 8));
  });

  it('finds without adding', () => {
    const d = new ByteDictionary();
    const b = enc('02:4c:0a:14:1e:65');
    expect(d.find(b, 0, b.length)).toBe(0);
    expect(d.size).toBe(0);
    const code = d.intern(b, 0, b.length);
    expect(d.find(b, 0, b.length)).toBe(code);
  });
});
