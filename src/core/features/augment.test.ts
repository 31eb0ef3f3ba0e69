import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../model/prng.ts';
import { tableFromCsv } from '../labels/test-tables.ts';
import { augmentWindows, jitterWindow, jitterWindows, JITTER_MIN_US, timeScaleWindow, timingSlots } from './augment.ts';
import { featureSpec } from './feature-spec.ts';
import { prepareWindows } from './prepare.ts';

const HEAD =
  'frame.time_epoch,frame.len,frame.protocols,ip.src,ip.dst,ip.len,ip.ttl,ip.proto,tcp.srcport,tcp.dstport,tcp.len,tcp.flags,tcp.window_size';
const T = 1795378378;

/** A SYN flood: 12 SYNs from rising source ports to port 80, one every `gapS` seconds (packet i later by extraS(i)). */
function flood(gapS: number, extraS: (i: number) => number = () => 0): string {
  const lines = Array.from(
    { length: 12 },
    (_, i) =>
      `"${(T + i * gapS + extraS(i)).toFixed(6)}","54","eth:ethertype:ip:tcp","10.0.0.1","10.0.0.2","40","64","6","${2000 + i}","80","0","0x0002","512"`,
  );
  return `${[HEAD, ...lines].join('\n')}\n`;
}

const spec = featureSpec();
const slots = timingSlots(spec);
const windowsOf = (
  gapS: number,
  extraS?: (i: number) => number,
): { x: Float32Array; n: number; steps: number; width: number } => {
  const p = prepareWindows(tableFromCsv(flood(gapS, extraS)), new Uint8Array(12), spec, {
    key: 'pair',
    size: 5,
    stride: 1,
  });
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

describe('jitter augmentation', () => {
  // Packet i's gap to the one before grows by delay(i) µs: the traffic a loaded host would have recorded.
  const delay = (i: number): number => 200 * ((i % 3) + 1);
  const delayedBy = (i: number): number =>
    Array.from({ length: i }, (_, j) => delay(j + 1)).reduce((a, b) => a + b, 0) / 1e6;

  it("gives the features of the same traffic with each packet's delay added to its gaps (and touches nothing else)", () => {
    const plain = windowsOf(0.001);
    const late = windowsOf(0.001, delayedBy);
    const x = plain.x.slice();
    // Window w holds packets w .. w + 4 (one group, in order).
    for (let w = 0; w < plain.n; w++)
      jitterWindow(
        x,
        w * plain.steps * plain.width,
        plain.steps,
        plain.width,
        slots,
        Array.from({ length: plain.steps }, (_, k) => (w + k === 0 ? 0 : delay(w + k))),
      );
    const timing = new Set([...slots.gaps, ...slots.rate, ...slots.span]);
    for (let at = 0; at < x.length; at++) {
      if (timing.has(at % plain.width)) expect(x[at]).toBeCloseTo(late.x[at], 4);
      else expect(x[at]).toBe(plain.x[at]);
    }
    // It did change something: the rates fell.
    expect(Array.from(x)).not.toEqual(Array.from(plain.x));
  });

  it('is deterministic for one seed, draws J in range, and is off at share 0 or 0 ms', () => {
    const { x, n, steps, width } = windowsOf(0.001);
    const run = (seed: number, opts = { maxUs: 20_000, probability: 0.5 }): { y: Float32Array; j: Float32Array } => {
      const y = x.slice();
      return { y, j: jitterWindows(y, n, steps, width, slots, opts, mulberry32(seed)) };
    };
    const a = run(3);
    expect(Array.from(run(3).y)).toEqual(Array.from(a.y));
    expect(Array.from(run(4).j)).not.toEqual(Array.from(a.j));
    for (const j of a.j) expect(j === 0 || (j >= JITTER_MIN_US - 1e-3 && j <= 20_000 + 1e-2)).toBe(true);
    expect(a.j.some((j) => j > 0) && a.j.some((j) => j === 0)).toBe(true);
    expect(Array.from(run(3, { maxUs: 0, probability: 1 }).y)).toEqual(Array.from(x));
    expect(Array.from(run(3, { maxUs: 20_000, probability: 0 }).y)).toEqual(Array.from(x));
  });
});
