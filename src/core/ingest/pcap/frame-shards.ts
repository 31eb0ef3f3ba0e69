/**
 * A capture's frames dealt out to several dissectors, so that each dissects on a thread of its own and the
 * rows come out as one dissector's would.
 *
 * What dissection remembers lives in conversations: a TCP connection (tcp.stream, relative numbers, HTTP
 * reassembly), an IP datagram's fragments, and the connections an FTP or TFTP exchange announces. So a frame
 * goes to the shard of its conversation: TCP by its address and port pair (either direction), a fragment by
 * its datagram, an ICMP error quoting TCP by that connection, and a connection that an FTP reply or a TFTP
 * request announces to the shard of the exchange that announced it. Frames nothing carries over for (UDP
 * outside TFTP, ICMP, ARP) go round, so a flood spreads over every shard whatever its ports; one TCP
 * connection stays on one. tcp.stream is then renumbered by each stream's first frame (streamRenumbering).
 */
import type { CapturedFrame } from './captured-frame.ts';
import {
  LINKTYPE_ETHERNET,
  LINKTYPE_IPV4,
  LINKTYPE_IPV6,
  LINKTYPE_LINUX_SLL,
  LINKTYPE_LINUX_SLL2,
  LINKTYPE_LOOP,
  LINKTYPE_NULL,
  LINKTYPE_RAW,
} from './captured-frame.ts';

/** Per frame in a batch: its number, seconds, nanoseconds, length on the wire, link type, byte offset in the file. */
const M_NUMBER = 0;
const M_SEC = 1;
const M_NSEC = 2;
const M_ORIG = 3;
const M_LINK = 4;
const M_OFFSET = 5;
const M_END = 6;
export const META_FIELDS = 7;

/** Frames for one shard, transferable: their bytes back to back, and what each is. */
export interface FrameBatch {
  readonly count: number;
  readonly meta: Float64Array;
  readonly bytes: Uint8Array;
}

class BatchBuilder {
  private meta: Float64Array;
  private bytes: Uint8Array;
  count = 0;
  used = 0;

  constructor(private readonly bytesPerBatch: number) {
    this.bytes = new Uint8Array(bytesPerBatch);
    this.meta = new Float64Array(META_FIELDS * 1024);
  }

  add(fr: CapturedFrame, number: number): void {
    const n = fr.data.length;
    if (this.used + n > this.bytes.length)
      this.bytes = grown(this.bytes, Math.max(this.bytes.length * 2, this.used + n));
    if ((this.count + 1) * META_FIELDS > this.meta.length) {
      const more = new Float64Array(this.meta.length * 2);
      more.set(this.meta);
      this.meta = more;
    }
    this.bytes.set(fr.data, this.used);
    this.used += n;
    const m = this.meta;
    const at = this.count * META_FIELDS;
    m[at + M_NUMBER] = number;
    m[at + M_SEC] = fr.sec;
    m[at + M_NSEC] = fr.nsec;
    m[at + M_ORIG] = fr.origLen;
    m[at + M_LINK] = fr.linkType;
    m[at + M_OFFSET] = fr.offset;
    m[at + M_END] = this.used;
    this.count++;
  }

  take(): FrameBatch {
    const batch = {
      count: this.count,
      meta: this.meta.slice(0, this.count * META_FIELDS),
      bytes: this.bytes.slice(0, this.used),
    };
    this.count = 0;
    this.used = 0;
    if (this.bytes.length > this.bytesPerBatch * 2) this.bytes = new Uint8Array(this.bytesPerBatch);
    return batch;
  }
}

function grown(b: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(size);
  out.set(b);
  return out;
}

/** Calls `each` with every frame of the batch, as a reader would hand it (one object, refilled). */
export function forEachFrame(batch: FrameBatch, each: (fr: CapturedFrame, number: number) => void): void {
  const fr = { linkType: 0, sec: 0, nsec: 0, origLen: 0, data: batch.bytes, offset: 0 };
  const m = batch.meta;
  let start = 0;
  for (let i = 0; i < batch.count; i++) {
    const at = i * META_FIELDS;
    const end = m[at + M_END];
    fr.linkType = m[at + M_LINK];
    fr.sec = m[at + M_SEC];
    fr.nsec = m[at + M_NSEC];
    fr.origLen = m[at + M_ORIG];
    fr.offset = m[at + M_OFFSET];
    fr.data = batch.bytes.subarray(start, end);
    each(fr, m[at + M_NUMBER]);
    start = end;
  }
}

/** How a frame is placed: by its conversation, by its conversation unless an announcement pinned it, or freely. */
const HELD = 0;
const PINNABLE = 1;
const FREE = 2;
type Held = typeof HELD | typeof PINNABLE | typeof FREE;

const ICMP_ERRORS = new Set([3, 4, 5, 11, 12]);
const ICMP6_ERRORS = new Set([1, 2, 3, 4]);
const FTP_ANNOUNCES = /^(227 |229 |PORT\s|EPRT\s)/im;
const latin1 = new TextDecoder('latin1');

export class FrameSharder {
  private readonly builders: BatchBuilder[];
  private frames = 0;
  /** Connections announced by FTP or TFTP ("addrA|portA|addrB"), pinned to the announcing exchange's shard. */
  private readonly pins = new Map<string, number>();
  private readonly pinnedPorts = new Set<number>();
  /** The conversation key of the frame being placed: the two ends, as numbers. */
  private keyA = 0;
  private keyB = 0;
  /** The IP header pinned() reads (an ICMP error's quoted one), and whether it is quoted. */
  private ipAt = 0;
  private quoted = false;
  /** Where the next TFTP request goes (requests are free; their transfers follow them). */
  private round = 0;

  constructor(
    readonly shards: number,
    private readonly emit: (shard: number, batch: FrameBatch) => void,
    private readonly bytesPerBatch = 1 << 20,
  ) {
    this.builders = Array.from({ length: shards }, () => new BatchBuilder(bytesPerBatch));
  }

  /** Places the next frame of the capture (numbered from 1 in capture order). */
  add(fr: CapturedFrame): void {
    const number = ++this.frames;
    const shard = this.shards === 1 ? 0 : this.shardOf(fr, number);
    const b = this.builders[shard];
    b.add(fr, number);
    if (b.used >= this.bytesPerBatch) this.emit(shard, b.take());
  }

  /** Hands on every frame placed and not yet handed on. */
  flush(): void {
    this.builders.forEach((b, shard) => {
      if (b.count > 0) this.emit(shard, b.take());
    });
  }

  private shardOf(fr: CapturedFrame, number: number): number {
    const b = fr.data;
    let o: number;
    let type: number;
    switch (fr.linkType) {
      case LINKTYPE_ETHERNET:
        if (b.length < 14) return number % this.shards;
        type = (b[12] << 8) | b[13];
        o = 14;
        while ((type === 0x8100 || type === 0x88a8) && b.length >= o + 4) {
          type = (b[o + 2] << 8) | b[o + 3];
          o += 4;
        }
        break;
      case LINKTYPE_LINUX_SLL:
        type = (b[14] << 8) | b[15];
        o = 16;
        break;
      case LINKTYPE_LINUX_SLL2:
        type = (b[0] << 8) | b[1];
        o = 20;
        break;
      case LINKTYPE_RAW:
      case LINKTYPE_IPV4:
      case LINKTYPE_IPV6:
        type = -1;
        o = 0;
        break;
      case LINKTYPE_NULL:
      case LINKTYPE_LOOP:
        type = -1;
        o = 4;
        break;
      default:
        return number % this.shards;
    }
    if (o >= b.length) return number % this.shards;
    const v = b[o] >> 4;
    const ok = type === 0x0800 ? v === 4 : type === 0x86dd ? v === 6 : type === -1 ? v === 4 || v === 6 : false;
    if (!ok) return number % this.shards;
    const held = this.conversation(b, o, v, false);
    if (held === PINNABLE) return this.pinned(b, this.ipAt, this.quoted) ?? number % this.shards;
    return held === HELD ? this.hashShard() : number % this.shards;
  }

  /**
   * Whether the frame (IP at `o`) belongs to a conversation dissection remembers (keyA/keyB set to it): a
   * TCP connection, a fragmented datagram, IPv6 behind extension headers; or is a UDP datagram, which only
   * an announced TFTP transfer holds; or is free (ICMP, other protocols: nothing carries over).
   */
  private conversation(b: Uint8Array, o: number, v: number, quoted: boolean): Held {
    if (v === 4) {
      if (b.length < o + 20) return FREE;
      const ihl = (b[o] & 0x0f) * 4;
      const proto = b[o + 9];
      const src = u32(b, o + 12);
      const dst = u32(b, o + 16);
      const fragment = (b[o + 6] & 0x3f) !== 0 || b[o + 7] !== 0;
      const l4 = o + ihl;
      if (fragment) return this.ends(src, proto, dst, ((b[o + 4] << 8) | b[o + 5]) + 0x10000);
      if (proto === 1 && !quoted && b.length >= l4 + 8 + 20 && ICMP_ERRORS.has(b[l4]) && b[l4 + 8] >> 4 === 4) {
        return this.conversation(b, l4 + 8, 4, true);
      }
      this.ipAt = o;
      this.quoted = quoted;
      if (proto === 6 && b.length >= l4 + 4) {
        this.ends(src, u16(b, l4), dst, u16(b, l4 + 2));
        return PINNABLE;
      }
      // A quoted datagram is looked up among the announced transfers too (it announces none).
      return proto === 17 && b.length >= l4 + 8 ? PINNABLE : FREE;
    }
    if (b.length < o + 40) return FREE;
    const src = hash16(b, o + 8);
    const dst = hash16(b, o + 24);
    const next = b[o + 6];
    const l4 = o + 40;
    if (next === 6 && b.length >= l4 + 4) return this.ends(src, u16(b, l4), dst, u16(b, l4 + 2));
    if (next === 58 && !quoted && b.length >= l4 + 8 + 40 && ICMP6_ERRORS.has(b[l4]) && b[l4 + 8] >> 4 === 6) {
      return this.conversation(b, l4 + 8, 6, true);
    }
    // Extension headers (fragments among them) stay with their host pair.
    if (next === 0 || next === 43 || next === 44 || next === 60) return this.ends(src, 0, dst, 0);
    return FREE;
  }

  /** The conversation's two ends, in an order that does not depend on direction. */
  private ends(a: number, pa: number, b: number, pb: number): typeof HELD {
    const x = mix(a, pa);
    const y = mix(b, pb);
    this.keyA = Math.min(x, y);
    this.keyB = Math.max(x, y);
    return HELD;
  }

  private hashShard(): number {
    return ((Math.imul(this.keyA ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(this.keyB, 0xc2b2ae35)) >>> 0) % this.shards;
  }

  /**
   * An IPv4 TCP or UDP frame: a connection an FTP or TFTP exchange announced goes where the exchange went,
   * and an exchange that announces one pins it there; other TCP goes by its connection, other UDP is free
   * (null). Only frames on a pinned port, or to or from ports 21 and 69, pay for the look.
   */
  private pinned(b: Uint8Array, o: number, quoted: boolean): number | null {
    const ihl = (b[o] & 0x0f) * 4;
    const proto = b[o + 9];
    const l4 = o + ihl;
    const tcp = proto === 6;
    if (b.length < l4 + 8) return tcp ? this.hashShard() : null;
    const src = u32(b, o + 12);
    const dst = u32(b, o + 16);
    const sport = u16(b, l4);
    const dport = u16(b, l4 + 2);
    if (this.pinnedPorts.has(sport) || this.pinnedPorts.has(dport)) {
      const s = this.pins.get(`${src}|${sport}|${dst}`) ?? this.pins.get(`${dst}|${dport}|${src}`);
      if (s !== undefined) return s;
    }
    if (quoted) return tcp ? this.hashShard() : null;
    if (!tcp && dport === 69) {
      // A TFTP request: the server answers from a new port to the client's. The request itself is free.
      const shard = this.round++ % this.shards;
      this.pin(src, sport, dst, shard);
      return shard;
    }
    if (!tcp) return null;
    if ((sport === 21 || dport === 21) && b.length >= l4 + 20) {
      const payload = l4 + (b[l4 + 12] >> 4) * 4;
      if (payload < b.length) {
        const text = latin1.decode(b.subarray(payload, Math.min(b.length, payload + 512)));
        if (FTP_ANNOUNCES.test(text))
          for (const port of announcedPorts(text)) this.pin(src, port, dst, this.hashShard());
      }
    }
    return this.hashShard();
  }

  private pin(a: number, port: number, b: number, shard: number): void {
    this.pins.set(`${a}|${port}|${b}`, shard);
    this.pinnedPorts.add(port);
  }
}

/** The ports an FTP control line announces (PASV, EPSV replies; PORT, EPRT commands), as dissect-ftp reads them. */
function announcedPorts(text: string): number[] {
  const out: number[] = [];
  for (const line of text.split('\n')) {
    let m =
      /^227 .*?(\d+),(\d+),(\d+),(\d+),(\d+),(\d+)/.exec(line) ??
      /^PORT\s+(\d+),(\d+),(\d+),(\d+),(\d+),(\d+)/i.exec(line);
    if (m) {
      out.push((Number(m[5]) % 256) * 256 + (Number(m[6]) % 256));
      continue;
    }
    m = /^229 .*\(([^\d\s])\1\1(\d+)\1\)/.exec(line) ?? /^EPRT\s+([^\d\s])\d\1[^|]*\1(\d+)\1/i.exec(line);
    if (m) out.push(Number(m[2]));
  }
  return out;
}

function u16(b: Uint8Array, o: number): number {
  return (b[o] << 8) | b[o + 1];
}

function u32(b: Uint8Array, o: number): number {
  return ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
}

/** An IPv6 address as one 32-bit number (FNV-1a of its 16 bytes). */
function hash16(b: Uint8Array, o: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = o; i < o + 16; i++) h = Math.imul(h ^ b[i], 0x01000193);
  return h >>> 0;
}

/** An end (address, port) as one 32-bit number. */
function mix(addr: number, port: number): number {
  let h = Math.imul(addr ^ (port << 16) ^ port, 0x9e3779b1);
  h ^= h >>> 15;
  return Math.imul(h, 0x85ebca6b) >>> 0;
}

/**
 * tcp.stream numbers across shards: a stream's number is how many streams, in all shards, began before it
 * (each stream's first frame number; a shard's own list is ascending). Returns the new number of each of
 * `mine`'s streams.
 */
export function streamRenumbering(mine: Uint32Array, others: readonly Uint32Array[]): Uint32Array {
  const out = new Uint32Array(mine.length);
  const at = others.map(() => 0);
  for (let i = 0; i < mine.length; i++) {
    let before = i;
    const first = mine[i];
    others.forEach((o, k) => {
      let j = at[k];
      while (j < o.length && o[j] < first) j++;
      at[k] = j;
      before += j;
    });
    out[i] = before;
  }
  return out;
}
