/**
 * Where a pcap or pcapng seed states lengths, counts and types: file and block headers (block lengths and
 * their trailers, captured and original lengths, interface ids, option lengths) and, inside each frame, the
 * fields dissection trusts (ethertype, IP header and total lengths, fragment offsets, TCP data offset, UDP
 * length, DNS counts and label lengths). The mutator lies at these spots (mutator.ts).
 */
import type { Spot } from './mutator.ts';

const LE = true;
const BE = false;

/** The spots of a capture's frames and headers; [] for bytes that are not a capture. */
export function captureSpots(b: Uint8Array): Spot[] {
  if (b.length < 24) return [];
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const m = dv.getUint32(0, false);
  if (m === 0x0a0d0d0a) return pcapngSpots(b, dv);
  if (m === 0xd4c3b2a1 || m === 0x4d3cb2a1) return pcapSpots(b, dv, LE);
  if (m === 0xa1b2c3d4 || m === 0xa1b23c4d) return pcapSpots(b, dv, BE);
  return [];
}

function pcapSpots(b: Uint8Array, dv: DataView, le: boolean): Spot[] {
  const out: Spot[] = [
    { offset: 16, size: 4, le },
    { offset: 20, size: 4, le },
    { offset: 4, size: 2, le },
  ];
  const linkType = dv.getUint32(20, le) & 0x0fffffff;
  for (let p = 24; p + 16 <= b.length; ) {
    const capLen = dv.getUint32(p + 8, le);
    out.push(
      { offset: p, size: 4, le },
      { offset: p + 4, size: 4, le },
      { offset: p + 8, size: 4, le },
      { offset: p + 12, size: 4, le },
    );
    if (p + 16 + capLen > b.length) break;
    frameSpots(b, linkType, p + 16, p + 16 + capLen, out);
    p += 16 + capLen;
  }
  return out;
}

function pcapngSpots(b: Uint8Array, dv: DataView): Spot[] {
  const out: Spot[] = [];
  const links: number[] = [];
  let le = true;
  for (let p = 0; p + 12 <= b.length; ) {
    if (dv.getUint32(p, true) === 0x0a0d0d0a) {
      le = dv.getUint32(p + 8, true) === 0x1a2b3c4d;
      links.length = 0;
    }
    const type = dv.getUint32(p, le);
    const len = dv.getUint32(p + 4, le);
    if (len < 12 || len % 4 !== 0 || p + len > b.length) break;
    out.push({ offset: p + 4, size: 4, le }, { offset: p + len - 4, size: 4, le }, { offset: p, size: 4, le });
    if (type === 0x0a0d0d0a)
      out.push({ offset: p + 12, size: 2, le }, { offset: p + 16, size: 4, le }, { offset: p + 20, size: 4, le });
    if (type === 1 && len >= 20) {
      links.push(dv.getUint16(p + 8, le));
      out.push({ offset: p + 8, size: 2, le }, { offset: p + 12, size: 4, le });
      optionSpots(dv, p + 16, p + len - 4, le, out);
    }
    if ((type === 6 || type === 2) && len >= 32) {
      const capLen = dv.getUint32(p + 20, le);
      out.push(
        { offset: p + 8, size: type === 6 ? 4 : 2, le },
        { offset: p + 12, size: 4, le },
        { offset: p + 16, size: 4, le },
        { offset: p + 20, size: 4, le },
        { offset: p + 24, size: 4, le },
      );
      const iid = type === 6 ? dv.getUint32(p + 8, le) : dv.getUint16(p + 8, le);
      if (28 + capLen + 4 <= len && iid < links.length) {
        frameSpots(b, links[iid], p + 28, p + 28 + capLen, out);
        optionSpots(dv, p + 28 + ((capLen + 3) & ~3), p + len - 4, le, out);
      }
    }
    if (type === 3 && len >= 16) out.push({ offset: p + 8, size: 4, le });
    p += len;
  }
  return out;
}

/** Each option's code and length, up to the end-of-options option. */
function optionSpots(dv: DataView, o: number, end: number, le: boolean, out: Spot[]): void {
  while (o + 4 <= end) {
    const code = dv.getUint16(o, le);
    const len = dv.getUint16(o + 2, le);
    out.push({ offset: o, size: 2, le }, { offset: o + 2, size: 2, le });
    if (code === 0) return;
    // The value's first bytes: if_tsresol is one byte, if_tsoffset eight.
    if (len >= 1 && o + 5 <= end) out.push({ offset: o + 4, size: 1, le });
    if (len >= 4 && o + 8 <= end) out.push({ offset: o + 4, size: 4, le });
    o += 4 + ((len + 3) & ~3);
  }
}

/** The frame's own lengths and types, from its link layer down to DNS (spots within [s, e) only). */
function frameSpots(b: Uint8Array, linkType: number, s: number, e: number, out: Spot[]): void {
  const add = (offset: number, size: 1 | 2 | 4): void => {
    if (offset >= s && offset + size <= e) out.push({ offset, size, le: BE });
  };
  const u16 = (o: number): number => (o + 2 <= e ? (b[o] << 8) | b[o + 1] : -1);
  let l3 = -1;
  let ethertype = -1;
  if (linkType === 1) {
    ethertype = u16(s + 12);
    add(s + 12, 2);
    l3 = s + 14;
    if (ethertype === 0x8100) {
      add(s + 16, 2);
      ethertype = u16(s + 16);
      l3 = s + 18;
    }
  } else if (linkType === 113) {
    add(s + 14, 2);
    ethertype = u16(s + 14);
    l3 = s + 16;
  } else if (linkType === 276) {
    add(s, 2);
    ethertype = u16(s);
    l3 = s + 20;
  } else if (linkType === 0 || linkType === 108) {
    add(s, 4);
    l3 = s + 4;
  } else if (linkType === 101 || linkType === 228 || linkType === 229) {
    l3 = s;
  }
  if (l3 < 0 || l3 >= e) return;
  if (ethertype === 0x0806) {
    add(l3 + 4, 1);
    add(l3 + 5, 1);
    add(l3 + 6, 2);
    return;
  }
  const version = b[l3] >> 4;
  let l4: number;
  let proto: number;
  if (version === 4) {
    add(l3, 1);
    add(l3 + 2, 2);
    add(l3 + 6, 2);
    add(l3 + 9, 1);
    l4 = l3 + (b[l3] & 15) * 4;
    proto = b[l3 + 9];
  } else if (version === 6) {
    add(l3 + 4, 2);
    add(l3 + 6, 1);
    l4 = l3 + 40;
    proto = b[l3 + 6];
  } else return;
  if (l4 >= e) return;
  if (proto === 6) {
    add(l4, 2);
    add(l4 + 2, 2);
    add(l4 + 12, 1);
    add(l4 + 13, 1);
    add(l4 + 14, 2);
  } else if (proto === 17) {
    add(l4, 2);
    add(l4 + 2, 2);
    add(l4 + 4, 2);
    if (u16(l4) === 53 || u16(l4 + 2) === 53) dnsSpots(b, l4 + 8, e, add);
  } else if (proto === 1 || proto === 58) {
    add(l4, 1);
    add(l4 + 1, 1);
    add(l4 + 8, 1);
    add(l4 + 10, 2);
    add(l4 + 17, 1);
  }
}

function dnsSpots(b: Uint8Array, d: number, e: number, add: (offset: number, size: 1 | 2 | 4) => void): void {
  for (let i = 4; i < 12; i += 2) add(d + i, 2);
  // The first name's label lengths (and a compression pointer where one is).
  for (let o = d + 12; o < e && b[o] !== 0; o += 1 + b[o]) {
    add(o, 1);
    if (b[o] >= 0xc0) {
      add(o, 2);
      return;
    }
  }
}
