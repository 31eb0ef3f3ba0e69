/**
 * UDP: ports, length, checksum, then the payload by announced conversation (TFTP), lower port, higher port.
 */
import { COL } from './users-layout.ts';
import { byPorts, UDP_PORTS } from './app-ports.ts';
import { dissectDns } from './dissect-dns.ts';
import { dissectSsdp } from './dissect-http.ts';
import type { Dissection } from './dissection.ts';
import type { DissectorState } from './dissector-state.ts';

export function dissectUdp(d: Dissection, s: DissectorState, b: Uint8Array, start: number, end: number, reported: number): void {
  const f = d.f;
  f.layer('udp');
  if (end - start < 8) { d.issue('snaplen-cut', 'UDP header'); return; }
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
  const proto = conv?.proto ?? byPorts(UDP_PORTS, sport, dport);
  if (!proto) { f.layer('data'); return; }
  if (proto === 'dns' || proto === 'mdns' || proto === 'llmnr') {
    if (proto === 'dns') dissectDns(d, b, start + 8, pEnd);
    else f.layer(proto);
    return;
  }
  if (proto === 'ssdp') { dissectSsdp(d, b.subarray(start + 8, pEnd)); return; }
  f.layer(proto);
  if (proto === 'tftp' && !conv && !d.addr.inError && dport === 69) {
    // A request: the server answers from a new port, so the client's port pair is claimed for TFTP.
    s.udpAnnounced.announce(src, sport, dst, 'tftp', d.frameNumber);
  }
}
