/**
 * Turns a real flood into the random-source flood a tool would have sent (hping3 --rand-source): each of the
 * attacker's packets gets a random source address and the checksums that go with it, and the victim's
 * replies go to that address; frames keep the attacker's MAC, as on a real LAN. Works on pcapng bytes in
 * place (lengths never change), so every other byte of the capture is the real one.
 *
 * Replies are matched to their spoofed packet by the attacker's port (TCP/UDP; hping3 moves its source port
 * per packet) or ICMP echo identifier and sequence. The attacker's TCP resets are dropped: its kernel sent
 * them because the SYN-ACKs came back to its real address, which a spoofed flood never sees.
 */
import { mulberry32 } from '../model/prng.ts';

export interface RandSourceOptions {
  /** The attacker's IPv4 address, as a 32-bit number. */
  readonly attacker: number;
  /** Rewrite only packets with frame time in [fromUs, toUs] (epoch microseconds). */
  readonly fromUs: number;
  readonly toUs: number;
  readonly seed: number;
}

export interface RandSourceReport {
  readonly frames: number;
  readonly rewritten: number;
  readonly replies: number;
  /** The attacker's own TCP resets, which a spoofed flood would not have caused. */
  readonly dropped: number;
  readonly distinctSources: number;
}

const ETH_IPV4 = 0x0800;
const ETH_VLAN = 0x8100;
const LINKTYPE_ETHERNET = 1;

/** A random unicast IPv4 address outside 0/8, 10/8, 127/8 and 224/3, as hping3's random sources mostly are. */
export function randomAddress(rand: () => number): number {
  for (;;) {
    const a = Math.floor(rand() * 2 ** 32) >>> 0;
    const first = a >>> 24;
    if (first !== 0 && first !== 10 && first !== 127 && first < 224) return a;
  }
}

/** Internet checksum (RFC 1071) of bytes [from, to) plus `initial`, folded and complemented. */
function checksum(b: Uint8Array, from: number, to: number, initial = 0): number {
  let sum = initial;
  let i = from;
  for (; i + 1 < to; i += 2) sum += (b[i] << 8) | b[i + 1];
  if (i < to) sum += b[i] << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

const u32 = (b: Uint8Array, o: number): number => ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
const put32 = (b: Uint8Array, o: number, v: number): void => {
  b[o] = v >>> 24;
  b[o + 1] = (v >>> 16) & 0xff;
  b[o + 2] = (v >>> 8) & 0xff;
  b[o + 3] = v & 0xff;
};
const put16 = (b: Uint8Array, o: number, v: number): void => {
  b[o] = v >>> 8;
  b[o + 1] = v & 0xff;
};

/** Recomputes the IPv4 header checksum and the TCP/UDP one (when the whole segment was captured). */
function fixChecksums(b: Uint8Array, ip: number, end: number): void {
  const ihl = (b[ip] & 0x0f) * 4;
  put16(b, ip + 10, 0);
  put16(b, ip + 10, checksum(b, ip, ip + ihl));
  const proto = b[ip + 9];
  const totalLen = (b[ip + 2] << 8) | b[ip + 3];
  const l4 = ip + ihl;
  const l4len = totalLen - ihl;
  if (l4 + l4len > end) return; // snaplen-cut: the checksum cannot be recomputed, so it stays as captured
  const at = proto === 6 ? l4 + 16 : proto === 17 ? l4 + 6 : -1;
  if (at < 0 || at + 2 > end) return;
  if (proto === 17 && b[at] === 0 && b[at + 1] === 0) return; // UDP without a checksum keeps none
  put16(b, at, 0);
  const pseudo =
    (u32(b, ip + 12) >>> 16) +
    (u32(b, ip + 12) & 0xffff) +
    (u32(b, ip + 16) >>> 16) +
    (u32(b, ip + 16) & 0xffff) +
    proto +
    l4len;
  let c = checksum(b, l4, l4 + l4len, pseudo);
  if (proto === 17 && c === 0) c = 0xffff;
  put16(b, at, c);
}

/** The attacker's side of a packet, to pair replies with spoofed packets: port, or ICMP echo id and sequence. */
function flowTag(b: Uint8Array, ip: number, end: number, attackerIsSource: boolean): number | null {
  const ihl = (b[ip] & 0x0f) * 4;
  const proto = b[ip + 9];
  const l4 = ip + ihl;
  if ((proto === 6 || proto === 17) && l4 + 4 <= end)
    return (proto << 16) | ((b[l4 + (attackerIsSource ? 0 : 2)] << 8) | b[l4 + (attackerIsSource ? 1 : 3)]);
  if (proto === 1 && l4 + 8 <= end)
    return 2 ** 24 + (((b[l4 + 4] << 8) | b[l4 + 5]) * 65536 + ((b[l4 + 6] << 8) | b[l4 + 7]));
  return null;
}

/**
 * The capture as the spoofing tool would have left it (little- or big-endian pcapng sections; Ethernet
 * interfaces), and what changed. Rewrites `pcapng` in place; throws on bytes that are not pcapng.
 */
export function randomiseSources(
  pcapng: Uint8Array,
  opts: RandSourceOptions,
): { readonly bytes: Uint8Array; readonly report: RandSourceReport } {
  const rand = mulberry32(opts.seed);
  const spoofed = new Map<number, number>(); // flow tag -> random source
  let frames = 0,
    rewritten = 0,
    replies = 0;
  const dropped: [number, number][] = []; // block byte ranges left out
  eachPacketBlock(pcapng, (p) => {
    frames++;
    const us = p.ticks / p.link.tsPerUs;
    if (p.link.type !== LINKTYPE_ETHERNET || us < opts.fromUs || us > opts.toUs) return;
    const data = p.at + 28;
    const r = rewrite(pcapng, data, data + p.view.getUint32(p.at + 20, p.little), opts.attacker, spoofed, rand);
    if (r === 'spoofed') rewritten++;
    if (r === 'reply') replies++;
    if (r === 'drop') dropped.push([p.at, p.at + p.len]);
  });
  const report = {
    frames: frames - dropped.length,
    rewritten,
    replies,
    dropped: dropped.length,
    distinctSources: new Set(spoofed.values()).size,
  };
  return { bytes: withoutRanges(pcapng, dropped), report };
}

function withoutRanges(b: Uint8Array, ranges: readonly [number, number][]): Uint8Array {
  if (ranges.length === 0) return b;
  const out = new Uint8Array(b.length - ranges.reduce((s, [x, y]) => s + y - x, 0));
  let from = 0,
    to = 0;
  for (const [x, y] of ranges) {
    out.set(b.subarray(from, x), to);
    to += x - from;
    from = y;
  }
  out.set(b.subarray(from), to);
  return out;
}

/** Ticks per microsecond of an interface (if_tsresol; default microseconds). */
function interfaceTicksPerUs(view: DataView, at: number, len: number, little: boolean): number {
  for (let o = at + 16; o + 4 <= at + len - 4; ) {
    const code = view.getUint16(o, little);
    const olen = view.getUint16(o + 2, little);
    if (code === 0) break;
    if (code === 9 && olen >= 1) {
      const r = view.getUint8(o + 4);
      const ticksPerSecond = r & 0x80 ? 2 ** (r & 0x7f) : 10 ** r;
      return ticksPerSecond / 1e6;
    }
    o += 4 + Math.ceil(olen / 4) * 4;
  }
  return 1;
}

function rewrite(
  b: Uint8Array,
  from: number,
  end: number,
  attacker: number,
  spoofed: Map<number, number>,
  rand: () => number,
): 'spoofed' | 'reply' | 'drop' | null {
  let et = from + 12;
  if (et + 2 > end) return null;
  let ethType = (b[et] << 8) | b[et + 1];
  if (ethType === ETH_VLAN) {
    et += 4;
    ethType = et + 2 <= end ? (b[et] << 8) | b[et + 1] : 0;
  }
  const ip = et + 2;
  if (ethType !== ETH_IPV4 || ip + 20 > end || b[ip] >>> 4 !== 4) return null;
  if (u32(b, ip + 12) === attacker) {
    const l4 = ip + (b[ip] & 0x0f) * 4;
    if (b[ip + 9] === 6 && l4 + 14 <= end && (b[l4 + 13] & 0x06) === 0x04) return 'drop'; // RST without SYN
    const src = randomAddress(rand);
    const tag = flowTag(b, ip, end, true);
    if (tag !== null) spoofed.set(tag, src);
    put32(b, ip + 12, src);
    fixChecksums(b, ip, end);
    return 'spoofed';
  }
  if (u32(b, ip + 16) === attacker) {
    const tag = flowTag(b, ip, end, false);
    const to = tag === null ? undefined : spoofed.get(tag);
    if (to === undefined) return null;
    put32(b, ip + 16, to);
    fixChecksums(b, ip, end);
    return 'reply';
  }
  return null;
}

/** "10.20.30.103" -> its 32-bit number. */
export function ipv4Number(text: string): number {
  const p = text.split('.').map(Number);
  if (p.length !== 4 || p.some((x) => !Number.isInteger(x) || x < 0 || x > 255))
    throw new Error(`not an IPv4 address: ${JSON.stringify(text)}`);
  return ((p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3]) >>> 0;
}

/**
 * Moves every frame of a pcapng (little- or big-endian sections) `seconds` later, in place: a variant made from
 * a lab capture can then sit beside the original in one training file without their packets interleaving.
 */
export function shiftTimes(pcapng: Uint8Array, seconds: number): number {
  let frames = 0;
  eachPacketBlock(pcapng, (p) => {
    // Exact, from the two words: nanosecond epoch ticks do not fit a double.
    const ticks =
      (BigInt(p.view.getUint32(p.at + 12, p.little)) << 32n) +
      BigInt(p.view.getUint32(p.at + 16, p.little)) +
      BigInt(Math.round(seconds * 1e6 * p.link.tsPerUs));
    p.view.setUint32(p.at + 12, Number(ticks >> 32n), p.little);
    p.view.setUint32(p.at + 16, Number(ticks & 0xffffffffn), p.little);
    frames++;
  });
  return frames;
}

/** An enhanced packet block as eachPacketBlock finds it: where, its section's byte order, its interface. */
interface PacketBlock {
  readonly view: DataView;
  readonly at: number;
  readonly len: number;
  readonly little: boolean;
  readonly link: { readonly type: number; readonly tsPerUs: number };
  /** Its timestamp in its interface's ticks, as a double (to the microsecond at ns resolution: for comparing). */
  readonly ticks: number;
}

/** Calls `visit` for every enhanced packet block, in file order; throws on bytes that are not pcapng. */
function eachPacketBlock(pcapng: Uint8Array, visit: (p: PacketBlock) => void): void {
  const view = new DataView(pcapng.buffer, pcapng.byteOffset, pcapng.byteLength);
  let little = true;
  let links: { type: number; tsPerUs: number }[] = [];
  for (let at = 0; at + 12 <= pcapng.length; ) {
    const type = view.getUint32(at, little);
    if (type === 0x0a0d0d0a) {
      const magic = view.getUint32(at + 8, true);
      if (magic === 0x1a2b3c4d) little = true;
      else if (magic === 0x4d3c2b1a) little = false;
      else throw new Error(`not a pcapng section at byte ${at}`);
      links = [];
    } else if (at === 0) {
      throw new Error('not a pcapng capture (no section header block at byte 0)');
    }
    const len = view.getUint32(at + 4, little);
    if (len < 12 || at + len > pcapng.length) throw new Error(`block at byte ${at} runs past the end of the capture`);
    if (type === 1)
      links.push({ type: view.getUint16(at + 8, little), tsPerUs: interfaceTicksPerUs(view, at, len, little) });
    if (type === 6) {
      const link = links[view.getUint32(at + 8, little)] ?? { type: -1, tsPerUs: 1 };
      visit({
        view,
        at,
        len,
        little,
        link,
        ticks: view.getUint32(at + 12, little) * 2 ** 32 + view.getUint32(at + 16, little),
      });
    }
    at += len;
  }
}
