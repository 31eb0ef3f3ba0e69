/**
 * IPv4 (options, fragments reassembled as tshark does by default: the frame that completes a datagram
 * carries its transport layers, earlier fragments show `data`) and IPv6 (extension headers skipped to the
 * transport). Addresses go to the dissection for the conversation trackers above.
 */
import { COL } from './users-layout.ts';
import { ipv4Text } from './addr-cache.ts';
import { ipv6 } from './frame-fields.ts';
import { dissectArp } from './dissect-arp.ts';
import { dissectIcmp } from './dissect-icmp.ts';
import { dissectTcp } from './dissect-tcp.ts';
import { dissectUdp } from './dissect-udp.ts';
import type { Dissection } from './dissection.ts';
import type { DissectorState } from './dissector-state.ts';
import type { NetworkLayer } from './link-layers.ts';

/** IPv6 extension headers and their frame.protocols names. */
const V6_EXT: ReadonlyMap<number, string> = new Map([
  [0, 'ipv6.hopopts'],
  [43, 'ipv6.routing'],
  [44, 'ipv6.fraghdr'],
  [60, 'ipv6.dstopts'],
]);

export class IpLayer implements NetworkLayer {
  constructor(private readonly s: DissectorState) {}

  ethertype(d: Dissection, type: number, b: Uint8Array, start: number, reported: number): void {
    const end = Math.min(b.length, start + reported);
    if (type === 0x0800) this.ipv4(d, b, start, end);
    else if (type === 0x86dd) this.ipv6(d, b, start, end);
    else if (type === 0x0806) dissectArp(d, start, end);
    else d.f.layer('data');
  }

  ipByVersion(d: Dissection, b: Uint8Array, start: number, reported: number): void {
    const end = Math.min(b.length, start + reported);
    if (end <= start) return;
    const v = b[start] >> 4;
    if (v === 4) this.ipv4(d, b, start, end);
    else if (v === 6) this.ipv6(d, b, start, end);
    else d.f.layer('data');
  }

  ipv4(d: Dissection, b: Uint8Array, start: number, end: number): void {
    const f = d.f;
    f.layer('ip');
    if (end - start < 20) {
      d.issue('snaplen-cut', 'IPv4 header');
      return;
    }
    const ihl = (b[start] & 0x0f) * 4;
    const total = (b[start + 2] << 8) | b[start + 3];
    const id = (b[start + 4] << 8) | b[start + 5];
    const flags = b[start + 6] >> 5;
    const fragOff = ((b[start + 6] & 0x1f) << 8) | b[start + 7];
    const proto = b[start + 9];
    f.setUint(COL['ip.version'], b[start] >> 4);
    f.setHex2(COL['ip.dsfield'], b[start + 1]);
    f.setUint(COL['ip.len'], total);
    f.setHex2(COL['ip.flags'], flags);
    // tshark 4.0 exports the 13-bit field itself (units of 8 bytes), not the byte offset.
    f.setUint(COL['ip.frag_offset'], fragOff);
    f.setUint(COL['ip.ttl'], b[start + 8]);
    f.setUint(COL['ip.proto'], proto);
    f.setHex4(COL['ip.checksum'], (b[start + 10] << 8) | b[start + 11]);
    const src = ipv4Text(b, start + 12);
    const dst = ipv4Text(b, start + 16);
    const srcN = ((b[start + 12] << 24) | (b[start + 13] << 16) | (b[start + 14] << 8) | b[start + 15]) >>> 0;
    const dstN = ((b[start + 16] << 24) | (b[start + 17] << 16) | (b[start + 18] << 8) | b[start + 19]) >>> 0;
    f.setIpv4(COL['ip.src'], b, start + 12);
    f.setIpv4(COL['ip.dst'], b, start + 16);
    if (ihl < 20) return;
    // Ethernet pads short frames; the datagram ends where its total length says.
    const reported = total - ihl;
    if (reported < 0) return;
    const pStart = start + ihl;
    const pEnd = Math.min(end, pStart + reported);
    if (pEnd < pStart + reported && !d.addr.inError) d.issue('snaplen-cut', 'IPv4 payload');
    const mf = (flags & 1) !== 0;
    if ((mf || fragOff > 0) && !d.addr.inError) {
      this.fragment(d, b, pStart, pEnd, reported, src, dst, id, proto, fragOff * 8, mf, srcN, dstN);
      return;
    }
    this.transport(d, proto, src, dst, b, pStart, pEnd, reported, srcN, dstN);
  }

  private fragment(
    d: Dissection,
    b: Uint8Array,
    pStart: number,
    pEnd: number,
    reported: number,
    src: string,
    dst: string,
    id: number,
    proto: number,
    offset: number,
    mf: boolean,
    srcN: number,
    dstN: number,
  ): void {
    const key = `${src}|${dst}|${id}|${proto}`;
    let fr = this.s.fragments.get(key);
    if (!fr) {
      fr = { parts: new Map(), total: -1 };
      this.s.fragments.set(key, fr);
    }
    fr.parts.set(offset, b.slice(pStart, pEnd));
    if (!mf) fr.total = offset + reported;
    if (fr.total >= 0) {
      const whole = new Uint8Array(fr.total);
      let have = 0;
      for (const [o, part] of [...fr.parts].sort((x, y) => x[0] - y[0])) {
        if (o > have) break;
        const n = Math.min(part.length, fr.total - o);
        whole.set(part.subarray(0, n), o);
        have = Math.max(have, o + n);
      }
      if (have >= fr.total) {
        this.s.fragments.delete(key);
        this.transport(d, proto, src, dst, whole, 0, whole.length, whole.length, srcN, dstN);
        return;
      }
    }
    d.f.layer('data');
  }

  ipv6(d: Dissection, b: Uint8Array, start: number, end: number): void {
    const f = d.f;
    f.layer('ipv6');
    if (end - start < 40) {
      d.issue('snaplen-cut', 'IPv6 header');
      return;
    }
    // Wireshark's IPv6 dissector fills ip.version too (the field is shared with IPv4's).
    f.setUint(COL['ip.version'], b[start] >> 4);
    const plen = (b[start + 4] << 8) | b[start + 5];
    let next = b[start + 6];
    const src = ipv6(b, start + 8);
    const dst = ipv6(b, start + 24);
    let o = start + 40;
    let reported = plen;
    const limit = Math.min(end, o + plen);
    while (V6_EXT.has(next)) {
      if (o + 8 > limit) {
        d.issue('snaplen-cut', 'IPv6 extension header');
        return;
      }
      f.layer(V6_EXT.get(next) as string);
      const len = next === 44 ? 8 : (b[o + 1] + 1) * 8;
      if (next === 44) {
        const off = ((b[o + 2] << 8) | b[o + 3]) & 0xfff8;
        const more = (b[o + 3] & 1) !== 0;
        if (off > 0 || more) {
          f.layer('data');
          return;
        }
      }
      next = b[o];
      o += len;
      reported -= len;
    }
    this.transport(d, next, src, dst, b, o, Math.min(limit, o + Math.max(0, reported)), reported, -1, -1);
  }

  private transport(
    d: Dissection,
    proto: number,
    src: string,
    dst: string,
    b: Uint8Array,
    start: number,
    end: number,
    reported: number,
    srcN: number,
    dstN: number,
  ): void {
    // Inside an ICMP error too: the quoted datagram's own addresses key its conversations (as in tshark).
    d.addr.src = src;
    d.addr.dst = dst;
    d.addr.srcN = srcN;
    d.addr.dstN = dstN;
    switch (proto) {
      case 6:
        dissectTcp(d, this.s, b, start, end, reported);
        return;
      case 17:
        dissectUdp(d, this.s, b, start, end, reported);
        return;
      case 2:
        // IGMP (none of its fields are the users'): tshark 4.0 lists it twice, the protocol and then the
        // version's own dissector under the same name (`ip:igmp:igmp`).
        d.f.layer('igmp');
        d.f.layer('igmp');
        return;
      case 1:
        dissectIcmp(d, b, start, end, reported, (qs, qe) => {
          d.addr.inError = true;
          this.ipByVersion(d, b, qs, qe - qs);
        });
        return;
      case 58:
        // ICMPv6 (none of its fields are the users'); an error quotes the datagram it answers, dissected
        // again as for ICMP (destination unreachable, packet too big, time exceeded, parameter problem).
        d.f.layer('icmpv6');
        if (end - start > 8 && b[start] >= 1 && b[start] <= 4) {
          d.addr.inError = true;
          this.ipByVersion(d, b, start + 8, end - start - 8);
        }
        return;
      default:
        if (reported > 0) d.f.layer('data');
    }
  }
}
