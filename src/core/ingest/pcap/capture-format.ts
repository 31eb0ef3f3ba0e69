/** Tells pcap from pcapng by the first four bytes (never by the file name). */

export type CaptureFormat = 'pcap' | 'pcapng';

export function captureFormat(head: Uint8Array): CaptureFormat | null {
  if (head.length < 4) return null;
  const m = ((head[0] << 24) | (head[1] << 16) | (head[2] << 8) | head[3]) >>> 0;
  if (m === 0x0a0d0d0a) return 'pcapng';
  if (m === 0xd4c3b2a1 || m === 0xa1b2c3d4 || m === 0x4d3cb2a1 || m === 0xa1b23c4d) return 'pcap';
  return null;
}
