/**
 * TCP: header fields, tshark's stream index, relative sequence numbers and scaled window (tcp-tracker.ts),
 * then the payload: an announced conversation (FTP data), the server port, the lower port, the higher port.
 */
import { COL } from './users-layout.ts';
import { byPorts, TCP_PORTS } from './app-ports.ts';
import { dissectDns } from './dissect-dns.ts';
import { dissectFtp, dissectFtpData } from './dissect-ftp.ts';
import { dissectHttp, newHttpFlow, type HttpFlow } from './dissect-http.ts';
import type { Dissection } from './dissection.ts';
import type { DissectorState } from './dissector-state.ts';
import type { TcpConversation } from './tcp-tracker.ts';

const FIN = 0x01;
const SYN = 0x02;

/** Reads the window-scale option of a SYN's header options, or -1. */
function windowScale(b: Uint8Array, o: number, end: number): number {
  while (o < end) {
    const kind = b[o];
    if (kind === 0) return -1;
    if (kind === 1) {
      o++;
      continue;
    }
    if (o + 1 >= end) return -1;
    const len = b[o + 1];
    if (len < 2) return -1;
    if (kind === 3 && len === 3 && o + 2 < end) return b[o + 2];
    o += len;
  }
  return -1;
}

/**
 * tshark's heuristic dissectors for TCP payloads no port claims; of those, HTTP's (dissect_http_heur_tcp):
 * a first line that starts with `HTTP/1.` or whose last 8 bytes start with it makes the whole conversation
 * HTTP from this frame on.
 */
function heuristic(conv: TcpConversation, p: Uint8Array): string | undefined {
  let i = 0;
  while (i < p.length && p[i] !== 0x0a && p[i] !== 0x0d) i++;
  if (i >= p.length || (p[i] === 0x0d && i + 1 >= p.length) || i === 8) return undefined;
  if (httpToken(p, 0) || (i >= 8 && httpToken(p, i - 8))) {
    conv.heuristic = 'http';
    return 'http';
  }
  return undefined;
}

/** `HTTP/1.` at `o`, any case. */
function httpToken(p: Uint8Array, o: number): boolean {
  const t = 'HTTP/1.';
  for (let k = 0; k < 7; k++) {
    const c = p[o + k];
    if (c === undefined || (c | (k < 4 ? 0x20 : 0)) !== (t.charCodeAt(k) | (k < 4 ? 0x20 : 0))) return false;
  }
  return true;
}

export function dissectTcp(
  d: Dissection,
  s: DissectorState,
  b: Uint8Array,
  start: number,
  end: number,
  reported: number,
): void {
  const f = d.f;
  f.layer('tcp');
  if (end - start < 4) {
    d.issue('snaplen-cut', 'TCP header');
    return;
  }
  const sport = (b[start] << 8) | b[start + 1];
  const dport = (b[start + 2] << 8) | b[start + 3];
  f.setUint(COL['tcp.srcport'], sport);
  f.setUint(COL['tcp.dstport'], dport);
  if (end - start < 20) {
    // An ICMP error quotes only the first 8 bytes of the header: tshark still shows the (raw) sequence number.
    if (d.addr.inError && end - start >= 8)
      f.setUint(
        COL['tcp.seq'],
        ((b[start + 4] << 24) | (b[start + 5] << 16) | (b[start + 6] << 8) | b[start + 7]) >>> 0,
      );
    else d.issue('snaplen-cut', 'TCP header');
    return;
  }
  const seq = ((b[start + 4] << 24) | (b[start + 5] << 16) | (b[start + 6] << 8) | b[start + 7]) >>> 0;
  const ack = ((b[start + 8] << 24) | (b[start + 9] << 16) | (b[start + 10] << 8) | b[start + 11]) >>> 0;
  const hlen = (b[start + 12] >> 4) * 4;
  const flags = ((b[start + 12] & 0x0f) << 8) | b[start + 13];
  const window = (b[start + 14] << 8) | b[start + 15];
  const inError = d.addr.inError;
  const seglen = reported - hlen;
  const analyse = !inError && seglen >= 0 && hlen >= 20;
  const ws = flags & SYN && hlen > 20 ? windowScale(b, start + 20, Math.min(end, start + hlen)) : -1;
  const v = s.tcp.segment(
    d.addr.src,
    d.addr.dst,
    d.addr.srcN,
    d.addr.dstN,
    sport,
    dport,
    seq,
    ack,
    flags,
    window,
    ws,
    analyse,
  );
  if (analyse) f.setUint(COL['tcp.len'], seglen);
  f.setUint(COL['tcp.seq'], v.seq);
  f.setUint(COL['tcp.ack'], v.ack);
  f.setHex4(COL['tcp.flags'], flags);
  f.setBit(COL['tcp.flags.syn'], (flags & SYN) !== 0);
  f.setBit(COL['tcp.flags.ack'], (flags & 0x10) !== 0);
  f.setBit(COL['tcp.flags.fin'], (flags & FIN) !== 0);
  f.setBit(COL['tcp.flags.reset'], (flags & 0x04) !== 0);
  f.setUint(COL['tcp.window_size'], v.window);
  f.setHex4(COL['tcp.checksum'], (b[start + 16] << 8) | b[start + 17]);
  f.setUint(COL['tcp.stream'], v.conv.stream);
  if (analyse && seglen === 0 && flags & FIN) {
    // A FIN without data ends an HTTP body that runs to the end of the connection.
    const held = (v.conv.app as [HttpFlow | null, HttpFlow | null])[v.fwd];
    if (held?.pending && held.nextSeq === seq)
      dissectHttp(
        d,
        held,
        (v.conv.app as [HttpFlow | null, HttpFlow | null])[1 - v.fwd] ?? newHttpFlow(),
        new Uint8Array(0),
        seq,
        true,
      );
    return;
  }
  if (!analyse || seglen <= 0) return;
  if (!s.tcp.newData(v, seq, seglen)) return;
  const pStart = start + hlen;
  const pEnd = Math.min(end, pStart + seglen);
  if (pEnd < pStart + seglen) d.issue('snaplen-cut', 'TCP payload');
  const { src, dst } = d.addr;
  const conv = v.conv;
  const announced = s.tcpAnnounced.find(src, sport, dst, dport);
  const payload = b.subarray(pStart, pEnd);
  const proto =
    announced?.proto ??
    conv.heuristic ??
    (conv.serverPort ? TCP_PORTS.get(conv.serverPort) : undefined) ??
    byPorts(TCP_PORTS, sport, dport) ??
    heuristic(conv, payload);
  switch (proto) {
    case 'http': {
      const dir = v.fwd;
      const flows = conv.app as [HttpFlow | null, HttpFlow | null];
      const mine = flows[dir] ?? newHttpFlow();
      const other = flows[1 - dir] ?? newHttpFlow();
      flows[dir] = mine;
      flows[1 - dir] = other;
      dissectHttp(d, mine, other, payload, seq, (flags & FIN) !== 0);
      return;
    }
    case 'ftp':
      dissectFtp(d, s, payload, sport, dport);
      return;
    case 'ftp-data':
      dissectFtpData(d, payload);
      return;
    case 'dns':
      if (seglen >= 2) dissectDns(d, b, pStart + 2, pEnd);
      return;
    case undefined:
      f.layer('data');
      return;
    default:
      f.layer(proto);
  }
}
