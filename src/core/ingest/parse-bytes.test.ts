import { describe, expect, it } from 'vitest';
import { formatIpv4, isIpv6, isMac, parseBool, parseFloatBytes, parseHex, parseIpv4, parseUint } from './parse-bytes.ts';

/** Runs a byte parser on `text` placed inside a longer line, as the tokenizer hands it over. */
function on<T>(f: (b: Uint8Array, s: number, e: number) => T, text: string): T {
  const b = new TextEncoder().encode(`"x",${text},"y"`);
  return f(b, 4, b.length - 4);
}

describe('field parsers', () => {
  it.each([
    ['80', 80], ['0', 0], ['80.0', 80], ['80.', 80], ['80.000', 80], ['4294967295', 4294967295],
    ['4294967296', NaN], ['12345678901', NaN], ['80.5', NaN], ['-1', NaN], ['+1', NaN], [' 1', NaN], ['1a', NaN], ['.0', NaN], ['0x10', NaN],
  ])('parseUint %j', (text, want) => expect(on(parseUint, text)).toBe(want));

  it.each([
    ['0x0002', 2], ['0X1a', 26], ['0xFFFF', 65535], ['0xffffffff', 4294967295], ['18', 18], ['18.0', 18],
    ['0x', NaN], ['0xg1', NaN], ['0x123456789', NaN], ['x12', NaN],
  ])('parseHex %j', (text, want) => expect(on(parseHex, text)).toBe(want));

  it.each([
    ['1', 1], ['0', 0], ['True', 1], ['False', 0], ['true', 1], ['FALSE', 0], ['1.0', 1], ['0.0', 0],
    ['2', NaN], ['yes', NaN], ['Tru', NaN], ['Falsey', NaN],
  ])('parseBool %j', (text, want) => expect(on(parseBool, text)).toBe(want));

  it.each([
    ['12', 12], ['-2', -2], ['1.5', 1.5], ['.5', 0.5], ['1.5e3', 1500], ['-2.5E-1', -0.25], ['+3', 3],
    ['abc', NaN], ['1.2.3', NaN], ['inf', NaN], ['-', NaN], ['1e', NaN],
  ])('parseFloatBytes %j', (text, want) => expect(on(parseFloatBytes, text)).toBe(want));

  it.each([
    ['10.20.30.101', 0x0a141e65], ['0.0.0.0', 0], ['255.255.255.255', 4294967295], ['1.2.3.4', 0x01020304],
    ['256.1.1.1', NaN], ['1.2.3', NaN], ['1.2.3.4.5', NaN], ['1..2.3', NaN], ['1.2.3.', NaN], ['1.2.3.1000', NaN], ['a.b.c.d', NaN],
  ])('parseIpv4 %j', (text, want) => expect(on(parseIpv4, text)).toBe(want));

  it('formats IPv4 back', () => {
    expect(formatIpv4(0x0a141e65)).toBe('10.20.30.101');
    expect(formatIpv4(4294967295)).toBe('255.255.255.255');
  });

  it.each([
    ['02:4c:0a:14:1e:65', true], ['FF-FF-FF-FF-FF-FF', true], ['02:4c:0a:14:1e', false], ['02:4c:0a:14:1e:6g', false], ['024c0a141e65', false],
  ])('isMac %j', (text, want) => expect(on(isMac, text)).toBe(want));

  it.each([
    ['::1', true], ['::', true], ['fe80::1', true], ['2001:db8::8a2e:370:7334', true], ['2001:0db8:0000:0000:0000:ff00:0042:8329', true],
    ['::ffff:10.0.0.1', true], ['fe80::1%eth0', true], ['1:2:3:4:5:6:7::', true],
    ['1:2:3:4:5:6:7', false], ['1::2::3', false], ['12345::', false], ['fe80:::1', false], ['g::1', false], ['1.2.3.4', false], [':1', false],
  ])('isIpv6 %j', (text, want) => expect(on(isIpv6, text)).toBe(want));
});
