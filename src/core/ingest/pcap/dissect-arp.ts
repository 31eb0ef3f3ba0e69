/** ARP: only its presence in frame.protocols is among the users' fields. */
import type { Dissection } from './dissection.ts';

export function dissectArp(d: Dissection, start: number, end: number): void {
  d.f.layer('arp');
  if (end - start < 8) d.issue('snaplen-cut', 'ARP header');
}
