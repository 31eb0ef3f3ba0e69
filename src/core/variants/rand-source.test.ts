import { describe, expect, it } from 'vitest';
import { ipv4Number, randomiseSources, shiftTimes } from './rand-source.ts';

const ATTACKER = '10.0.0.3';
const VICTIM = '10.0.0.1';

/** An Ethernet + IPv4 + TCP frame (20-byte headers, no payload), checksums right. */
function tcpFrame(src: string, dst: string, sport: number, dport: number, flags: number): Uint8Array {
  const f = new Uint8Array(54);
  f.set([2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 3, 0x08, 0x00]);
  const ip = 14;
  f.set([0x45, 0, 0, 40, 0, 1, 0x40, 0, 64, 6, 0, 0], ip);
  new DataView(f.buffer).setUint32(ip + 12, ipv4Number(src));
  new DataView(f.buffer).setUint32(ip + 16, ipv4Number(dst));
  const t = 34;
  new DataView(f.buffer).setUint16(t, sport);
  new DataView(f.buffer).setUint16(t + 2, dport);
  f[t + 12] = 0x50;
  f[t + 13] = flags;
  new DataView(f.buffer).setUint16(t + 14, 512);
  new DataView(f.buffer).setUint16(ip + 10, sum(f, ip, ip + 20, 0));
  new DataView(f.buffer).setUint16(t + 16, tcpSum(f));
  return f;
}

function sum(b: Uint8Array, from: number, to: number, initial: number): number {
  let s = initial;
  for (let i = from; i < to; i += 2) s += (b[i] << 8) | (b[i + 1] ?? 0);
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return ~s & 0xffff;
}

function tcpSum(f: Uint8Array): number {
  const v = new DataView(f.buffer, f.byteOffset);
  const pseudo = v.getUint16(26) + v.getUint16(28) + v.getUint16(30) + v.getUint16(32) + 6 + 20;
  const copy = f.slice();
  copy[50] = 0;
  copy[51] = 0;
  return sum(copy, 34, 54, pseudo);
}

/** A little-endian pcapng: section header, one Ethernet interface (microseconds), then the frames at 1 s, 2 s, ... */
function pcapng(frames: readonly Uint8Array[]): Uint8Array {
  const blocks: Uint8Array[] = [];
  const block = (type: number, body: Uint8Array): void => {
    const len = 12 + Math.ceil(body.length / 4) * 4;
    const b = new Uint8Array(len);
    const v = new DataView(b.buffer);
    v.setUint32(0, type, true);
    v.setUint32(4, len, true);
    b.set(body, 8);
    v.setUint32(len - 4, len, true);
    blocks.push(b);
  };
  const shb = new Uint8Array(16);
  new DataView(shb.buffer).setUint32(0, 0x1a2b3c4d, true);
  new DataView(shb.buffer).setUint16(4, 1, true);
  new DataView(shb.buffer).setBigInt64(8, -1n, true);
  block(0x0a0d0d0a, shb);
  const idb = new Uint8Array(8);
  new DataView(idb.buffer).setUint16(0, 1, true);
  new DataView(idb.buffer).setUint32(4, 65535, true);
  block(1, idb);
  frames.forEach((f, i) => {
    const body = new Uint8Array(20 + f.length);
    const v = new DataView(body.buffer);
    const us = BigInt(i + 1) * 1_000_000n;
    v.setUint32(4, Number(us >> 32n), true);
    v.setUint32(8, Number(us & 0xffffffffn), true);
    v.setUint32(12, f.length, true);
    v.setUint32(16, f.length, true);
    body.set(f, 20);
    block(6, body);
  });
  const out = new Uint8Array(blocks.reduce((s, b) => s + b.length, 0));
  let at = 0;
  for (const b of blocks) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}

/** The frames of a pcapng written by pcapng() (or with some left out). */
function framesOf(b: Uint8Array): Uint8Array[] {
  const v = new DataView(b.buffer, b.byteOffset);
  const out: Uint8Array[] = [];
  for (let at = 0; at < b.length; ) {
    const len = v.getUint32(at + 4, true);
    if (v.getUint32(at, true) === 6) out.push(b.subarray(at + 28, at + 28 + v.getUint32(at + 20, true)));
    at += len;
  }
  return out;
}

const ip = (f: Uint8Array, o: number): string => [...f.subarray(o, o + 4)].join('.');

describe('randomiseSources', () => {
  const SYN = 0x02,
    SYNACK = 0x12,
    RST = 0x04,
    ACK = 0x10;
  const input = [
    tcpFrame(ATTACKER, VICTIM, 2000, 80, SYN), // 1 s
    tcpFrame(VICTIM, ATTACKER, 80, 2000, SYNACK),
    tcpFrame(ATTACKER, VICTIM, 2000, 80, RST),
    tcpFrame(ATTACKER, VICTIM, 2001, 80, SYN),
    tcpFrame('10.0.0.7', VICTIM, 5555, 22, ACK), // benign
    tcpFrame(ATTACKER, VICTIM, 2002, 80, SYN), // 6 s: outside the range
  ];
  const { bytes, report } = randomiseSources(pcapng(input), {
    attacker: ipv4Number(ATTACKER),
    fromUs: 0.5e6,
    toUs: 5.5e6,
    seed: 7,
  });
  const out = framesOf(bytes);

  it('spoofs each attacker packet, readdresses its reply, drops the resets and keeps everything else', () => {
    expect(report).toEqual({ frames: 5, rewritten: 2, replies: 1, dropped: 1, distinctSources: 2 });
    expect(out).toHaveLength(5);
    const [syn, synAck, syn2, benign, late] = out;
    expect(ip(syn, 26)).not.toBe(ATTACKER);
    expect(ip(syn2, 26)).not.toBe(ATTACKER);
    expect(ip(syn2, 26)).not.toBe(ip(syn, 26));
    expect(ip(synAck, 30)).toBe(ip(syn, 26));
    expect(ip(synAck, 26)).toBe(VICTIM);
    expect([...syn.subarray(0, 12)]).toEqual([...input[0].subarray(0, 12)]); // MACs kept
    expect([...benign]).toEqual([...input[4]]);
    expect([...late]).toEqual([...input[5]]);
  });

  it('leaves valid IPv4 and TCP checksums', () => {
    for (const f of out) {
      expect(sum(f, 14, 34, 0)).toBe(0);
      expect(tcpSum(f)).toBe(new DataView(f.buffer, f.byteOffset).getUint16(50));
    }
  });

  it('is the same for the same seed, and refuses bytes that are not pcapng', () => {
    const again = randomiseSources(pcapng(input), {
      attacker: ipv4Number(ATTACKER),
      fromUs: 0.5e6,
      toUs: 5.5e6,
      seed: 7,
    });
    expect([...again.bytes]).toEqual([...bytes]);
    expect(() => randomiseSources(new Uint8Array(64), { attacker: 1, fromUs: 0, toUs: 1, seed: 1 })).toThrow(
      /not a pcapng/,
    );
  });

  it('shifts every frame later by whole seconds, leaving the packets as they were', () => {
    const b = pcapng(input);
    const before = framesOf(b).map((f) => [...f]);
    expect(shiftTimes(b, 7200)).toBe(6);
    const v = new DataView(b.buffer, b.byteOffset);
    const times: number[] = [];
    for (let at = 0; at < b.length; ) {
      const len = v.getUint32(at + 4, true);
      if (v.getUint32(at, true) === 6) times.push(v.getUint32(at + 12, true) * 2 ** 32 + v.getUint32(at + 16, true));
      at += len;
    }
    expect(times).toEqual([1, 2, 3, 4, 5, 6].map((s) => (s + 7200) * 1e6));
    expect(framesOf(b).map((f) => [...f])).toEqual(before);
  });
});
