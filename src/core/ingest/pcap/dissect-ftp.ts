/**
 * FTP control connections (only what frame.protocols needs: the data connections that PASV, EPSV, PORT
 * and EPRT announce) and FTP data (text or binary, judged as tshark 4.0 does from the first twenty bytes).
 */
import type { Dissection } from './dissection.ts';
import type { DissectorState } from './dissector-state.ts';

const dec = new TextDecoder('latin1');

export function dissectFtp(d: Dissection, s: DissectorState, payload: Uint8Array, sport: number, dport: number): void {
  d.f.layer('ftp');
  if (d.addr.inError) return;
  const text = dec.decode(payload);
  const { src, dst } = d.addr;
  for (const line of text.split('\n')) {
    let m = /^227 .*?(\d+),(\d+),(\d+),(\d+),(\d+),(\d+)/.exec(line);
    if (m && sport === 21) {
      const port = (Number(m[5]) % 256) * 256 + (Number(m[6]) % 256);
      s.tcpAnnounced.announce(src, port, dst, 'ftp-data', d.frameNumber);
      continue;
    }
    m = /^229 .*\(([^\d\s])\1\1(\d+)\1\)/.exec(line);
    if (m && sport === 21) {
      s.tcpAnnounced.announce(src, Number(m[2]), dst, 'ftp-data', d.frameNumber);
      continue;
    }
    m = /^PORT\s+(\d+),(\d+),(\d+),(\d+),(\d+),(\d+)/i.exec(line);
    if (m && dport === 21) {
      const port = (Number(m[5]) % 256) * 256 + (Number(m[6]) % 256);
      s.tcpAnnounced.announce(src, port, dst, 'ftp-data', d.frameNumber);
      continue;
    }
    m = /^EPRT\s+([^\d\s])\d\1[^|]*\1(\d+)\1/i.exec(line);
    if (m && dport === 21) s.tcpAnnounced.announce(src, Number(m[2]), dst, 'ftp-data', d.frameNumber);
  }
}

export function dissectFtpData(d: Dissection, payload: Uint8Array): void {
  d.f.layer('ftp-data');
  const n = Math.min(20, payload.length);
  for (let i = 0; i < n; i++) {
    const c = payload[i];
    if (c !== 0x0d && c !== 0x0a && (c < 0x20 || c > 0x7e)) return;
  }
  d.f.layer('data-text-lines');
}
