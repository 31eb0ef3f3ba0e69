/** The bound a sensor puts on the TCP conversations its dissector remembers. */
import { describe, expect, it } from 'vitest';
import { TcpTracker } from './tcp-tracker.ts';

const SYN = 0x02;
const ACK = 0x10;
const A = 0x0a000001;
const B = 0x0a000002;

function segment(t: TcpTracker, frame: number, sport: number, flags = ACK, seq = 1000): number {
  t.frame = frame;
  return t.segment('10.0.0.1', '10.0.0.2', A, B, sport, 80, seq, 1, flags, 512, -1, true).conv.stream;
}

describe('TcpTracker', () => {
  it('keeps every conversation by default, as tshark does', () => {
    const t = new TcpTracker();
    for (let p = 0; p < 100; p++) segment(t, p + 1, 40000 + p, SYN);
    expect(segment(t, 101, 40000)).toBe(0);
    expect(t.streamCount).toBe(100);
  });

  it('with a bound, forgets the conversation idle longest and keeps those in use', () => {
    const t = new TcpTracker(4, false);
    let frame = 0;
    for (let p = 0; p < 4; p++) segment(t, ++frame, 40000 + p, SYN);
    // 40001 stays in use; 40000, 40002 and 40003 go idle.
    expect(segment(t, ++frame, 40001)).toBe(1);
    for (let p = 4; p < 7; p++) segment(t, ++frame, 40000 + p, SYN);
    expect(segment(t, ++frame, 40001)).toBe(1);
    // 40000 was forgotten: its next segment begins a new stream, with relative numbers from there.
    const again = segment(t, ++frame, 40000);
    expect(again).toBe(t.streamCount - 1);
    expect(again).toBeGreaterThan(6);
    expect(t.firstFrames.every((f) => f === 0)).toBe(true);
  });
});
