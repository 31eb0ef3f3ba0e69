import { describe, expect, it } from 'vitest';
import {
  formatIpv4,
  isIpv6,
  isMac,
  parseBool,
  parseFloatBytes,
  parseHex,
  parseIpv4,
  parseUint,
} from './parse-bytes.ts';

const enc = new TextEncoder();

/**
 * Runs a parser on the text alone and on the same text inside a longer line (as a CSV cell sits in a
 * chunk), whose neighbouring bytes are digits and separators a sloppy bound check would read; both must agree.
 */
function run<T>(fn: (b: Uint8Array, s: number, e: number) => T, text: string): T {
  const alone = enc.encode(text);
  const head = enc.encode('12.5,0x9:');
  const line = enc.encode(`12.5,0x9:${text}:99.7,1`);
  const inside = fn(line, head.length, head.length + alone.length);
  const whole = fn(alone, 0, alone.length);
  expect(inside).toBe(whole);
  return whole;
}

describe('parseUint', () => {
  it.each([
    ['0', 0],
    ['7', 7],
    ['80', 80],
    ['443', 443],
    ['65535', 65535],
    ['4294967295', 4294967295],
    ['0000000080', 80],
    ['80.0', 80],
    ['80.00', 80],
    ['80.', 80],
    ['0.0', 0],
    ['4294967295.000', 4294967295],
  ])('%s -> %d', (text, want) => {
    expect(run(parseUint, text)).toBe(want);
  });

  it.each([
    ['4294967296'],
    ['9999999999'],
    ['00000000080'],
    ['12345678901'],
    ['80.5'],
    ['80.01'],
    ['-1'],
    ['+1'],
    [' 80'],
    ['80 '],
    ['8 0'],
    ['.5'],
    ['.0'],
    ['.'],
    ['0x10'],
    ['1e3'],
    ['abc'],
    ['80a'],
    ['80.0a'],
    ['80..0'],
    ['٣'],
  ])('%s -> NaN', (text) => {
    expect(run(parseUint, text)).toBe(NaN);
  });
});

describe('parseHex', () => {
  it.each([
    ['0x0002', 2],
    ['0X1a', 26],
    ['0x1A', 26],
    ['0xff', 255],
    ['0xFF', 255],
    ['0x0', 0],
    ['0x00000000', 0],
    ['0xffffffff', 4294967295],
    ['0xDeadBeef', 0xdeadbeef],
    ['0x00000010', 16],
    // decimal text, as tools that rewrite hex columns leave it
    ['0', 0],
    ['2', 2],
    ['18', 18],
    ['4294967295', 4294967295],
    ['18.0', 18],
  ])('%s -> %d', (text, want) => {
    expect(run(parseHex, text)).toBe(want);
  });

  it.each([
    ['0x'],
    ['0X'],
    ['0xg1'],
    ['0x1g'],
    ['0x123456789'],
    ['0x000000001'],
    ['x10'],
    ['0y10'],
    ['-0x1'],
    ['0x-1'],
    ['0x 1'],
    ['0x1.0'],
    ['1a'],
    ['ff'],
    ['4294967296'],
    ['0x1 '],
  ])('%s -> NaN', (text) => {
    expect(run(parseHex, text)).toBe(NaN);
  });
});

describe('parseBool', () => {
  it.each([
    ['1', 1],
    ['0', 0],
    ['True', 1],
    ['False', 0],
    ['true', 1],
    ['false', 0],
    ['TRUE', 1],
    ['FALSE', 0],
    ['tRuE', 1],
    ['1.0', 1],
    ['0.0', 0],
    ['1.00', 1],
    ['1.', 1],
  ])('%s -> %d', (text, want) => {
    expect(run(parseBool, text)).toBe(want);
  });

  it.each([
    ['2'],
    ['01'],
    ['10'],
    ['-1'],
    ['1.5'],
    ['0.1'],
    ['yes'],
    ['no'],
    ['t'],
    ['f'],
    ['tru'],
    ['truee'],
    ['fals'],
    ['falsey'],
    ['Tru'],
    ['Falsey'],
    ['T'],
    ['1 '],
    [' 0'],
    ['0x1'],
    ['Tr ue'],
  ])('%s -> NaN', (text) => {
    expect(run(parseBool, text)).toBe(NaN);
  });
});

describe('parseFloatBytes', () => {
  it.each([
    ['0', 0],
    ['42', 42],
    ['-2', -2],
    ['+3', 3],
    ['1.5', 1.5],
    ['-1.25', -1.25],
    ['.5', 0.5],
    ['-.5', -0.5],
    ['3.', 3],
    ['0.1', 0.1],
    ['0.3', 0.3],
    ['123.456', 123.456],
    ['1795378353.952647', 1795378353.952647],
    ['1.5e3', 1500],
    ['1.5E3', 1500],
    ['2e-3', 0.002],
    ['-1.5e+2', -150],
    ['-2.5E-1', -0.25],
    ['.5e1', 5],
    ['5.e1', 50],
    ['1e308', 1e308],
    ['123456789012345', 123456789012345],
    // more than 15 significant digits: left to Number(), so still the correctly rounded value
    // biome-ignore lint/correctness/noPrecisionLoss: the literal is rounded as Number() rounds the text
    ['1795378353.952647464', 1795378353.952647464],
    ['0.1000000000000000055511151231257827', 0.1],
    // biome-ignore lint/correctness/noPrecisionLoss: the literal is rounded as Number() rounds the text
    ['12345678901234567890', 12345678901234567890],
    ['000000000000000000001', 1],
  ])('%s -> %d', (text, want) => {
    expect(run(parseFloatBytes, text)).toBe(want);
  });

  it('reads short decimals exactly as Number() does', () => {
    const texts = ['0.7', '2.675', '1.005', '9007.199254740991', '0.000001', '-98765.4321', '1.23456789012345'];
    for (const t of texts) expect(run(parseFloatBytes, t), t).toBe(Number(t));
  });

  it.each([
    ['abc'],
    ['1.2.3'],
    ['inf'],
    ['Infinity'],
    ['-Infinity'],
    ['NaN'],
    ['-'],
    ['+'],
    ['.'],
    ['-.'],
    ['e5'],
    ['1e'],
    ['1e+'],
    ['1e-'],
    ['1e5.0'],
    ['1e5e5'],
    ['0x10'],
    [' 1'],
    ['1 '],
    ['1,5'],
    ['--1'],
    ['+-1'],
    ['1e999'],
    ['-1e999'],
    ['1.5f'],
    ['1_000'],
  ])('%s -> NaN', (text) => {
    expect(run(parseFloatBytes, text)).toBe(NaN);
  });
});

describe('parseIpv4 / formatIpv4', () => {
  it.each([
    ['10.20.30.101', 0x0a141e65],
    ['0.0.0.0', 0],
    ['255.255.255.255', 4294967295],
    ['192.168.1.1', 0xc0a80101],
    ['1.2.3.4', 0x01020304],
    ['127.0.0.1', 0x7f000001],
    ['001.002.003.004', 0x01020304],
    ['128.0.0.0', 0x80000000],
  ])('%s -> %d', (text, want) => {
    expect(run(parseIpv4, text)).toBe(want);
  });

  it.each([
    ['256.0.0.1'],
    ['1.2.3.256'],
    ['1.2.3'],
    ['1.2.3.4.5'],
    ['1..2.3'],
    ['.1.2.3'],
    ['1.2.3.'],
    ['1.2.3.4.'],
    ['1.2.3.0004'],
    ['1.2.3.1000'],
    ['1234.1.1.1'],
    ['a.b.c.d'],
    ['1.2.3.4 '],
    [' 1.2.3.4'],
    ['1.2.3.-4'],
    ['1.2.3.4/24'],
    ['::1'],
    ['10.20.30.1a'],
    ['999.1.1.1'],
  ])('%s -> NaN', (text) => {
    expect(run(parseIpv4, text)).toBe(NaN);
  });

  it('gives unsigned values above 2^31', () => {
    expect(run(parseIpv4, '200.1.1.1')).toBeGreaterThan(2 ** 31);
  });

  it.each([['10.20.30.101'], ['0.0.0.0'], ['255.255.255.255'], ['192.168.1.1'], ['128.0.0.1']])(
    'formats %s back',
    (text) => {
      expect(formatIpv4(run(parseIpv4, text))).toBe(text);
    },
  );
});

describe('isMac', () => {
  it.each([
    ['02:4c:0a:14:1e:65'],
    ['FF:FF:FF:FF:FF:FF'],
    ['00:00:00:00:00:00'],
    ['aB:cD:eF:01:23:45'],
    ['02-4c-0a-14-1e-65'],
    ['FF-FF-FF-FF-FF-FF'],
  ])('%s is a MAC', (text) => {
    expect(run(isMac, text)).toBe(true);
  });

  it.each([
    ['02:4c:0a:14:1e'],
    ['02:4c:0a:14:1e:65:77'],
    ['02:4c:0a:14:1e:6'],
    ['02:4c:0a:14:1e:6g'],
    ['024c:0a:14:1e:65'],
    ['02:4c:0a:14:1e:650'],
    ['02.4c.0a.14.1e.65'],
    ['02:4c-0a:14:1e:65'],
    ['024c0a141e65'],
    ['02:4c:0a:14:1e:65 '],
    ['0:4c:0a:14:1e:65:'],
    ['02::c:0a:14:1e:65'],
    ['g2:4c:0a:14:1e:65'],
    ['02:4c:0a:14:1e-65'],
  ])('%s is not', (text) => {
    expect(run(isMac, text)).toBe(false);
  });
});

describe('isIpv6', () => {
  it.each([
    ['::'],
    ['::1'],
    ['1::'],
    ['fe80::1'],
    ['2001:db8::8a2e:370:7334'],
    ['2001:0db8:0000:0000:0000:ff00:0042:8329'],
    ['1:2:3:4:5:6:7:8'],
    ['1::8'],
    ['1:2:3:4:5:6:7::'],
    ['::2:3:4:5:6:7:8'],
    ['FE80::ABCD'],
    ['::ffff:10.0.0.1'],
    ['::ffff:0:10.0.0.1'],
    ['1:2:3:4:5:6:10.0.0.1'],
    ['::10.0.0.1'],
    ['64:ff9b::192.0.2.33'],
    ['fe80::1%eth0'],
    ['fe80::1%25'],
    ['::1%1'],
    ['1:2:3:4:5::10.0.0.1'],
  ])('%s is IPv6', (text) => {
    expect(run(isIpv6, text)).toBe(true);
  });

  it.each([
    [':'],
    [':1'],
    ['1:'],
    ['1'],
    ['abcd'],
    [':::'],
    ['1:::2'],
    ['fe80:::1'],
    ['1::2::3'],
    ['::1::'],
    ['12345::'],
    ['1:2:3:4:5:6:7'],
    ['1:2:3:4:5:6:7:8:9'],
    ['1:2:3:4:5:6:7:8::'],
    ['::1:2:3:4:5:6:7:8'],
    ['g::1'],
    ['1:2:3:4:5:6:7:10.0.0.1'],
    ['::ffff:10.0.0'],
    ['::ffff:10.0.0.256'],
    ['::ffff:10.0.0.1:1'],
    ['::ffff:1a.0.0.1'],
    ['10.0.0.1'],
    ['fe80::1%'],
    ['%eth0'],
    ['fe80: :1'],
    ['fe80::1 '],
    ['1:2:3:4:5:6:7:8:'],
    ['1.2::3'],
    ['02:4c:0a:14:1e:65'],
  ])('%s is not', (text) => {
    expect(run(isIpv6, text)).toBe(false);
  });
});
