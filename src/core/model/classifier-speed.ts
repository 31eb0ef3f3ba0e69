/**
 * How fast a classifier judges windows, as the sensor's classifier thread runs it: windows per second of
 * its own time on windows cut the sensor's way (WindowInputs). `timedClassifier` counts a real run (the
 * sensor over a capture); `classifierSpeed` times a bundle's fast paths on seeded windows of the right shape,
 * for the Model panel, where no capture is replayed after training.
 */
import { stepWidth } from '../features/feature-spec.ts';
import { classifyWindows, type WindowClassifier } from '../sensor/classifier.ts';
import type { WindowInputs } from '../sensor/window-inputs.ts';
import type { ReadBundle } from './bundle-views.ts';
import { mulberry32 } from './prng.ts';

export interface ClassifierClock {
  windows: number;
  ms: number;
}

/** `c` with every batch's windows and time added to `clock` (the time until its probabilities are there). */
export function timedClassifier(c: WindowClassifier, clock: ClassifierClock, now: () => number): WindowClassifier {
  const timed = async (n: number, run: () => Promise<Float32Array> | Float32Array): Promise<Float32Array> => {
    const t0 = now();
    const out = await run();
    clock.ms += now() - t0;
    clock.windows += n;
    return out;
  };
  return {
    classes: c.classes,
    ...(c.kernel ? { kernel: c.kernel } : {}),
    predict: (x, n) => timed(n, () => c.predict(x, n)),
    classify: (w) => timed(w.n, () => classifyWindows(c, w)),
  };
}

/** Windows per second of the clock's time (0 before any window). */
export function windowsPerSecond(clock: ClassifierClock): number {
  return clock.ms > 0 ? (clock.windows * 1000) / clock.ms : 0;
}

/**
 * Windows per second through every view's classifier (`classifierOf`, its fast path), each judging the same
 * number of windows as one batch per round: a packet's windows in every view, so the figure is per packet
 * when all views see it. Seeded inputs in the normalised range; after one warm-up round, `rounds` timed.
 */
export async function classifierSpeed(
  bundle: ReadBundle,
  classifierOf: (v: ReadBundle['views'][number]) => WindowClassifier,
  now: () => number,
  windows = 4096,
  rounds = 3,
): Promise<number> {
  const views = bundle.views.map((v) => ({ c: classifierOf(v), w: seededWindows(v, windows) }));
  let ms = 0;
  for (let r = 0; r <= rounds; r++) {
    const t0 = now();
    for (const v of views) await classifyWindows(v.c, v.w);
    if (r > 0) ms += now() - t0;
  }
  return ms > 0 ? (windows * rounds * 1000) / ms : 0;
}

/** n windows of the view's shape cut at stride 1 from n + steps - 1 rows, as a group's windows are. */
function seededWindows(v: ReadBundle['views'][number], n: number): WindowInputs {
  const { window: win, featureSpec } = v.manifest;
  const steps = win.size;
  const tailWidth = featureSpec.perWindow.length;
  const rowWidth = stepWidth(featureSpec) - tailWidth;
  const rng = mulberry32(n * 31 + steps);
  const rowCount = n + steps - 1;
  const rows = Float32Array.from({ length: rowCount * rowWidth }, () => rng() * 4 - 2);
  const rowIndex = Int32Array.from({ length: n * steps }, (_, i) => Math.floor(i / steps) + (i % steps));
  const tails = Float32Array.from({ length: n * tailWidth }, () => rng() * 4 - 2);
  return { n, steps, rowWidth, tailWidth, rows, rowCount, rowIndex, tails };
}
