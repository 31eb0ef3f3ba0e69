/**
 * UDP: ports, length, checksum, then the payload by announced conversation (TFTP), lower port, higher port,
 * and ONC-RPC to or from the portmapper's port.
 */
import { COL } from './users-layout.ts';
import { byPorts, UDP_PORTS } from './app-ports.ts';
import { dissectDns } from './dissect-dns.ts';
import { dissectSsdp } from './dissect-http.ts';
import type { Dissection } from './dissection.ts';
import type { DissectorState } from './dissector-state.ts';

/** The portmapper's port: tshark hands what reaches it to its ONC-RPC dissector, which takes only RPC. */
const RPCBIND = 111;
const PORTMAP_PROGRAM = 100000;

/**
 * ONC-RPC (RFC 5531) as tshark 4.0 names it: a call (type 0, RPC version 2) or a reply (type 1) is `rpc`,
 * and a call to the portmapper in a version it knows (2 to 4) is `rpc:portmap`; anything else is not RPC.
 */
function onc(b: Uint8Array, s: number, e: number): string | undefined {
  if (e - s < 12) return undefined;
  const u32 = (o: number): number => ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
  const type = u32(s + 4);
  if (type === 1) return 'rpc';
  if (type !== 0 || e - s < 24 || u32(s + 8) !== 2) return undefined;
  const version = u32(s + 16);
  return u32(s + 12) === PORTMAP_PROGRAM && version >= 2 && version <= 4 ? 'rpc:portmap' : 'rpc';
}

export function dissectUdp(
  d: Dissection,
  s: DissectorState,
  b: Uint8Array,
  start: number,
  end: number,
  reported: number,
): void {
  const f = d.f;
  f.layer('udp');
  if (end - start < 8) {
    d.issue('snaplen-cut', 'UDP header');
    return;
  }
  const sport = (b[start] << 8) | b[start + 1];
  const dport = (b[start + 2] << 8) | b[start + 3];
  const len = (b[start + 4] << 8) | b[start + 5];
  f.setUint(COL['udp.srcport'], sport);
  f.setUint(COL['udp.dstport'], dport);
  f.setUint(COL['udp.length'], len);
  f.setHex4(COL['udp.checksum'], (b[start + 6] << 8) | b[start + 7]);
  const payloadReported = Math.min(len, reported) - 8;
  if (payloadReported <= 0) return;
  const pEnd = Math.min(end, start + 8 + payloadReported);
  const { src, dst } = d.addr;
  const conv = s.udpAnnounced.find(src, sport, dst, dport);
  const proto =
    conv?.proto ??
    byPorts(UDP_PORTS, sport, dport) ??
    (sport === RPCBIND || dport === RPCBIND ? onc(b, start + 8, pEnd) : undefined);
  if (!proto) {
    f.layer('data');
    return;
  }
  if (proto === 'dns' || proto === 'mdns' || proto === 'llmnr') {
    dissectDns(d, b, start + 8, pEnd, proto);
    return;
  }
  if (proto === 'rpc' || proto === 'rpc:portmap') {
    f.layer('rpc');
    if (proto === 'rpc:portmap') f.layer('portmap');
    return;
  }
  if (proto === 'ssdp') {
    dissectSsdp(d, b.subarray(start + 8, pEnd));
    return;
  }
  f.layer(proto);
  if (proto === 'tftp' && !conv && !d.addr.inError && dport === 69) {
    // A request: the server answers from a new port, so the client's port pair is claimed for TFTP.
    s.udpAnnounced.announce(src, sport, dst, 'tftp', d.frameNumber);
  }
}
