/**
 * ICMP: type, code, checksum; echo data as `data`; the datagram an error quotes is dissected again (its
 * IP and UDP/TCP headers), and since tshark keeps the first occurrence, only fields the outer layers lack
 * (udp.*, tcp.*) come from the quoted one.
 */
import { COL } from './users-layout.ts';
import type { Dissection } from './dissection.ts';

const ERRORS = new Set([3, 4, 5, 11, 12]);

export function dissectIcmp(
  d: Dissection,
  b: Uint8Array,
  start: number,
  end: number,
  reported: number,
  quoted: (start: number, end: number) => void,
): void {
  const f = d.f;
  f.layer('icmp');
  if (end - start < 4) {
    d.issue('snaplen-cut', 'ICMP header');
    return;
  }
  const type = b[start];
  f.setUint(COL['icmp.type'], type);
  f.setUint(COL['icmp.code'], b[start + 1]);
  f.setHex4(COL['icmp.checksum'], (b[start + 2] << 8) | b[start + 3]);
  if (ERRORS.has(type)) {
    if (end - start > 8) quoted(start + 8, end);
    return;
  }
  if ((type === 0 || type === 8) && reported > 8) f.layer('data');
}
