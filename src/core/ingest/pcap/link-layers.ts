/**
 * Link layers: Ethernet (with 802.1Q tags), Linux cooked capture v1 and v2, raw IP, BSD loopback.
 * Each names itself in frame.protocols as tshark does and hands its payload on by ethertype.
 */
import { COL } from './users-layout.ts';
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
import type { Dissection } from './dissection.ts';

export interface NetworkLayer {
  ethertype(d: Dissection, type: number, b: Uint8Array, start: number, reported: number): void;
  ipByVersion(d: Dissection, b: Uint8Array, start: number, reported: number): void;
}

const ETH_VLAN = 0x8100;
const ETH_QINQ = 0x88a8;

/** Dissects one frame's link layer; returns false for a link type this dissector does not know. */
export function dissectLink(
  d: Dissection,
  net: NetworkLayer,
  linkType: number,
  b: Uint8Array,
  reported: number,
): boolean {
  switch (linkType) {
    case LINKTYPE_ETHERNET:
      ethernet(d, net, b, reported);
      return true;
    case LINKTYPE_LINUX_SLL:
      sll(d, net, b, reported);
      return true;
    case LINKTYPE_LINUX_SLL2:
      sll2(d, net, b, reported);
      return true;
    case LINKTYPE_RAW:
      d.f.layer('raw');
      net.ipByVersion(d, b, 0, reported);
      return true;
    case LINKTYPE_IPV4:
    case LINKTYPE_IPV6:
      // tshark hands these straight to IP: no `raw` layer in frame.protocols.
      net.ipByVersion(d, b, 0, reported);
      return true;
    case LINKTYPE_NULL:
    case LINKTYPE_LOOP:
      loopback(d, net, b, reported, linkType);
      return true;
    default:
      return false;
  }
}

function ethernet(d: Dissection, net: NetworkLayer, b: Uint8Array, reported: number): void {
  const f = d.f;
  f.layer('eth');
  if (b.length < 14) {
    if (b.length >= 6) f.setMac(COL['eth.dst'], b, 0);
    if (b.length >= 12) f.setMac(COL['eth.src'], b, 6);
    d.issue('snaplen-cut', 'Ethernet header');
    return;
  }
  f.setMac(COL['eth.dst'], b, 0);
  f.setMac(COL['eth.src'], b, 6);
  let type = (b[12] << 8) | b[13];
  if (type <= 1500) {
    // 802.3 length field: LLC follows, none of the users' fields are above it.
    f.layer('llc');
    return;
  }
  f.setHex4(COL['eth.type'], type);
  let o = 14;
  f.layer('ethertype');
  while ((type === ETH_VLAN || type === ETH_QINQ) && b.length >= o + 4) {
    f.layer('vlan');
    type = (b[o + 2] << 8) | b[o + 3];
    o += 4;
    f.layer('ethertype');
  }
  net.ethertype(d, type, b, o, reported - o);
}

function sll(d: Dissection, net: NetworkLayer, b: Uint8Array, reported: number): void {
  d.f.layer('sll');
  if (b.length < 16) {
    d.issue('snaplen-cut', 'Linux cooked header');
    return;
  }
  const proto = (b[14] << 8) | b[15];
  d.f.layer('ethertype');
  net.ethertype(d, proto, b, 16, reported - 16);
}

function sll2(d: Dissection, net: NetworkLayer, b: Uint8Array, reported: number): void {
  d.f.layer('sll');
  if (b.length < 20) {
    d.issue('snaplen-cut', 'Linux cooked v2 header');
    return;
  }
  const proto = (b[0] << 8) | b[1];
  d.f.layer('ethertype');
  net.ethertype(d, proto, b, 20, reported - 20);
}

function loopback(d: Dissection, net: NetworkLayer, b: Uint8Array, reported: number, linkType: number): void {
  d.f.layer('null');
  if (b.length < 4) {
    d.issue('snaplen-cut', 'loopback header');
    return;
  }
  // NULL is in the capturing host's byte order, LOOP always big-endian; AF values are small either way.
  const le = b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24);
  const be = (b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3];
  const af = linkType === LINKTYPE_LOOP ? be : (le & 0xffff0000) === 0 && le !== 0 ? le : be;
  if (af === 2) net.ethertype(d, 0x0800, b, 4, reported - 4);
  else if (af === 10 || af === 24 || af === 28 || af === 30) net.ethertype(d, 0x86dd, b, 4, reported - 4);
  else d.f.layer('data');
}
