import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../model/prng.ts';
import { tableFromCsv } from '../labels/test-tables.ts';
import { augmentWindows, timeScaleWindow, timingSlots } from './augment.ts';
import { featureSpec } from './feature-spec.ts';
import { prepareWindows } from './prepare.ts';

const HEAD = 'frame.time_epoch,frame.len,frame.protocols,ip.src,ip.dst,ip.len,ip.ttl,ip.proto,tcp.srcport,tcp.dstport,tcp.len,tcp.flags,tcp.window_size';
const T = 1795378378;

/** A SYN flood: 12 SYNs from rising source ports to port 80, one every `gapS` seconds. */
function flood(gapS: number): string {
  const lines = Array.from({ length: 12 }, (_, i) => `"${(T + i * gapS).toFixed(6)}","54","eth:ethertype:ip:tcp","10.0.0.1","10.0.0.2","40","64","6","${2000 + i}","80","0","0x0002","512"`);
  return [HEAD, ...lines].join('\n') + '\n';
}

const spec = featureSpec();
const slots = timingSlots(spec);
const windowsOf = (gapS: number): { x: Float32Array; n: number; steps: number; width: number } => {
  const p = prepareWindows(tableFromCsv(flood(gapS)), new Uint8Array(12), spec, { key: 'pair', size: 5, stride: 1 });
  const picked = Int32Array.from({ length: p.windows.count }, (_, i) => i);
  const x = p.builder.fill(picked, new Float32Array(picked.length * 5 * p.builder.width));
  return { x, n: picked.length, steps: 5, width: p.builder.width };
};

describe('time-scale augmentation', () => {
  it('finds the timing features of the spec', () => {
    const names = [...spec.packet, ...spec.perWindow];
    expect(slots.gaps.map((i) => names[i])).toEqual(['log_dt_group', 'log_dt_stream']);
    expect(slots.rate.map((i) => names[i])).toEqual(['log_packet_rate', 'log_empty_rate']);
    expect(slots.span.map((i) => names[i])).toEqual(['log_window_span']);
  });

  it('makes a fast flood look like the same flood run slower (and touches nothing else)', () => {
    const fast = windowsOf(0.0001); // 10,000 packets/s
    const slow = windowsOf(0.0005); // 2,000 packets/s
    const x = fast.x.slice();
    for (let w = 0; w < fast.n; w++) timeScaleWindow(x, w * fast.steps * fast.width, fast.steps, fast.width, slots, 5);
    const timing = new Set([...slots.gaps, ...slots.rate, ...slots.span]);
    // Windows after the first few (whose first packets have no previous one) are comparable one to one.
    for (let w = 2; w < fast.n; w++) {
      for (let k = 0; k < fast.steps; k++) {
        for (let f = 0; f < fast.width; f++) {
          const at = (w * fast.steps + k) * fast.width + f;
          if (timing.has(f)) expect(x[at]).toBeCloseTo(slow.x[at], 3);
          else expect(x[at]).toBe(fast.x[at]);
        }
      }
    }
  });

  it('is deterministic for one seed, differs for another, and is off at share 0 or scale 1', () => {
    const { x, n, steps, width } = windowsOf(0.001);
    const run = (seed: number, opts = { timeScale: 5, probability: 0.5 }): { y: Float32Array; f: Float32Array } => {
      const y = x.slice();
      return { y, f: augmentWindows(y, n, steps, width, slots, opts, mulberry32(seed)) };
    };
    const a = run(3);
    expect(Array.from(run(3).y)).toEqual(Array.from(a.y));
    expect(Array.from(run(4).f)).not.toEqual(Array.from(a.f));
    for (const s of a.f) expect(s >= 0.2 - 1e-6 && s <= 5 + 1e-6).toBe(true);
    expect(Array.from(run(3, { timeScale: 1, probability: 1 }).y)).toEqual(Array.from(x));
    expect(Array.from(run(3, { timeScale: 5, probability: 0 }).y)).toEqual(Array.from(x));
    // Every window scaled at share 1, none left at 1.
    expect(Array.from(run(3, { timeScale: 5, probability: 1 }).f).every((s) => s !== 1)).toBe(true);
  });
});
