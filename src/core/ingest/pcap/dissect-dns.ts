/**
 * DNS messages (over UDP, and over TCP after the 2-byte length): the first query's name, type and class,
 * whether it is a response, and the first A record of any section. mDNS and LLMNR are DNS messages too, and
 * tshark fills the same dns.* fields from them (an mDNS question's class without its unicast-response bit).
 */
import { COL } from './users-layout.ts';
import type { Dissection } from './dissection.ts';

/** Reads a possibly compressed name at o; returns [text, offset after the name in place] or null. */
export function readName(b: Uint8Array, start: number, end: number, o: number): [string, number] | null {
  const labels: string[] = [];
  let after = -1;
  let jumps = 0;
  while (o < end) {
    const len = b[o];
    if (len === 0) {
      if (after < 0) after = o + 1;
      return [labels.length ? labels.join('.') : '<Root>', after];
    }
    if ((len & 0xc0) === 0xc0) {
      if (o + 1 >= end || ++jumps > 64) return null;
      if (after < 0) after = o + 2;
      o = start + (((len & 0x3f) << 8) | b[o + 1]);
      continue;
    }
    if (len & 0xc0 || o + 1 + len > end) return null;
    let s = '';
    for (let i = o + 1; i <= o + len; i++) {
      const c = b[i];
      s += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : `\\${c.toString(8).padStart(3, '0')}`;
    }
    labels.push(s);
    o += 1 + len;
  }
  return null;
}

export function dissectDns(
  d: Dissection,
  b: Uint8Array,
  start: number,
  end: number,
  layer: 'dns' | 'mdns' | 'llmnr' = 'dns',
): void {
  const f = d.f;
  f.layer(layer);
  const classMask = layer === 'mdns' ? 0x7fff : 0xffff;
  if (end - start < 12) {
    d.issue('malformed', 'DNS header cut short');
    return;
  }
  const flags = (b[start + 2] << 8) | b[start + 3];
  f.setBit(COL['dns.flags.response'], (flags & 0x8000) !== 0);
  const qd = (b[start + 4] << 8) | b[start + 5];
  const rrs =
    ((b[start + 6] << 8) | b[start + 7]) +
    ((b[start + 8] << 8) | b[start + 9]) +
    ((b[start + 10] << 8) | b[start + 11]);
  let o = start + 12;
  for (let i = 0; i < qd; i++) {
    const n = readName(b, start, end, o);
    if (!n || n[1] + 4 > end) return;
    if (i === 0) {
      f.setText(COL['dns.qry.name'], n[0]);
      f.setUint(COL['dns.qry.type'], (b[n[1]] << 8) | b[n[1] + 1]);
      f.setHex4(COL['dns.qry.class'], ((b[n[1] + 2] << 8) | b[n[1] + 3]) & classMask);
    }
    o = n[1] + 4;
  }
  for (let i = 0; i < rrs; i++) {
    const n = readName(b, start, end, o);
    if (!n || n[1] + 10 > end) return;
    const p = n[1];
    const type = (b[p] << 8) | b[p + 1];
    const rdlen = (b[p + 8] << 8) | b[p + 9];
    if (p + 10 + rdlen > end) return;
    if (type === 1 && rdlen === 4) {
      f.setIpv4(COL['dns.a'], b, p + 10);
      return;
    }
    o = p + 10 + rdlen;
  }
}
