/**
 * Builds small captures byte by byte, for tests: frames (Ethernet, IPv4/IPv6, TCP/UDP/ICMP) and the pcap
 * and pcapng files around them (either byte order, any timestamp resolution, odd blocks). Nothing here is
 * used when loading; it lives beside the readers so tests in src/core and cli can share it.
 */

function u16(v: number): number[] {
  return [(v >> 8) & 0xff, v & 0xff];
}

function u32be(v: number): number[] {
  return [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
}

/** The Internet checksum of `b` (one's complement of the one's-complement sum of 16-bit words). */
export function inetChecksum(b: readonly number[], initial = 0): number {
  let s = initial;
  for (let i = 0; i < b.length; i += 2) s += (b[i] << 8) | (b[i + 1] ?? 0);
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return ~s & 0xffff;
}

export function ipv4Header(
  src: readonly number[],
  dst: readonly number[],
  proto: number,
  payloadLen: number,
  opts: { ttl?: number; id?: number; flags?: number; fragOffset?: number; tos?: number } = {},
): number[] {
  const total = 20 + payloadLen;
  const fl = ((opts.flags ?? 2) << 13) | ((opts.fragOffset ?? 0) >> 3);
  const h = [
    0x45,
    opts.tos ?? 0,
    ...u16(total),
    ...u16(opts.id ?? 0x1234),
    ...u16(fl),
    opts.ttl ?? 64,
    proto,
    0,
    0,
    ...src,
    ...dst,
  ];
  const c = inetChecksum(h);
  h[10] = c >> 8;
  h[11] = c & 0xff;
  return h;
}

export function ipv6Header(
  src: readonly number[],
  dst: readonly number[],
  next: number,
  payloadLen: number,
  hop = 64,
): number[] {
  return [0x60, 0, 0, 0, ...u16(payloadLen), next, hop, ...src, ...dst];
}

export function udp(sport: number, dport: number, payload: readonly number[], checksum = 0): number[] {
  return [...u16(sport), ...u16(dport), ...u16(8 + payload.length), ...u16(checksum), ...payload];
}

export function tcp(
  sport: number,
  dport: number,
  seq: number,
  ack: number,
  flags: number,
  payload: readonly number[] = [],
  opts: { window?: number; options?: readonly number[]; checksum?: number } = {},
): number[] {
  const options = opts.options ?? [];
  const hlen = 20 + options.length;
  return [
    ...u16(sport),
    ...u16(dport),
    ...u32be(seq),
    ...u32be(ack),
    (hlen / 4) << 4,
    flags,
    ...u16(opts.window ?? 64240),
    ...u16(opts.checksum ?? 0xabcd),
    0,
    0,
    ...options,
    ...payload,
  ];
}

export function icmpEcho(type: number, id: number, seqNo: number, data: readonly number[]): number[] {
  const m = [type, 0, 0, 0, ...u16(id), ...u16(seqNo), ...data];
  const c = inetChecksum(m);
  m[2] = c >> 8;
  m[3] = c & 0xff;
  return m;
}

export const MAC_A = [0x02, 0x00, 0x00, 0x00, 0x00, 0x0a];
export const MAC_B = [0x02, 0x00, 0x00, 0x00, 0x00, 0x0b];

export function ethernet(
  dst: readonly number[],
  src: readonly number[],
  type: number,
  payload: readonly number[],
): number[] {
  const f = [...dst, ...src, ...u16(type), ...payload];
  while (f.length < 60) f.push(0); // padded to the minimum frame, as a NIC does
  return f;
}

/** Linux cooked v1: packet type, ARPHRD, address length, 8 address bytes, protocol. */
export function sll(type: number, payload: readonly number[]): number[] {
  return [0, 0, 0, 1, 0, 6, ...MAC_A, 0, 0, ...u16(type), ...payload];
}

/** Linux cooked v2: protocol, reserved, interface index, ARPHRD, packet type, address length, 8 address bytes. */
export function sll2(type: number, payload: readonly number[]): number[] {
  return [...u16(type), 0, 0, 0, 0, 0, 2, 0, 1, 0, 6, ...MAC_A, 0, 0, ...payload];
}

/** BSD loopback (DLT_NULL): the address family in the capturing host's byte order (here little-endian). */
export function nullLoopback(af: number, payload: readonly number[]): number[] {
  return [af & 0xff, (af >> 8) & 0xff, 0, 0, ...payload];
}

export const IP_A = [10, 0, 0, 1];
export const IP_B = [10, 0, 0, 2];
export const IP6_A = [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
export const IP6_B = [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2];

/** An IPv4 datagram (header + transport bytes). */
export function ipv4Packet(
  proto: number,
  transport: readonly number[],
  opts: Parameters<typeof ipv4Header>[4] = {},
): number[] {
  return [...ipv4Header(IP_A, IP_B, proto, transport.length, opts), ...transport];
}

export interface SynthFrame {
  readonly sec: number;
  /** Fraction in the file's units (microseconds or nanoseconds for pcap). */
  readonly frac: number;
  readonly data: readonly number[];
  /** Length on the wire, when more than data (a snaplen cut). */
  readonly origLen?: number;
}

class Bytes {
  readonly out: number[] = [];
  constructor(private readonly le: boolean) {}
  u8(v: number) {
    this.out.push(v & 0xff);
    return this;
  }
  u16(v: number) {
    if (this.le) this.out.push(v & 0xff, (v >> 8) & 0xff);
    else this.out.push((v >> 8) & 0xff, v & 0xff);
    return this;
  }
  u32(v: number) {
    const b = [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
    this.out.push(...(this.le ? b.reverse() : b));
    return this;
  }
  raw(b: readonly number[]) {
    for (const x of b) this.out.push(x);
    return this;
  }
  pad4() {
    while (this.out.length % 4) this.out.push(0);
    return this;
  }
}

export function pcapFile(
  frames: readonly SynthFrame[],
  opts: { le?: boolean; nanos?: boolean; linkType?: number; snaplen?: number } = {},
): Uint8Array {
  const le = opts.le ?? true;
  const w = new Bytes(le);
  w.u32(opts.nanos ? 0xa1b23c4d : 0xa1b2c3d4)
    .u16(2)
    .u16(4)
    .u32(0)
    .u32(0)
    .u32(opts.snaplen ?? 262144)
    .u32(opts.linkType ?? 1);
  for (const f of frames) {
    w.u32(f.sec)
      .u32(f.frac)
      .u32(f.data.length)
      .u32(f.origLen ?? f.data.length)
      .raw(f.data);
  }
  return new Uint8Array(w.out);
}

/** pcapng blocks, each a complete block (type, length, body, length). */
export type Block = number[];

function block(le: boolean, type: number, body: (w: Bytes) => void): Block {
  const inner = new Bytes(le);
  body(inner);
  inner.pad4();
  const w = new Bytes(le);
  const len = 12 + inner.out.length;
  w.u32(type).u32(len).raw(inner.out).u32(len);
  return w.out;
}

export function shb(le = true): Block {
  return block(le, 0x0a0d0d0a, (w) => w.u32(0x1a2b3c4d).u16(1).u16(0).u32(0xffffffff).u32(0xffffffff));
}

/** Interface description; `tsresol` is the if_tsresol option byte (omitted: microseconds). */
export function idb(linkType: number, opts: { le?: boolean; tsresol?: number; snaplen?: number } = {}): Block {
  return block(opts.le ?? true, 1, (w) => {
    w.u16(linkType)
      .u16(0)
      .u32(opts.snaplen ?? 262144);
    if (opts.tsresol !== undefined) w.u16(9).u16(1).u8(opts.tsresol).pad4().u16(0).u16(0);
  });
}

/** Enhanced packet block; `units` is the timestamp in the interface's units (a bigint: it may pass 2^53). */
export function epb(
  iface: number,
  units: bigint,
  data: readonly number[],
  opts: { le?: boolean; origLen?: number } = {},
): Block {
  return block(opts.le ?? true, 6, (w) => {
    w.u32(iface)
      .u32(Number(units >> 32n))
      .u32(Number(units & 0xffffffffn))
      .u32(data.length)
      .u32(opts.origLen ?? data.length)
      .raw(data);
  });
}

export function spb(data: readonly number[], origLen = data.length, le = true): Block {
  return block(le, 3, (w) => w.u32(origLen).raw(data));
}

export function customBlock(type: number, body: readonly number[], le = true): Block {
  return block(le, type, (w) => w.raw(body));
}

export function pcapngFile(blocks: readonly Block[]): Uint8Array {
  return new Uint8Array(blocks.flat());
}
